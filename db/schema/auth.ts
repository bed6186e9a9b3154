import { integer, primaryKey, sqliteTable, text, index } from "drizzle-orm/sqlite-core";
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

/** Failed sign-ins and password-reset requests, kept for rate limiting; key says what was counted (see app/auth/rate-limit.server.ts). */
export const failedSignIns = sqliteTable(
  "failed_sign_ins",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    key: text("key").notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("failed_sign_ins_key_at_idx").on(t.key, t.at)],
);

/**
 * Browsers a person has signed in from before. The browser keeps a random token in a cookie; only
 * its SHA-256 is stored, once per person who signed in with it. A locked account still lets in the
 * right password from one of these (OWASP's device cookies), so no one can lock a nurse out of the
 * ward PC she always uses by guessing at her email from elsewhere.
 */
export const signInDevices = sqliteTable(
  "sign_in_devices",
  {
    tokenHash: text("token_hash").notNull(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    lastSignInAt: integer("last_sign_in_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.tokenHash, t.userId] }), index("sign_in_devices_user_idx").on(t.userId)],
);
