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
