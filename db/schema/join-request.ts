import { MEMBERSHIP_ROLES, STAFF_GROUPS } from "../enums";
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisations, units } from "./organisation";
import { users } from "./user";

/**
 * An organisation asking someone who already has an account to join it. Until the person accepts,
 * the organisation sees only what it typed here (never the account's name or any of its training);
 * accepting turns it into a membership with these details, declining deletes it.
 */
export const joinRequests = sqliteTable(
  "join_requests",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    /** What the organisation typed, as it typed it. */
    email: text("email").notNull(),
    givenName: text("given_name").notNull(),
    familyName: text("family_name").notNull(),
    unitId: integer("unit_id").references(() => units.id),
    staffGroup: text("staff_group", { enum: STAFF_GROUPS }).notNull(),
    jobRole: text("job_role").notNull().default(""),
    employeeNumber: text("employee_number"),
    role: text("role", { enum: MEMBERSHIP_ROLES }).notNull().default("learner"),
    startDate: text("start_date").notNull(),
    endDate: text("end_date"),
    requestedByUserId: text("requested_by_user_id").references(() => users.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("join_requests_org_user_unique").on(t.organisationId, t.userId)],
);

export type JoinRequest = typeof joinRequests.$inferSelect;
