import { blob, index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organisations } from "./organisation";
import { users } from "./user";

/**
 * A staff list a manager uploaded, read and checked once when it arrived: the checked rows (to
 * apply) and the plan the manager is shown (in staff_import_plan_rows, a page at a time). Bound to
 * the manager and organisation, kept for a day, a few per organisation at most. Applying re-plans
 * the checked rows against the records as they are then.
 */
export const staffImportUploads = sqliteTable(
  "staff_import_uploads",
  {
    /** Random and unguessable: it appears in the preview page's address. */
    id: text("id").primaryKey(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    uploadedByUserId: text("uploaded_by_user_id")
      .notNull()
      .references(() => users.id),
    fileName: text("file_name").notNull(),
    /** The checked rows (parse.server's ParsedStaffList) as gzipped JSON. */
    parsed: blob("parsed", { mode: "buffer" }).notNull(),
    /** The plan's counts, new departments and digest, as shown at the top of the preview. */
    summary: text("summary", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    /** The manager ticked "this is the full list": people missing from it are marked as leavers. */
    fullList: integer("full_list", { mode: "boolean" }).notNull(),
    sendInvitations: integer("send_invitations", { mode: "boolean" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    /** Set once applied: then only the rows left out are kept, for their download. */
    appliedAt: integer("applied_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    index("staff_import_uploads_expires_idx").on(t.expiresAt),
    index("staff_import_uploads_org_idx").on(t.organisationId, t.createdAt),
  ],
);

export type StaffImportUpload = typeof staffImportUploads.$inferSelect;

/** One line of an upload's plan, in the order the preview lists it: who is added, changed, marked as a leaver, left out. */
export const staffImportPlanRows = sqliteTable(
  "staff_import_plan_rows",
  {
    uploadId: text("upload_id")
      .notNull()
      .references(() => staffImportUploads.id, { onDelete: "cascade" }),
    section: text("section", { enum: ["add", "update", "leave", "leftOut", "notes"] }).notNull(),
    position: integer("position").notNull(),
    data: text("data", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
  },
  (t) => [primaryKey({ columns: [t.uploadId, t.section, t.position] })],
);

/**
 * A completion record (prior learning) a manager uploaded, checked and planned when it arrived: the
 * plan shown in the preview, applied in one transaction when confirmed. Kept for a day.
 */
export const completionImports = sqliteTable(
  "completion_imports",
  {
    /** Random and unguessable: it appears in the preview page's address. */
    id: text("id").primaryKey(),
    /** The organisation it was uploaded for; null when a system admin imported for every organisation. */
    organisationId: integer("organisation_id").references(() => organisations.id),
    uploadedByUserId: text("uploaded_by_user_id")
      .notNull()
      .references(() => users.id),
    fileName: text("file_name").notNull(),
    /** The system the records come from, as shown beside each imported completion ("ESR"). */
    source: text("source").notNull(),
    /** The plan (app/prior-learning/plan.server.ts CompletionPlan) as JSON. */
    plan: text("plan", { mode: "json" }).$type<Record<string, unknown>>().notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    appliedAt: integer("applied_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("completion_imports_expires_idx").on(t.expiresAt)],
);
