import { index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organisations } from "./organisation";
import { users } from "./user";

export const OUTBOX_STATUSES = ["queued", "sending", "sent", "failed"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Every email the app sends is written here first, in the same transaction as whatever caused it,
 * then delivered. A sender claims a row (status "sending" with a lease) before handing it to SMTP,
 * so two senders never deliver the same row; a row whose sender died mid-way is picked up again
 * when its lease runs out, with the same Message-ID so receiving servers can drop a duplicate.
 */
export const emailOutbox = sqliteTable(
  "email_outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    toAddress: text("to_address").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    language: text("language").notNull(),
    /** Stable across retries: "<random@domain>". */
    messageId: text("message_id").notNull(),
    status: text("status", { enum: OUTBOX_STATUSES }).notNull().default("queued"),
    attempts: integer("attempts").notNull().default(0),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    /** Not before this time (backoff after a failure). */
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    /** While "sending": the claim lapses at this time, and another sender may take the row. */
    claimedUntil: integer("claimed_until", { mode: "timestamp_ms" }),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    lastError: text("last_error"),
  },
  (t) => [
    uniqueIndex("email_outbox_message_id_unique").on(t.messageId),
    index("email_outbox_due_idx").on(t.status, t.nextAttemptAt),
  ],
);

export const REMINDER_KINDS = ["module", "manager-summary"] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];

/**
 * Which reminders went out, so a person hears about a module at most once a week, and a manager
 * gets at most one summary a week per organisation. Written with the outbox row that carries it.
 */
export const reminderLog = sqliteTable(
  "reminder_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    kind: text("kind", { enum: REMINDER_KINDS }).notNull(),
    /** The module's slug for a module reminder; null for a manager summary. */
    moduleSlug: text("module_slug"),
    /** The organisation a manager summary was about; null for a module reminder. */
    organisationId: integer("organisation_id").references(() => organisations.id),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }).notNull(),
    outboxId: integer("outbox_id")
      .notNull()
      .references(() => emailOutbox.id),
  },
  (t) => [index("reminder_log_user_idx").on(t.userId, t.kind, t.sentAt)],
);

export type OutboxEmail = typeof emailOutbox.$inferSelect;
