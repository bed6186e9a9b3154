import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { count, eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb, migrateDb } from "@db/client";
import { DEMO_ACCOUNTS } from "@db/demo-data";
import { memberships, organisations, users } from "@db/schema";
import { assertSafeSeedPath, seedDemo } from "@db/seed";
import { db } from "~/db.server";

const rowCount = (table: typeof organisations | typeof users) => db().select({ n: count() }).from(table).get()!.n;

describe("database", () => {
  it("opens in WAL mode with foreign keys and a busy timeout, migrated", () => {
    const client = db().$client;
    expect(client.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(client.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(client.pragma("busy_timeout", { simple: true })).toBe(5000);
    const tables = client.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
    expect(tables).toEqual(
      expect.arrayContaining(["organisations", "units", "users", "memberships", "sessions", "audit_events"]),
    );
  });

  it("refuses to insert a membership for an organisation that does not exist", () => {
    expect(() =>
      db()
        .insert(memberships)
        .values({ userId: "nobody", organisationId: 999_999, staffGroup: "admin-clerical", startDate: "2026-01-01" })
        .run(),
    ).toThrow(/FOREIGN KEY/);
  });

  it("seeds the demo once, and a second run changes nothing", async () => {
    expect(await seedDemo(db())).toEqual({ seeded: true });
    const orgCount = rowCount(organisations);
    const userCount = rowCount(users);
    expect(await seedDemo(db())).toEqual({ seeded: false });
    expect(rowCount(organisations)).toBe(orgCount);
    expect(rowCount(users)).toBe(userCount);

    const kinds = db()
      .select({ kind: organisations.kind })
      .from(organisations)
      .all()
      .map((o) => o.kind);
    expect(kinds).toEqual(expect.arrayContaining(["acute-trust", "gp-practice", "care-provider"]));
    for (const account of DEMO_ACCOUNTS) {
      const user = db().select().from(users).where(eq(users.email, account.email)).get();
      expect(user?.passwordHash, account.email).toMatch(/^\$argon2id\$/);
    }
  });

  it("refuses to seed a file outside the project or the temp folder unless forced", () => {
    expect(() => assertSafeSeedPath("/var/lib/cyber-basics/live.db", process.cwd())).toThrow(/Refusing to seed/);
    expect(() => assertSafeSeedPath("/var/lib/cyber-basics/live.db", process.cwd(), true)).not.toThrow();
    expect(() => assertSafeSeedPath(path.join(os.tmpdir(), "x.db"), process.cwd())).not.toThrow();
    expect(() => assertSafeSeedPath("./data/cyber-basics.db", process.cwd())).not.toThrow();
  });

  it("applies migrations to a fresh file idempotently", () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cb-migrate-")), "m.db");
    const fresh = createDb(file);
    migrateDb(fresh);
    migrateDb(fresh);
    expect(fresh.select().from(organisations).all()).toEqual([]);
    fresh.$client.close();
  });
});
