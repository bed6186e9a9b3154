import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, memberships, organisations, staffImportUploads, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
import { action as applyAction, loader as previewLoader } from "~/routes/manage.$org.import.$id";
import { addDays, todayIso } from "~/utils/dates";
import { signIn } from "../support/auth";
import { stageUpload } from "../support/import";
import { callRoute } from "../support/routes";

let manager: string;
let managerId: string;
let riversideId: number;
beforeAll(async () => {
  await seedDemo(db());
  manager = await signIn("manager@riverside.example");
  managerId = db().select().from(users).where(eq(users.email, "manager@riverside.example")).get()!.id;
  riversideId = db().select().from(organisations).where(eq(organisations.code, "XA1")).get()!.id;
});

const preview = (id: string) => callRoute(previewLoader, { params: { org: "XA1", id }, cookie: manager });
const apply = (id: string, digest: string) =>
  callRoute(applyAction, { params: { org: "XA1", id }, cookie: manager, form: { digest } });
const stage = (content: string, fullList = false) =>
  stageUpload(db().select().from(organisations).where(eq(organisations.id, riversideId)).get()!, managerId, content, {
    fullList,
  });

function activeRiverside() {
  const today = todayIso();
  return db()
    .select({ email: users.email, endDate: memberships.endDate, role: memberships.role })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, riversideId))
    .all()
    .filter((m) => m.endDate === null || m.endDate >= today);
}

function snapshot() {
  const client = db().$client;
  return JSON.stringify(
    ["users", "memberships", "units", "audit_events", "email_outbox"].map((table) =>
      client.prepare(`SELECT * FROM ${table} ORDER BY 1`).all(),
    ),
  );
}

describe("the full-list leaver rule", () => {
  it("marks current members missing from a full list as leavers, but not managers or people on rows with problems", async () => {
    expect(activeRiverside()).toHaveLength(28);
    const id = await stage(fs.readFileSync("tests/fixtures/import/full-list.csv", "utf8"), true);
    const shown = await preview(id);
    // 24 demo staff, less Mohammed Ali (named on a row with a bad email), are missing; Grace Okafor manages
    // and Kemi Adeyemi manages Ward 7: a manager of any kind is never made a leaver by an import.
    expect(shown.data.preview.counts).toMatchObject({
      rows: 3,
      added: 0,
      updated: 0,
      unchanged: 2,
      leavers: 23,
      invalid: 1,
    });
    const leaving = (
      await callRoute(previewLoader, {
        params: { org: "XA1", id },
        cookie: manager,
        path: `/manage/XA1/import/${id}?show=leave`,
      })
    ).data.preview.rows;
    expect(leaving).toHaveLength(23);
    expect(leaving.every((a: { absent: boolean; row: number | null }) => a.absent && a.row === null)).toBe(true);
    expect(leaving.map((a: { email: string }) => a.email)).not.toContain("manager@riverside.example");

    const applied = await apply(id, shown.data.preview.digest);
    expect(applied.data.done.leavers).toBe(23);
    expect(
      activeRiverside()
        .map((m) => m.email)
        .sort(),
    ).toEqual([
      "bank.nurse@riverside.example",
      "manager@riverside.example",
      "mohammed.ali@xa1.example",
      "nurse@riverside.example",
      "ward7.manager@riverside.example",
    ]);
    // Leavers keep their rows, ended yesterday, so they stop counting today.
    const olivia = db()
      .select({ endDate: memberships.endDate })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(users.email, "olivia.smith@xa1.example"))
      .get()!;
    expect(olivia.endDate).toBe(addDays(todayIso(), -1));
    // Tomasz still works at Oak Lodge: only his Riverside membership was in question, and it stays.
    expect(
      db()
        .select()
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(and(eq(users.email, "bank.nurse@riverside.example"), isNull(memberships.endDate)))
        .all(),
    ).toHaveLength(2);

    // Without "full list", the same file marks no one.
    const again = await stage(fs.readFileSync("tests/fixtures/import/full-list.csv", "utf8"), false);
    expect((await preview(again)).data.preview.counts.leavers).toBe(0);
  });
});

describe("applying is all or nothing", () => {
  it("leaves nothing applied when the database fails part-way through, and applies cleanly once it is fixed", async () => {
    const content = [
      "First Name,Last Name,Email,Staff Group,Start Date,Department",
      "Aled,First,aled.first@riverside.example,Students,2024-01-01,Brand New Unit",
      "Bethan,Middle,fails.here@riverside.example,Students,2024-01-01,Brand New Unit",
      "Ceri,Last,ceri.last@riverside.example,Students,2024-01-01,Brand New Unit",
      "Amira,Hussain,nurse@riverside.example,Nursing and Midwifery Registered,2019-04-01,Emergency Department",
    ].join("\n");
    const id = await stage(content);
    const shown = await preview(id);
    expect(shown.data.preview.counts).toMatchObject({ added: 3, updated: 1 });

    // A real database error on the second new person, after the first person and the new unit are written.
    db().$client.exec(
      "CREATE TRIGGER test_fail_midway BEFORE INSERT ON users WHEN NEW.email = 'fails.here@riverside.example' BEGIN SELECT RAISE(ABORT, 'disk on fire'); END",
    );
    const before = snapshot();
    const importsBefore = db().select().from(auditEvents).where(eq(auditEvents.action, "staff-imported")).all().length;
    await expect(apply(id, shown.data.preview.digest)).rejects.toThrow("disk on fire");
    expect(snapshot()).toBe(before);
    expect(db().select().from(users).where(eq(users.email, "aled.first@riverside.example")).get()).toBeUndefined();
    expect(db().select().from(auditEvents).where(eq(auditEvents.action, "staff-imported")).all()).toHaveLength(
      importsBefore,
    );
    // The upload is still there to try again.
    expect(db().select().from(staffImportUploads).where(eq(staffImportUploads.id, id)).get()).toBeDefined();

    db().$client.exec("DROP TRIGGER test_fail_midway");
    const retried = await apply(id, shown.data.preview.digest);
    expect(retried.data.done).toMatchObject({ added: 3, updated: 1 });
    expect(db().select().from(users).where(eq(users.email, "fails.here@riverside.example")).get()).toBeDefined();
  });
});

describe("scripts/import-staff.ts", () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "scripts/import-staff.ts", ...args], {
      encoding: "utf8",
      env: { ...process.env },
      timeout: 30_000,
    });

  it("imports a file for an organisation given by code, with a summary", () => {
    const file = path.join(path.dirname(process.env.DATABASE_PATH!), "bryn.csv");
    fs.writeFileSync(
      file,
      [
        "Employee Number,First Name,Last Name,Email,Organisation Code,Staff Group,Start Date",
        "B-101,Elin,Ffransis,elin.ffransis@bryn.example,X99001,Administrative and Clerical,2025-04-07",
        "B-102,Wrong,Place,wrong.place@bryn.example,XA1,Administrative and Clerical,2025-04-07",
      ].join("\n"),
    );
    const result = run("--org", "x99001", "--no-invitations", file);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toContain("Imported. Bryn Medical Practice (X99001), bryn.csv");
    expect(result.stdout).toMatch(/added\s+1\n/);
    expect(result.stdout).toMatch(/rows left out\s+1\n/);
    expect(result.stdout).toContain(
      "row 3 Wrong Place: Organisation Code: Organisation code XA1 is not one you manage (X99001), so this row is left out",
    );
    const bryn = db().select().from(organisations).where(eq(organisations.code, "X99001")).get()!;
    const elin = db()
      .select()
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(eq(users.email, "elin.ffransis@bryn.example"))
      .get()!;
    expect(elin.memberships).toMatchObject({
      organisationId: bryn.id,
      employeeNumber: "B-101",
      staffGroup: "admin-clerical",
    });
    expect(
      db()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "staff-imported"), eq(auditEvents.organisationId, bryn.id)))
        .all(),
    ).toHaveLength(1);
  });

  it("changes nothing on a dry run, and explains bad arguments", () => {
    const before = snapshot();
    const dry = run("--org", "XA1", "--dry-run", "tests/fixtures/import/staff-list.csv");
    expect(dry.status, dry.stderr).toBe(0);
    expect(dry.stdout).toContain("Dry run: nothing was changed.");
    expect(snapshot()).toBe(before);
    expect(run("--help").stdout).toContain("Usage: tsx scripts/import-staff.ts");
    expect(run("--org", "NOPE", "tests/fixtures/import/staff-list.csv").status).toBe(1);
    expect(run("tests/fixtures/import/staff-list.csv").status).toBe(2);
  });
});
