import Database from "better-sqlite3";
import { sql } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { db, writeTransaction } from "~/db.server";
import { env } from "~/env.server";

/**
 * writeTransaction waits for another connection's write lock (another server worker's) without
 * stopping this process: requests keep being served meanwhile, and the work runs once it has the lock.
 */

let other: Database.Database;
const rows = () => db().$client.prepare("SELECT n FROM write_test ORDER BY n").pluck().all();
const busyTimeout = () => db().$client.pragma("busy_timeout", { simple: true });

beforeAll(() => {
  db().$client.exec("CREATE TABLE write_test (n INTEGER NOT NULL)");
  other = new Database(env().DATABASE_PATH);
});

afterEach(() => {
  if (other.inTransaction) other.exec("ROLLBACK");
  db().$client.exec("DELETE FROM write_test");
});

describe("writeTransaction", () => {
  it("keeps the process serving while another connection holds the write lock, then writes once", async () => {
    other.exec("BEGIN IMMEDIATE");
    let runs = 0;
    const writing = writeTransaction((tx) => {
      runs++;
      tx.run(sql`INSERT INTO write_test (n) VALUES (1)`);
      return "written";
    });
    // Timers still fire: the wait is not inside SQLite's busy handler, which would hold this process.
    const ticks = await new Promise<number>((resolve) => {
      let count = 0;
      const timer = setInterval(() => {
        if (++count === 5) {
          clearInterval(timer);
          resolve(count);
        }
      }, 5);
    });
    expect(ticks).toBe(5);
    expect(runs).toBe(0);
    expect(rows()).toEqual([]);

    other.exec("INSERT INTO write_test (n) VALUES (0); COMMIT");
    await expect(writing).resolves.toBe("written");
    expect(runs).toBe(1);
    expect(rows()).toEqual([0, 1]);
    expect(busyTimeout()).toBe(5000);
  });

  it("writes this process's waiting transactions in the order they were asked for", async () => {
    other.exec("BEGIN IMMEDIATE");
    const order: number[] = [];
    const writes = [1, 2, 3, 4, 5].map((n) =>
      writeTransaction((tx) => {
        order.push(n);
        tx.run(sql`INSERT INTO write_test (n) VALUES (${n})`);
      }),
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    other.exec("COMMIT");
    await Promise.all(writes);
    expect(order).toEqual([1, 2, 3, 4, 5]);
    expect(rows()).toEqual([1, 2, 3, 4, 5]);
  });

  it("gives up with SQLITE_BUSY when the lock is not released in time, having written nothing", async () => {
    other.exec("BEGIN IMMEDIATE");
    let runs = 0;
    const started = Date.now();
    await expect(
      writeTransaction(
        (tx) => {
          runs++;
          tx.run(sql`INSERT INTO write_test (n) VALUES (1)`);
        },
        { waitMs: 100 },
      ),
    ).rejects.toMatchObject({ code: "SQLITE_BUSY" });
    expect(Date.now() - started).toBeGreaterThanOrEqual(100);
    expect(runs).toBe(0);
    other.exec("COMMIT");
    expect(rows()).toEqual([]);
    expect(busyTimeout()).toBe(5000);
  });

  it("rolls back and rethrows an error from the work, without trying again", async () => {
    let runs = 0;
    await expect(
      writeTransaction((tx) => {
        runs++;
        tx.run(sql`INSERT INTO write_test (n) VALUES (1)`);
        throw new Error("refused");
      }),
    ).rejects.toThrow("refused");
    expect(runs).toBe(1);
    expect(rows()).toEqual([]);
    expect(busyTimeout()).toBe(5000);
  });
});
