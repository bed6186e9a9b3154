import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Derived compliance tables. Everything here can be rebuilt from memberships, requirements,
 * completions and the content catalogue (app/compliance/rebuild.server.ts); it exists so that the
 * figures stay fast at national scale. Days are whole days since 1970-01-01 in UK time.
 */

/** The module versions the derived rows were built with, and a small number for each module slug. */
export const complianceModules = sqliteTable("compliance_modules", {
  /** 1, 2, ...; 0 is "all required training" and has no row here. */
  id: integer("id").primaryKey(),
  slug: text("slug").notNull().unique(),
  majorVersion: integer("major_version").notNull(),
  /** The current major version's date (day number): older-major completions stop counting then. */
  versionDay: integer("version_day").notNull(),
});

/**
 * One row per membership x required module (module_id 0: all the person's required modules together).
 * Status on day T: never=1: new starter while valid_day > T, then not started. Otherwise: compliant while
 * soon_day > T, due soon while valid_day > T, not started while overdue_day > T, then overdue.
 * `counted` is whether the membership was active on compliance_state.as_of_day (leavers are kept for
 * 400 days and future starters from the day they are added, both uncounted, for trends and reports).
 * The migration makes this a WITHOUT ROWID table clustered in the dashboard's GROUP BY order.
 */
export const complianceRows = sqliteTable(
  "compliance_rows",
  {
    organisationId: integer("organisation_id").notNull(),
    moduleId: integer("module_id").notNull(),
    /** 0 when the membership has no unit. */
    unitId: integer("unit_id").notNull(),
    staffGroup: text("staff_group").notNull(),
    userId: text("user_id").notNull(),
    counted: integer("counted").notNull(),
    never: integer("never").notNull(),
    soonDay: integer("soon_day"),
    validDay: integer("valid_day").notNull(),
    overdueDay: integer("overdue_day"),
    /** The latest completion that counts, for display. */
    lastDay: integer("last_day"),
    startDay: integer("start_day").notNull(),
    endDay: integer("end_day"),
    renewalDays: integer("renewal_days").notNull(),
    graceDays: integer("grace_days").notNull(),
    /**
     * Comma-separated completion days, oldest first; negative for an older major version. On the
     * all-modules row (module 0): every module row's "module:renewal:grace:history", joined by "|",
     * so a trend reads one row per person.
     */
    history: text("history").notNull().default(""),
  },
  (t) => [
    primaryKey({ columns: [t.organisationId, t.moduleId, t.unitId, t.staffGroup, t.userId] }),
    index("compliance_rows_user_idx").on(t.userId),
    index("compliance_rows_starting_idx")
      .on(t.startDay)
      .where(sql`counted = 0`),
    index("compliance_rows_ending_idx")
      .on(t.endDay)
      .where(sql`end_day IS NOT NULL`),
  ],
);

/**
 * Counters of compliance_rows (counted ones only), by the day each status changes, kept up to date in
 * the same transaction as every change. kind c: a simple row (due soon 30 days before valid_day, overdue
 * from it); n: a never-completed row's grace end; s/v/d: soon/valid/overdue days of any other row.
 */
export const complianceCounts = sqliteTable(
  "compliance_counts",
  {
    organisationId: integer("organisation_id").notNull(),
    moduleId: integer("module_id").notNull(),
    kind: text("kind").notNull(),
    day: integer("day").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.moduleId, t.kind, t.day] })],
);

/** How many counted rows of each kind (c, x, n) an organisation has per module. */
export const complianceTotals = sqliteTable(
  "compliance_totals",
  {
    organisationId: integer("organisation_id").notNull(),
    moduleId: integer("module_id").notNull(),
    kind: text("kind").notNull(),
    n: integer("n").notNull(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.moduleId, t.kind] })],
);

/**
 * One row (id 1): the day `counted` and the version rules were last brought up to date, and the
 * version of the status rules (RULES_VERSION in app/learning/status.ts) the rows were built with.
 */
export const complianceState = sqliteTable("compliance_state", {
  id: integer("id").primaryKey(),
  asOfDay: integer("as_of_day").notNull(),
  rulesVersion: integer("rules_version").notNull().default(0),
});

/** People whose memberships changed (filled by triggers): refreshed before the next figures are read. */
export const complianceDirtyUsers = sqliteTable("compliance_dirty_users", {
  userId: text("user_id").primaryKey(),
});

/** Organisations whose requirements changed (0: the national defaults), filled by triggers. */
export const complianceDirtyOrganisations = sqliteTable("compliance_dirty_organisations", {
  organisationId: integer("organisation_id").primaryKey(),
});

/** The columns of both outcome count tables after where they count (organisation, unit). */
const outcomeCountColumns = () => ({
  staffGroup: text("staff_group").notNull(),
  moduleSlug: text("module_slug").notNull(),
  /** "" for the per-module row that counts people (first attempts). */
  outcomeId: text("outcome_id").notNull(),
  /** YYYY-MM (UTC) the attempt was submitted, so a report can take the twelve months to its date. */
  month: text("month").notNull(),
  answers: integer("answers").notNull(),
  correct: integer("correct").notNull(),
  /** People whose first attempt had a question on this outcome: a figure from fewer than 5 is not shown. */
  people: integer("people").notNull().default(0),
});

/**
 * First-attempt quiz answers per organisation, staff group, module and learning outcome, counted by
 * triggers as attempts are graded. Never per person: the outcome insight reads only this.
 */
export const outcomeCounts = sqliteTable(
  "compliance_outcome_counts",
  { organisationId: integer("organisation_id").notNull(), ...outcomeCountColumns() },
  (t) => [primaryKey({ columns: [t.organisationId, t.moduleSlug, t.outcomeId, t.staffGroup, t.month] })],
);

/**
 * The same counts per unit, for a unit manager's insight: only memberships with a unit, at the unit
 * the person is in when the attempt is graded. Here `people` is filled on the "" rows too (first attempts).
 */
export const outcomeUnitCounts = sqliteTable(
  "compliance_outcome_unit_counts",
  {
    organisationId: integer("organisation_id").notNull(),
    unitId: integer("unit_id").notNull(),
    ...outcomeCountColumns(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.unitId, t.moduleSlug, t.outcomeId, t.staffGroup, t.month] })],
);
