import { and, eq, isNull, or, sql } from "drizzle-orm";
import { requirements, type Requirement } from "@db/schema";
import type { StaffGroup } from "@db/enums";
import { db, preparedQuery } from "~/db.server";

export interface MembershipForRequirements {
  organisationId: number;
  staffGroup: StaffGroup;
  startDate: string;
}

export interface EffectiveRequirement {
  moduleSlug: string;
  renewalDays: number;
  graceDays: number;
  /** The earliest start date among the memberships that require it. */
  startDate: string;
}

/** Requirement rows that could apply to these organisations: theirs and the national defaults. */
export function requirementRowsFor(organisationIds: number[]): Requirement[] {
  return requirementRowsQuery().all({ organisationIds: JSON.stringify(organisationIds) });
}
// The ids as one JSON array parameter, so one prepared statement serves any number of organisations.
const requirementRowsQuery = preparedQuery((database) =>
  database
    .select()
    .from(requirements)
    .where(
      or(
        isNull(requirements.organisationId),
        sql`${requirements.organisationId} IN (SELECT value FROM json_each(${sql.placeholder("organisationIds")}))`,
      ),
    )
    .prepare(),
);

/** The most specific row for one module: organisation + staff group, organisation, national + staff group, national. */
export function pickRequirement(
  rows: Requirement[],
  moduleSlug: string,
  organisationId: number,
  staffGroup: StaffGroup,
): Requirement | undefined {
  const forModule = rows.filter((r) => r.moduleSlug === moduleSlug);
  return (
    forModule.find((r) => r.organisationId === organisationId && r.staffGroup === staffGroup) ??
    forModule.find((r) => r.organisationId === organisationId && r.staffGroup === null) ??
    forModule.find((r) => r.organisationId === null && r.staffGroup === staffGroup) ??
    forModule.find((r) => r.organisationId === null && r.staffGroup === null)
  );
}

/**
 * What one person must complete across all their active memberships. A module required by several
 * memberships takes the shortest renewal period and the earliest start date: one completion counts for all.
 */
export function effectiveRequirements(
  memberships: MembershipForRequirements[],
  moduleSlugs: string[],
  rows = requirementRowsFor(memberships.map((m) => m.organisationId)),
): EffectiveRequirement[] {
  const result: EffectiveRequirement[] = [];
  for (const moduleSlug of moduleSlugs) {
    let merged: EffectiveRequirement | undefined;
    for (const m of memberships) {
      const row = pickRequirement(rows, moduleSlug, m.organisationId, m.staffGroup);
      if (!row?.required) continue;
      merged = merged
        ? {
            moduleSlug,
            renewalDays: Math.min(merged.renewalDays, row.renewalDays),
            graceDays: m.startDate < merged.startDate ? row.graceDays : merged.graceDays,
            startDate: m.startDate < merged.startDate ? m.startDate : merged.startDate,
          }
        : { moduleSlug, renewalDays: row.renewalDays, graceDays: row.graceDays, startDate: m.startDate };
    }
    if (merged) result.push(merged);
  }
  return result;
}

/** Rows an organisation has set itself (not the national defaults). */
export function organisationRequirementRows(organisationId: number): Requirement[] {
  return db()
    .select()
    .from(requirements)
    .where(and(eq(requirements.organisationId, organisationId)))
    .all();
}
