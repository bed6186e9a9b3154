import { z } from "zod";
import { ORGANISATION_KINDS, STAFF_GROUPS } from "@db/enums";
import { addDays, todayIso } from "~/utils/dates";
import { SORT_KEYS } from "./figures.server";
import { FIGURE_FILTERS } from "./status";

/**
 * The query strings of the compliance pages and exports. A value that does not parse is dropped (the
 * page shows everything) rather than refused: these are filters in links people bookmark and share.
 */

const optional = <T extends z.ZodType>(schema: T) =>
  z
    .union([z.literal("").transform(() => undefined), schema])
    .optional()
    .catch(undefined);

export const FiltersSchema = z.object({
  /** A module slug, or "all" for all required training. */
  module: z
    .string()
    .trim()
    .max(100)
    .regex(/^[a-z0-9-]+$/)
    .optional()
    .catch(undefined),
  unit: optional(z.coerce.number().int().positive()),
  group: optional(z.enum(STAFF_GROUPS)),
});

export const StaffListQuerySchema = FiltersSchema.extend({
  status: optional(z.enum(FIGURE_FILTERS)),
  sort: z.enum(SORT_KEYS).catch("name").default("name"),
  dir: z.enum(["asc", "desc"]).catch("asc").default("asc"),
  page: z.coerce.number().int().positive().max(100_000).catch(1).default(1),
});

export const EXPORT_FORMATS = ["csv", "xlsx", "json"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const EXPORT_KINDS = ["summary", "staff"] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];

export const ExportQuerySchema = FiltersSchema.extend({
  format: z.enum(EXPORT_FORMATS).catch("csv").default("csv"),
});

export const ANALYST_SORTS = ["name", "code", "percent", "people", "overdue"] as const;
export type AnalystSort = (typeof ANALYST_SORTS)[number];

export const AnalystQuerySchema = z.object({
  module: z
    .string()
    .trim()
    .max(100)
    .regex(/^[a-z0-9-]+$/)
    .optional()
    .catch(undefined),
  kind: optional(z.enum(ORGANISATION_KINDS)),
  region: optional(z.coerce.number().int().positive()),
  view: z.enum(["organisations", "parents"]).catch("organisations").default("organisations"),
  sort: z.enum(ANALYST_SORTS).catch("name").default("name"),
  dir: z.enum(["asc", "desc"]).catch("asc").default("asc"),
  format: z.enum(EXPORT_FORMATS).catch("csv").default("csv"),
});

/** How far back a DSPT evidence pack may go: the rows keep leavers for 400 days, trends need a year before the date. */
export const EVIDENCE_MAX_DAYS_BACK = 365;

export function evidenceDateSchema(today = todayIso()) {
  return z
    .string({ error: "compliance.evidence.errors.date" })
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "compliance.evidence.errors.date")
    .refine(
      (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
      "compliance.evidence.errors.date",
    )
    .refine((v) => v <= today, "compliance.evidence.errors.future")
    .refine((v) => v >= addDays(today, -EVIDENCE_MAX_DAYS_BACK), "compliance.evidence.errors.tooOld");
}

/** Reads a URL's query into a plain object for the schemas above. */
export function queryOf(request: Request): Record<string, string> {
  return Object.fromEntries(new URL(request.url).searchParams);
}
