import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import Database from "better-sqlite3";
import { drizzle, type BetterSQLite3Database } from "drizzle-orm/better-sqlite3";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import * as schema from "./schema";

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database };

/** How long a connection waits for another's write lock before giving up with SQLITE_BUSY. */
export const BUSY_TIMEOUT_MS = 5000;

const here = path.dirname(fileURLToPath(import.meta.url));
/** Found from this file in source (db/) and from the server bundle (build/). */
export const MIGRATIONS_DIR = [path.join(here, "migrations"), path.resolve(here, "../db/migrations")].find((dir) =>
  fs.existsSync(path.join(dir, "meta", "_journal.json")),
);

/**
 * Opens (creating if needed) the SQLite file with WAL, foreign keys and a busy timeout.
 *
 * Server workers, scripts and tests may write to the one file at once, so every transaction takes
 * the write lock when it begins (BEGIN IMMEDIATE, waiting up to the busy timeout): a deferred
 * transaction that reads and then writes fails at once with SQLITE_BUSY when another connection
 * wrote in between, and no wait would help it.
 */
export function createDb(file: string): Db {
  if (file !== ":memory:") fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const sqlite = new Database(file);
  sqlite.pragma("journal_mode = WAL");
  sqlite.pragma("synchronous = NORMAL");
  sqlite.pragma("foreign_keys = ON");
  sqlite.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
  const db = drizzle({ client: sqlite, schema }) as Db;
  const transaction = db.transaction.bind(db);
  db.transaction = ((run, config) => transaction(run, { behavior: "immediate", ...config })) as typeof db.transaction;
  return db;
}

/** Applies every committed migration that has not run yet. */
export function migrateDb(db: Db): void {
  if (!MIGRATIONS_DIR) throw new Error("The db/migrations folder was not found.");
  migrate(db, { migrationsFolder: MIGRATIONS_DIR });
}
