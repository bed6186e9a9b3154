import { DEFAULT_GRACE_DAYS, DEFAULT_RENEWAL_DAYS } from "~/learning/status";
import { and, eq, isNull } from "drizzle-orm";
import { z } from "zod";
import { STAFF_GROUPS, requirements, type Organisation, type Requirement, type StaffGroup } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import type { FieldErrors } from "~/auth/forms.server";
import { listModules } from "~/content/catalogue.server";
import type { ContentLanguage } from "~/content/types";
import { db } from "~/db.server";
import { requirementRowsFor } from "~/learning/requirements.server";
import { refreshOrganisationCompliance } from "~/compliance/store.server";

// The training requirements editor lives beside the reminders: both decide who is asked to do what.

export const RENEWAL_DAYS = { min: 30, max: 1095 } as const;
export const GRACE_DAYS = { min: 0, max: 365 } as const;

const days = (range: { min: number; max: number }, message: string) =>
  z
    .string({ error: message })
    .trim()
    .regex(/^\d{1,5}$/, message)
    .transform(Number)
    .refine((n) => n >= range.min && n <= range.max, message);

const BaseSchema = z.object({
  moduleSlug: z
    .string({ error: "requirementsEditor.errors.moduleRequired" })
    .min(1, "requirementsEditor.errors.moduleRequired"),
  staffGroup: z.union([z.literal(""), z.enum(STAFF_GROUPS)], { error: "requirementsEditor.errors.staffGroupInvalid" }),
  required: z.enum(["yes", "no"], { error: "requirementsEditor.errors.requiredChoose" }),
});
const PeriodSchema = z.object({
  renewalDays: days(RENEWAL_DAYS, "requirementsEditor.errors.renewalInvalid"),
  graceDays: days(GRACE_DAYS, "requirementsEditor.errors.graceInvalid"),
});

export interface RequirementInput {
  moduleSlug: string;
  staffGroup: StaffGroup | null;
  required: boolean;
  renewalDays: number;
  graceDays: number;
}

export const REQUIREMENT_FIELDS = ["moduleSlug", "staffGroup", "required", "renewalDays", "graceDays"] as const;

function firstErrors(error: z.ZodError, into: FieldErrors): void {
  for (const issue of error.issues) into[String(issue.path[0] ?? "form")] ??= issue.message;
}

/**
 * Checks the requirement form. A waived module (required: no) keeps the period it had, or the
 * defaults, so the period fields only matter when the module is required.
 */
export function parseRequirementForm(
  values: Record<string, string | undefined>,
  moduleSlugs: string[],
): { ok: true; input: RequirementInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const base = BaseSchema.safeParse(values);
  if (!base.success) firstErrors(base.error, errors);
  else if (!moduleSlugs.includes(base.data.moduleSlug)) errors.moduleSlug = "requirementsEditor.errors.moduleRequired";
  const waived = base.success && base.data.required === "no";
  const period = PeriodSchema.safeParse(
    waived
      ? {
          renewalDays: values.renewalDays || String(DEFAULT_RENEWAL_DAYS),
          graceDays: values.graceDays || String(DEFAULT_GRACE_DAYS),
        }
      : values,
  );
  if (!period.success) firstErrors(period.error, errors);
  if (!base.success || !period.success || Object.keys(errors).length) return { ok: false, errors };
  return {
    ok: true,
    input: {
      moduleSlug: base.data.moduleSlug,
      staffGroup: base.data.staffGroup === "" ? null : base.data.staffGroup,
      required: base.data.required === "yes",
      ...period.data,
    },
  };
}

const describe = (r: Pick<Requirement, "required" | "renewalDays" | "graceDays">) => ({
  required: r.required,
  renewalDays: r.renewalDays,
  graceDays: r.graceDays,
});

/** Sets the organisation's own rule for a module (and staff group, or all of them), replacing any it had. */
export function saveRequirement(actorUserId: string, organisation: Organisation, input: RequirementInput): void {
  db().transaction((tx) => {
    const where = and(
      eq(requirements.organisationId, organisation.id),
      eq(requirements.moduleSlug, input.moduleSlug),
      input.staffGroup === null ? isNull(requirements.staffGroup) : eq(requirements.staffGroup, input.staffGroup),
    );
    const existing = tx.select().from(requirements).where(where).get();
    const values = { required: input.required, renewalDays: input.renewalDays, graceDays: input.graceDays };
    if (existing) tx.update(requirements).set(values).where(eq(requirements.id, existing.id)).run();
    else
      tx.insert(requirements)
        .values({
          organisationId: organisation.id,
          staffGroup: input.staffGroup,
          moduleSlug: input.moduleSlug,
          ...values,
        })
        .run();
    refreshOrganisationCompliance(tx, organisation.id);
    recordAudit(
      {
        action: "requirements-changed",
        actorUserId,
        organisationId: organisation.id,
        details: {
          moduleSlug: input.moduleSlug,
          staffGroup: input.staffGroup,
          before: existing ? describe(existing) : null,
          after: values,
        },
      },
      tx,
    );
  });
}

/** Removes one of the organisation's own rules, so the national default applies again. False when it is not theirs. */
export function removeRequirement(actorUserId: string, organisation: Organisation, id: number): boolean {
  return db().transaction((tx) => {
    const existing = tx
      .select()
      .from(requirements)
      .where(and(eq(requirements.id, id), eq(requirements.organisationId, organisation.id)))
      .get();
    if (!existing) return false;
    tx.delete(requirements).where(eq(requirements.id, id)).run();
    refreshOrganisationCompliance(tx, organisation.id);
    recordAudit(
      {
        action: "requirements-changed",
        actorUserId,
        organisationId: organisation.id,
        details: {
          moduleSlug: existing.moduleSlug,
          staffGroup: existing.staffGroup,
          before: describe(existing),
          after: null,
        },
      },
      tx,
    );
    return true;
  });
}

export interface RequirementLine {
  id: number;
  scope: "national" | "organisation";
  staffGroup: StaffGroup | null;
  required: boolean;
  renewalDays: number;
  graceDays: number;
}

/** Every module with the national rules and the organisation's own, national first, all groups before one group. */
export function requirementsOverview(organisationId: number, language: ContentLanguage) {
  const rows = requirementRowsFor([organisationId]);
  const order = (r: Requirement) => (r.organisationId === null ? 0 : 2) + (r.staffGroup === null ? 0 : 1);
  return listModules(language).map((module) => ({
    slug: module.slug,
    title: module.title,
    lines: rows
      .filter((r) => r.moduleSlug === module.slug)
      .sort((a, b) => order(a) - order(b) || (a.staffGroup ?? "").localeCompare(b.staffGroup ?? ""))
      .map((r): RequirementLine => ({
        id: r.id,
        scope: r.organisationId === null ? "national" : "organisation",
        staffGroup: r.staffGroup,
        required: r.required,
        renewalDays: r.renewalDays,
        graceDays: r.graceDays,
      })),
  }));
}

/**
 * National default rules (no organisation), set by a system admin. Every organisation's figures
 * follow: the triggers on requirements note the change and the next compliance check applies it.
 */
export function saveNationalRequirement(actorUserId: string, input: RequirementInput): void {
  db().transaction((tx) => {
    const where = and(
      isNull(requirements.organisationId),
      eq(requirements.moduleSlug, input.moduleSlug),
      input.staffGroup === null ? isNull(requirements.staffGroup) : eq(requirements.staffGroup, input.staffGroup),
    );
    const existing = tx.select().from(requirements).where(where).get();
    const values = { required: input.required, renewalDays: input.renewalDays, graceDays: input.graceDays };
    if (existing) tx.update(requirements).set(values).where(eq(requirements.id, existing.id)).run();
    else
      tx.insert(requirements)
        .values({ organisationId: null, staffGroup: input.staffGroup, moduleSlug: input.moduleSlug, ...values })
        .run();
    recordAudit(
      {
        action: "requirements-changed",
        actorUserId,
        details: {
          scope: "national",
          moduleSlug: input.moduleSlug,
          staffGroup: input.staffGroup,
          before: existing ? describe(existing) : null,
          after: values,
        },
      },
      tx,
    );
  });
}

/** Removes one national rule. False when there is no such national rule. */
export function removeNationalRequirement(actorUserId: string, id: number): boolean {
  return db().transaction((tx) => {
    const existing = tx
      .select()
      .from(requirements)
      .where(and(eq(requirements.id, id), isNull(requirements.organisationId)))
      .get();
    if (!existing) return false;
    tx.delete(requirements).where(eq(requirements.id, id)).run();
    recordAudit(
      {
        action: "requirements-changed",
        actorUserId,
        details: {
          scope: "national",
          moduleSlug: existing.moduleSlug,
          staffGroup: existing.staffGroup,
          before: describe(existing),
          after: null,
        },
      },
      tx,
    );
    return true;
  });
}

/** Every module with its national rules only. */
export function nationalRequirementsOverview(language: ContentLanguage) {
  const rows = requirementRowsFor([]);
  return listModules(language).map((module) => ({
    slug: module.slug,
    title: module.title,
    lines: rows
      .filter((r) => r.moduleSlug === module.slug)
      .sort(
        (a, b) =>
          (a.staffGroup === null ? 0 : 1) - (b.staffGroup === null ? 0 : 1) ||
          (a.staffGroup ?? "").localeCompare(b.staffGroup ?? ""),
      )
      .map((r): RequirementLine => ({
        id: r.id,
        scope: "national",
        staffGroup: r.staffGroup,
        required: r.required,
        renewalDays: r.renewalDays,
        graceDays: r.graceDays,
      })),
  }));
}
