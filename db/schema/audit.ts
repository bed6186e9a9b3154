import { integer, sqliteTable, text, index } from "drizzle-orm/sqlite-core";
import { organisations } from "./organisation";
import { users } from "./user";

export const AUDIT_ACTIONS = [
  "sign-in",
  "sign-in-failed",
  "sign-out",
  "invitation-sent",
  "password-set",
  "password-reset-requested",
  "role-changed",
  "staff-imported",
  "export-downloaded",
  "requirements-changed",
  "reminders-sent",
  "target-changed",
  "join-requested",
  "join-accepted",
  "join-declined",
  "membership-left",
  "contacts-changed",
  "country-changed",
  "sso-settings-changed",
  "sso-sign-in-refused",
  "sso-account-created",
  "completions-imported",
  "course-mappings-changed",
  "membership-changed",
  "leaver-marked",
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorUserId: text("actor_user_id").references(() => users.id),
    action: text("action", { enum: AUDIT_ACTIONS }).notNull(),
    organisationId: integer("organisation_id").references(() => organisations.id),
    subjectUserId: text("subject_user_id").references(() => users.id),
    /** Free-form facts about the event as JSON (never passwords or tokens). */
    details: text("details", { mode: "json" }).$type<Record<string, unknown>>(),
  },
  (t) => [
    index("audit_events_at_idx").on(t.at),
    index("audit_events_org_at_idx").on(t.organisationId, t.at),
    // Whether someone has ever signed in (their account is then their own: see signedInBefore).
    index("audit_events_subject_action_idx").on(t.subjectUserId, t.action),
  ],
);

export type AuditEvent = typeof auditEvents.$inferSelect;
