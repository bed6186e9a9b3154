import { createDb, migrateDb, type Db } from "@db/client";
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
