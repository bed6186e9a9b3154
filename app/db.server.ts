import { setImmediate as nextTurn, setTimeout as sleep } from "node:timers/promises";
import type Database from "better-sqlite3";
import { drizzle } from "drizzle-orm/better-sqlite3";
import { BUSY_TIMEOUT_MS, createDb, migrateDb, type Db } from "@db/client";
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

const busyTimeout = preparedOnConnection((database) => ({
  wait: database.$client.prepare(`PRAGMA busy_timeout = ${BUSY_TIMEOUT_MS}`),
  fail: database.$client.prepare("PRAGMA busy_timeout = 0"),
}));

const isBusy = (error: unknown) => (error as { code?: unknown } | null)?.code === "SQLITE_BUSY";

async function writeWhenFree<T>(database: Db, work: (tx: Transaction) => T, giveUpAt: number): Promise<T> {
  const timeout = busyTimeout(database);
  for (let tries = 1; ; tries++) {
    let began = false;
    timeout.fail.get();
    try {
      return database.transaction((tx) => {
        began = true;
        timeout.wait.get();
        return work(tx);
      });
    } catch (error) {
      if (began || !isBusy(error) || Date.now() >= giveUpAt) throw error;
    } finally {
      if (!began) timeout.wait.get();
    }
    // A few quick tries first: the lock is usually held for well under a millisecond.
    await (tries < 8 ? nextTurn() : sleep(1));
  }
}

const queuedWrites = new WeakMap<Database.Database, Promise<unknown>>();
const ignore = () => undefined;

/**
 * A write transaction for request handlers that waits for the write lock without stopping this
 * process. db().transaction waits inside SQLite, whose busy handler sleeps for 1, 2, 5, 10 ms... with
 * the whole process stopped, though another worker holds the lock for a fraction of a millisecond;
 * here the lock is tried without waiting and, while another connection holds it, this process serves
 * other requests and tries again on its next turn. This process's writes queue and go in the order
 * they came, so only one of them at a time is trying for the lock and none is overtaken by later
 * ones. It gives up with SQLITE_BUSY once `waitMs` (the busy timeout) has passed since it was called,
 * as a blocking wait would. `work` must only use the database: a try that finds the lock taken never
 * runs it, and nothing is sent before it commits.
 */
export function writeTransaction<T>(
  work: (tx: Transaction) => T,
  { database = db(), waitMs = BUSY_TIMEOUT_MS }: { database?: Db; waitMs?: number } = {},
): Promise<T> {
  const client = clientOf(database);
  const giveUpAt = Date.now() + waitMs;
  const ahead = queuedWrites.get(client);
  const written = ahead
    ? ahead.then(() => writeWhenFree(database, work, giveUpAt))
    : writeWhenFree(database, work, giveUpAt);
  const done = written.then(ignore, ignore);
  queuedWrites.set(client, done);
  void done.then(() => {
    if (queuedWrites.get(client) === done) queuedWrites.delete(client);
  });
  return written;
}
