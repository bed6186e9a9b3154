import type Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { createDb, migrateDb, type Db } from "@db/client";
import * as schema from "@db/schema";
import { env } from "./env.server";

declare global {
  // Survives module reloads in development so we keep one connection.
  var __cyberBasicsDb: Db | undefined;
}

/** The app's one database connection, migrated on first use. */
export function db(): Db {
  if (!globalThis.__cyberBasicsDb) {
    const created = createDb(env().DATABASE_PATH);
    migrateDb(created);
    globalThis.__cyberBasicsDb = created;
  }
  return globalThis.__cyberBasicsDb;
}

type Transaction = Parameters<Parameters<Db["transaction"]>[0]>[0];
/** The app's database, a transaction on it, or any drizzle better-sqlite3 database (the seed's, the benchmark's). */
export type AnyDatabase = Db | Transaction | { $client: Database.Database };

/** The better-sqlite3 connection under a drizzle database or transaction (a transaction shares its parent's). */
export function clientOf(database: AnyDatabase): Database.Database {
  if ("$client" in database && database.$client) return database.$client;
  const session = (database as unknown as { session?: { client?: Database.Database } }).session;
  if (!session?.client) throw new Error("Not a better-sqlite3 drizzle database");
  return session.client;
}

/**
 * A query built and prepared once per connection, for the hot paths: drizzle builds a query afresh
 * on every call otherwise, which costs many times what running it does.
 */
export function preparedQuery<T>(prepare: (database: Db) => T): (database?: Db) => T {
  const prepared = new WeakMap<Db, T>();
  return (database = db()) => {
    let found = prepared.get(database);
    if (!found) {
      found = prepare(database);
      prepared.set(database, found);
    }
    return found;
  };
}

/**
 * Plain SQL, prepared once per connection, for the few reads every page makes: a drizzle prepared
 * query spends 7–10 µs a call filling in placeholders and mapping the row, several times what SQLite
 * takes for a lookup by key.
 */
export function preparedSql<Params extends unknown[] | object, Row>(
  source: string,
): (database?: Db) => Database.Statement<Params, Row> {
  return preparedQuery((database) => clientOf(database).prepare<Params, Row>(source));
}

/**
 * preparedQuery for code handed a database or a transaction that need not be db()'s (the seed's, a
 * test's): prepared once per better-sqlite3 connection, and run on whichever transaction is open on it.
 */
export function preparedOnConnection<T>(prepare: (database: Db) => T): (database: AnyDatabase) => T {
  const prepared = new WeakMap<Database.Database, T>();
  return (database) => {
    const client = clientOf(database);
    let found = prepared.get(client);
    if (!found) {
      found = prepare(drizzle({ client, schema }) as Db);
      prepared.set(client, found);
    }
    return found;
  };
}
