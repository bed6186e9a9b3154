import { integer, sqliteTable, text, uniqueIndex, index } from "drizzle-orm/sqlite-core";
import { organisations, units } from "./organisation";
import { users } from "./user";

/** The NHS staff groups used by ESR and NHS workforce statistics, plus social care. */
export const STAFF_GROUPS = [
  "add-prof-scientific-technical",
  "additional-clinical-services",
  "admin-clerical",
  "allied-health-professionals",
  "estates-ancillary",
  "healthcare-scientists",
  "medical-dental",
  "nursing-midwifery",
  "students",
  "social-care",
] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number];

export const MEMBERSHIP_ROLES = ["learner", "manager"] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

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
