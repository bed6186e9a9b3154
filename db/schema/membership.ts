import { MEMBERSHIP_ROLES, STAFF_GROUPS } from "../enums";
import { integer, primaryKey, sqliteTable, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";
import { organisations, units } from "./organisation";
import { users } from "./user";

export const memberships = sqliteTable(
  "memberships",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    unitId: integer("unit_id").references(() => units.id),
    staffGroup: text("staff_group", { enum: STAFF_GROUPS }).notNull(),
    jobRole: text("job_role").notNull().default(""),
    employeeNumber: text("employee_number"),
    role: text("role", { enum: MEMBERSHIP_ROLES }).notNull().default("learner"),
    /**
     * The name as this organisation's HR spells it (Invite, the staff import, the request to join the
     * person accepted): what its managers see. Null when it never gave one (the account's name is shown).
     * Never the account's own name, which only the person (or a system admin) changes.
     */
    hrGivenName: text("hr_given_name"),
    hrFamilyName: text("hr_family_name"),
    /** ISO dates, YYYY-MM-DD. */
    startDate: text("start_date").notNull(),
    endDate: text("end_date"),
  },
  (t) => [
    uniqueIndex("memberships_user_org_unique").on(t.userId, t.organisationId),
    uniqueIndex("memberships_org_employee_unique").on(t.organisationId, t.employeeNumber),
    index("memberships_org_idx").on(t.organisationId, t.unitId, t.staffGroup),
  ],
);

export type Membership = typeof memberships.$inferSelect;

/** The units a unit manager manages: only these units' people, figures, exports and reminders. */
export const membershipUnits = sqliteTable(
  "membership_units",
  {
    membershipId: integer("membership_id")
      .notNull()
      .references(() => memberships.id, { onDelete: "cascade" }),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.membershipId, t.unitId] })],
);
