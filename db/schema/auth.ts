import { integer, sqliteTable, text, index } from "drizzle-orm/sqlite-core";
import { users } from "./user";

/** Lucia v3 sessions. expires_at is in seconds, as the drizzle adapter expects. */
export const sessions = sqliteTable("sessions", {
  id: text("id").primaryKey(),
  userId: text("user_id")
    .notNull()
    .references(() => users.id),
  expiresAt: integer("expires_at").notNull(),
});

export const TOKEN_PURPOSES = ["invitation", "password-reset"] as const;
export type TokenPurpose = (typeof TOKEN_PURPOSES)[number];

/** One-time links. Only the SHA-256 of the token is stored. */
export const oneTimeTokens = sqliteTable(
  "one_time_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    purpose: text("purpose", { enum: TOKEN_PURPOSES }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("one_time_tokens_user_idx").on(t.userId)],
);

/** Failed sign-ins, kept for rate limiting. key is "email:<address>" or "ip:<address>". */
export const failedSignIns = sqliteTable(
  "failed_sign_ins",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("failed_sign_ins_key_at_idx").on(t.key, t.at)],
);
