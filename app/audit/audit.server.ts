import { and, count, desc, eq, gte, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import { AUDIT_ACTIONS, auditEvents, organisations, users, type AuditAction } from "@db/schema";
import { db } from "~/db.server";
import { addDays, ukDate } from "~/utils/dates";

export interface AuditEntry {
  action: AuditAction;
  actorUserId?: string | null;
  organisationId?: number | null;
  subjectUserId?: string | null;
  details?: Record<string, unknown>;
}

/** Records who did what to whom, and when. Call it inside the same transaction as the change where there is one. */
export function recordAudit(entry: AuditEntry, database: Pick<ReturnType<typeof db>, "insert"> = db()): void {
  database
    .insert(auditEvents)
    .values({
      at: new Date(),
      action: entry.action,
      actorUserId: entry.actorUserId ?? null,
      organisationId: entry.organisationId ?? null,
      subjectUserId: entry.subjectUserId ?? null,
      details: entry.details ?? null,
    })
    .run();
}

const actor = alias(users, "actor");
const subject = alias(users, "subject");

/** A day typed as 2026-12-31 (what a date field sends) or 31/12/2026, as YYYY-MM-DD; it must be a real date. */
const DaySchema = z
  .string()
  .trim()
  .transform((value, ctx) => {
    const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(value);
    const uk = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(value);
    const parts = iso ? [iso[1], iso[2], iso[3]] : uk ? [uk[3], uk[2], uk[1]] : null;
    const text = parts ? `${parts[0]}-${parts[1].padStart(2, "0")}-${parts[2].padStart(2, "0")}` : "";
    const date = new Date(`${text}T00:00:00Z`);
    if (!parts || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) {
      ctx.addIssue({ code: "custom", message: "admin.audit.errors.date" });
      return z.NEVER;
    }
    return text;
  });

const SearchTextSchema = z.string().trim().max(254, "admin.audit.errors.tooLong");

/** The audit trail's filters, each field on its own: a bad one is reported and left out, the rest still apply. */
export const AuditFilterFields = {
  who: SearchTextSchema,
  what: z.enum(AUDIT_ACTIONS, { error: "admin.audit.errors.action" }),
  organisation: SearchTextSchema,
  from: DaySchema,
  to: DaySchema,
} as const;
export type AuditFilterField = keyof typeof AuditFilterFields;
export const AUDIT_FILTER_FIELDS = Object.keys(AuditFilterFields) as AuditFilterField[];

export const AuditFilterSchema = z.object({
  who: AuditFilterFields.who.optional(),
  what: AuditFilterFields.what.optional(),
  organisation: AuditFilterFields.organisation.optional(),
  from: AuditFilterFields.from.optional(),
  to: AuditFilterFields.to.optional(),
});
export type AuditFilters = z.infer<typeof AuditFilterSchema>;

/**
 * The filters of an audit-trail address: what was typed (to show again), the filters that apply, and an
 * i18n message key for each field that could not be used. Empty fields are no filter.
 */
export function auditFiltersOf(url: URL): {
  values: Record<AuditFilterField, string>;
  filters: AuditFilters;
  errors: Partial<Record<AuditFilterField, string>>;
} {
  const values = Object.fromEntries(
    AUDIT_FILTER_FIELDS.map((f) => [f, (url.searchParams.get(f) ?? "").slice(0, 1000)]),
  ) as Record<AuditFilterField, string>;
  const filters: Record<string, string> = {};
  const errors: Partial<Record<AuditFilterField, string>> = {};
  for (const field of AUDIT_FILTER_FIELDS) {
    if (values[field].trim() === "") continue;
    const parsed = AuditFilterFields[field].safeParse(values[field]);
    if (parsed.success) {
      if (parsed.data !== "") filters[field] = parsed.data;
    } else errors[field] = parsed.error.issues[0]?.message ?? "admin.audit.errors.date";
  }
  if (filters.from && filters.to && filters.from > filters.to) {
    errors.to = "admin.audit.errors.order";
    delete filters.to;
  }
  return { values, filters: AuditFilterSchema.parse(filters), errors };
}

/** Midnight in the UK at the start of a day: London is UTC or an hour ahead, so 00:00 or 23:00 the day before in UTC. */
export function ukMidnight(isoDay: string): Date {
  const utc = Date.parse(`${isoDay}T00:00:00Z`);
  const summer = new Date(utc - 3_600_000);
  return ukDate(summer) === isoDay ? summer : new Date(utc);
}

/** `text` as a LIKE pattern that matches it anywhere, with its own % and _ taken literally. */
function containing(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

function auditWhere(filters: AuditFilters): SQL | undefined {
  const conditions: SQL[] = [];
  if (filters.who) conditions.push(sql`${actor.email} LIKE ${containing(filters.who)} ESCAPE '\\'`);
  if (filters.what) conditions.push(eq(auditEvents.action, filters.what));
  if (filters.organisation) {
    const pattern = containing(filters.organisation);
    conditions.push(
      or(
        sql`${organisations.name} LIKE ${pattern} ESCAPE '\\'`,
        sql`${organisations.code} LIKE ${pattern} ESCAPE '\\'`,
      )!,
    );
  }
  if (filters.from) conditions.push(gte(auditEvents.at, ukMidnight(filters.from)));
  if (filters.to) conditions.push(lt(auditEvents.at, ukMidnight(addDays(filters.to, 1))));
  return conditions.length ? and(...conditions) : undefined;
}

/** Newest first, a page at a time, with the filters (who by email, what, organisation by name or code, UK days from and to). */
export function listAuditEvents(page: number, filters: AuditFilters = {}, pageSize = 50) {
  const where = auditWhere(filters);
  const rows = db()
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      details: auditEvents.details,
      actorEmail: actor.email,
      subjectEmail: subject.email,
      organisationName: organisations.name,
    })
    .from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorUserId))
    .leftJoin(subject, eq(subject.id, auditEvents.subjectUserId))
    .leftJoin(organisations, eq(organisations.id, auditEvents.organisationId))
    .where(where)
    .orderBy(desc(auditEvents.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const total = db()
    .select({ n: count() })
    .from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorUserId))
    .leftJoin(organisations, eq(organisations.id, auditEvents.organisationId))
    .where(where)
    .get()!.n;
  return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}
