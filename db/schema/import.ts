import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { organisations } from "./organisation";
import { users } from "./user";

/**
 * A staff list a manager uploaded and has seen the preview of, kept so the confirm button (a plain
 * form, no JavaScript) can apply exactly the same file. Bound to the manager and organisation,
 * valid for an hour, deleted once applied. Applying re-validates the content from scratch.
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
    /** The file's text, decoded as UTF-8 (any byte order mark removed). */
    content: text("content").notNull(),
    /** The manager ticked "this is the full list": people missing from it are marked as leavers. */
    fullList: integer("full_list", { mode: "boolean" }).notNull(),
    sendInvitations: integer("send_invitations", { mode: "boolean" }).notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("staff_import_uploads_expires_idx").on(t.expiresAt)],
);

export type StaffImportUpload = typeof staffImportUploads.$inferSelect;
