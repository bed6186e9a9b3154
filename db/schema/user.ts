import { sql } from "drizzle-orm";
import { LANGUAGES, PLATFORM_ROLES } from "../enums";
import { integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

export const users = sqliteTable(
  "users",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    givenName: text("given_name").notNull(),
    familyName: text("family_name").notNull(),
    passwordHash: text("password_hash"),
    language: text("language", { enum: LANGUAGES }).notNull().default("en-GB"),
    platformRole: text("platform_role", { enum: PLATFORM_ROLES }).notNull().default("none"),
    createdAt: integer("created_at", { mode: "timestamp_ms" })
      .notNull()
      .default(sql`(unixepoch('subsec') * 1000)`),
  },
  (t) => [uniqueIndex("users_email_unique").on(t.email)],
);

export type User = typeof users.$inferSelect;
