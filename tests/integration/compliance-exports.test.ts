import { spawnSync } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditEvents, memberships, organisations, units, users } from "@db/schema";
import { hashPassword } from "~/auth/password.server";
import { exportCompliance, exportToBuffer } from "~/compliance/exports.server";
import { moduleInfo, organisationCells, sumBy } from "~/compliance/figures.server";
import { ALL_MODULES } from "~/compliance/person-rows.server";
import { db } from "~/db.server";
import { recordCompletion } from "~/learning/completions.server";
import { recordPriorLearning } from "~/prior-learning/record.server";
import { loader as exportLoader } from "~/routes/manage.$org.export.$kind";
import { addDays, todayIso } from "~/utils/dates";
import { signIn } from "../support/auth";
import { csvTable } from "../support/csv";
import { callRoute } from "../support/routes";
import { buildFixtureContent, fixtureContentFolder } from "./compliance-fixture-content";

const content = fixtureContentFolder();
process.env.CONTENT_BUILD_DIR = content.outDir;
const T = todayIso();
const PASSWORD = "Export-test-password-2026";

// Names a spreadsheet or a naive CSV writer gets wrong: commas, quotes, line breaks, and formulas.
const TRICKY = [
  { given: "Ann\nMarie", family: 'O\'Brien, "Jr"', unit: 'Ward 7, "East"', completed: 20 },
  { given: "+44 7700", family: '=HYPERLINK("http://evil.example")', unit: 'Ward 7, "East"', completed: 400 },
  { given: "Zoë", family: "Llywelyn-Ŵyn", unit: null, completed: null },
];

let orgId: number;
let managerId: string;
let cookie: string;
let moduleTitle: string;

beforeAll(async () => {
  await buildFixtureContent(content, [
    { slug: "spotting-phishing", version: "1.0.0", versionDate: addDays(T, -900), order: 1 },
  ]);
  moduleTitle = moduleInfo("en-GB")[0].title;
  const database = db();
  orgId = database
    .insert(organisations)
    .values({ code: "EX1", name: "Export Test Trust", kind: "acute-trust" })
    .returning()
    .get().id;
  const unitId = database.insert(units).values({ organisationId: orgId, name: 'Ward 7, "East"' }).returning().get().id;
  managerId = database
    .insert(users)
    .values({
      id: crypto.randomUUID(),
      email: "manager@export.example",
      givenName: "Mo",
      familyName: "Manager",
      passwordHash: await hashPassword(PASSWORD),
    })
    .returning()
    .get().id;
  database
    .insert(memberships)
    .values({
      userId: managerId,
      organisationId: orgId,
      staffGroup: "admin-clerical",
      role: "manager",
      startDate: "2020-01-01",
      employeeNumber: "M-1",
    })
    .run();
  TRICKY.forEach((p, i) => {
    const id = database
      .insert(users)
      .values({ id: crypto.randomUUID(), email: `tricky${i}@export.example`, givenName: p.given, familyName: p.family })
      .returning()
      .get().id;
    database
      .insert(memberships)
      .values({
        userId: id,
        organisationId: orgId,
        unitId: p.unit ? unitId : null,
        staffGroup: "nursing-midwifery",
        startDate: "2021-01-01",
        employeeNumber: `E-${i}`,
      })
      .run();
    if (p.completed !== null)
      database.transaction((tx) =>
        recordCompletion(tx, {
          userId: id,
          moduleSlug: "spotting-phishing",
          moduleVersion: "1.0.0",
          completedAt: new Date(`${addDays(T, -p.completed!)}T12:00:00Z`),
          scorePercent: 100,
          attemptId: null,
        }),
      );
  });
  cookie = await signIn("manager@export.example", PASSWORD);
});
afterAll(() => content.cleanUp());

describe("staff-level exports", () => {
  it("downloads a CSV that a spreadsheet reads back exactly, with who exported it and when", async () => {
    const result = await callRoute(exportLoader, {
      params: { org: "EX1", kind: "staff" },
      path: "/manage/EX1/export/staff?format=csv",
      cookie,
    });
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Type")).toBe("text/csv; charset=utf-8");
    expect(result.headers.get("Content-Disposition")).toBe(`attachment; filename="EX1-staff-training-${T}.csv"`);
    // Response.text() drops the byte order mark, as a browser does; the bytes carry it for Excel.
    const text = result.data as string;
    const bytes = await exportToBuffer(
      await exportCompliance({
        organisation: { id: orgId, code: "EX1", name: "Export Test Trust", complianceTarget: 95 },
        kind: "staff",
        format: "csv",
        language: "en-GB",
        by: { description: "test", userId: null, via: "command line" },
        databasePath: process.env.DATABASE_PATH!,
      }),
    );
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const top = parse(text, { relax_column_count: true, to_line: 6 }) as string[][];
    expect(top[0]).toEqual(["Cyber Basics: staff training status"]);
    expect(top[2]).toEqual(["Filters", "None: the whole organisation"]);
    expect(top[4]).toEqual(["Exported by", "Mo Manager (manager@export.example)"]);
    expect(top[5][1]).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);

    const [header, ...rows] = csvTable(text);
    expect(header).toEqual([
      "Last name",
      "First name",
      "Email",
      "Employee number",
      "Department or ward",
      "Staff group",
      "Module",
      "Status",
      "Last completed",
      "Valid until or due by (inclusive)",
      "Done elsewhere: recorded in",
    ]);
    expect(rows).toEqual([
      [
        '\'=HYPERLINK("http://evil.example")',
        "'+44 7700",
        "tricky1@export.example",
        "E-1",
        'Ward 7, "East"',
        "Nursing and midwifery registered",
        moduleTitle,
        "Overdue",
        addDays(T, -400),
        addDays(T, -36),
        "",
      ],
      [
        "Llywelyn-Ŵyn",
        "Zoë",
        "tricky2@export.example",
        "E-2",
        "",
        "Nursing and midwifery registered",
        moduleTitle,
        "Not started",
        "",
        "2021-01-30",
        "",
      ],
      [
        "Manager",
        "Mo",
        "manager@export.example",
        "M-1",
        "",
        "Administrative and clerical",
        moduleTitle,
        "Not started",
        "",
        "2020-01-30",
        "",
      ],
      [
        'O\'Brien, "Jr"',
        "Ann\nMarie",
        "tricky0@export.example",
        "E-0",
        'Ward 7, "East"',
        "Nursing and midwifery registered",
        moduleTitle,
        "In date",
        addDays(T, -20),
        addDays(T, 344),
        "",
      ],
    ]);
  });

  it("records every export in the audit trail", async () => {
    const before = db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "export-downloaded"), eq(auditEvents.organisationId, orgId)))
      .all().length;
    await callRoute(exportLoader, {
      params: { org: "EX1", kind: "summary" },
      path: "/manage/EX1/export/summary?format=json",
      cookie,
    });
    const events = db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "export-downloaded"), eq(auditEvents.organisationId, orgId)))
      .all();
    expect(events.length).toBe(before + 1);
    expect(events.at(-1)).toMatchObject({
      actorUserId: managerId,
      details: { export: "summary", format: "json", via: "web" },
    });
  });

  it("writes an Excel workbook with the same columns and values", async () => {
    const result = await callRoute(exportLoader, {
      params: { org: "EX1", kind: "staff" },
      path: "/manage/EX1/export/staff?format=xlsx",
      cookie,
    });
    expect(result.headers.get("Content-Type")).toBe(
      "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    );
    const workbook = new ExcelJS.Workbook();
    const file = await exportToBuffer(
      await exportCompliance({
        organisation: { id: orgId, code: "EX1", name: "Export Test Trust", complianceTarget: 95 },
        kind: "staff",
        format: "xlsx",
        language: "en-GB",
        by: { description: "test", userId: null, via: "command line" },
        databasePath: process.env.DATABASE_PATH!,
      }),
    );
    await workbook.xlsx.load(file as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(["Cyber Basics: staff training status"]);
    expect(values(5)).toEqual(["Exported by", "test"]);
    expect(values(8)).toEqual([
      "Last name",
      "First name",
      "Email",
      "Employee number",
      "Department or ward",
      "Staff group",
      "Module",
      "Status",
      "Last completed",
      "Valid until or due by (inclusive)",
      "Done elsewhere: recorded in",
    ]);
    expect(values(12)).toEqual([
      'O\'Brien, "Jr"',
      "Ann\nMarie",
      "tricky0@export.example",
      "E-0",
      'Ward 7, "East"',
      "Nursing and midwifery registered",
      moduleTitle,
      "In date",
      new Date(`${addDays(T, -20)}T00:00:00Z`),
      new Date(`${addDays(T, 344)}T00:00:00Z`),
    ]);
    expect(sheet.rowCount).toBe(12);
    // Dates are Excel dates shown day first, so a spreadsheet sorts and filters them as dates, not text.
    for (const column of [9, 10]) expect(sheet.getRow(12).getCell(column).numFmt).toBe("dd/mm/yyyy");
    expect(sheet.getRow(12).getCell(9).type).toBe(ExcelJS.ValueType.Date);
    // Not started: no completion date, an empty cell rather than an empty string.
    expect(sheet.getRow(10).getCell(9).value).toBeNull();
    expect(sheet.getRow(10).getCell(10).value).toEqual(new Date("2021-01-30T00:00:00Z"));
    expect(values(4)).toEqual(["Figures for", new Date(`${T}T00:00:00Z`)]);
    expect(sheet.getRow(4).getCell(2).numFmt).toBe("dd/mm/yyyy");
    expect(sheet.getRow(6).getCell(2).value).toBeInstanceOf(Date);
    expect(sheet.getRow(6).getCell(2).numFmt).toBe('dd/mm/yyyy hh:mm:ss "UTC"');
    // Wide enough that Excel shows the dates, not ####.
    for (const column of [2, 9, 10]) expect(sheet.getColumn(column).width).toBeGreaterThanOrEqual(12);
  });

  it("gives machines JSON with codes and ISO dates", async () => {
    const result = await callRoute(exportLoader, {
      params: { org: "EX1", kind: "staff" },
      path: "/manage/EX1/export/staff?format=json",
      cookie,
    });
    const json = result.data as { exportedBy: string; rows: Record<string, unknown>[] };
    expect(json.exportedBy).toBe("Mo Manager (manager@export.example)");
    expect(json.rows[3]).toEqual({
      familyName: 'O\'Brien, "Jr"',
      givenName: "Ann\nMarie",
      email: "tricky0@export.example",
      employeeNumber: "E-0",
      unit: 'Ward 7, "East"',
      staffGroup: "nursing-midwifery",
      module: "spotting-phishing",
      status: "compliant",
      lastCompleted: addDays(T, -20),
      expiresOrDue: addDays(T, 344),
      recordedIn: null,
    });
  });

  it("streams a large staff list in chunks, on its own connection", async () => {
    const database = db();
    const many = database
      .insert(organisations)
      .values({ code: "EX2", name: "Big Test Trust", kind: "acute-trust" })
      .returning()
      .get();
    database.transaction((tx) => {
      for (let i = 0; i < 2500; i++) {
        const id = tx
          .insert(users)
          .values({
            id: crypto.randomUUID(),
            email: `big${i}@export.example`,
            givenName: `Person ${i}`,
            familyName: `Family, ${String(i).padStart(4, "0")}`,
          })
          .returning()
          .get().id;
        tx.insert(memberships)
          .values({ userId: id, organisationId: many.id, staffGroup: "admin-clerical", startDate: "2022-01-01" })
          .run();
      }
    });
    const result = await exportCompliance({
      organisation: many,
      kind: "staff",
      format: "csv",
      language: "en-GB",
      by: { description: "test", userId: null, via: "command line" },
      databasePath: process.env.DATABASE_PATH!,
    });
    const chunks: string[] = [];
    for await (const chunk of result.body) chunks.push(chunk as string);
    expect(chunks.length).toBeGreaterThan(3);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(70 * 1024);
    const rows = csvTable(chunks.join("")).slice(1);
    expect(rows.length).toBe(2500);
    expect(rows[0][0]).toBe("Family, 0000");
    expect(rows[2499][0]).toBe("Family, 2499");
    // A reader that stops early (a cancelled download) closes the generator and its connection.
    const again = await exportCompliance({
      organisation: many,
      kind: "staff",
      format: "csv",
      language: "en-GB",
      by: { description: "test", userId: null, via: "command line" },
      databasePath: process.env.DATABASE_PATH!,
    });
    const iterator = again.body[Symbol.asyncIterator]();
    await iterator.next();
    await iterator.next();
    await iterator.return?.(undefined);
    expect((await iterator.next()).done).toBe(true);
  });
});

describe("organisation summary", () => {
  it("has the same figures as the dashboard, in CSV and Excel", async () => {
    const result = await callRoute(exportLoader, {
      params: { org: "EX1", kind: "summary" },
      path: "/manage/EX1/export/summary?format=csv",
      cookie,
    });
    const [header, ...rows] = csvTable(result.data as string);
    expect(header).toEqual([
      "Breakdown",
      "Name",
      "Module",
      "People it applies to",
      "New starter in grace period",
      "People counted",
      "In date",
      "Percent in date",
      "Target percent",
      "Meets target",
      "Overdue",
      "Due within 30 days",
      "Not started",
    ]);
    const live = sumBy(organisationCells(orgId), (c) => c.moduleId).get(ALL_MODULES)!;
    expect(rows[0]).toEqual([
      "Organisation",
      "Export Test Trust",
      "All required training",
      String(live.people),
      "0",
      "4",
      "1",
      "25",
      "95",
      "No",
      "1",
      "0",
      "2",
    ]);
    expect(rows).toContainEqual([
      "Department or ward",
      'Ward 7, "East"',
      moduleTitle,
      "2",
      "0",
      "2",
      "1",
      "50",
      "95",
      "No",
      "1",
      "0",
      "0",
    ]);

    const xlsx = await exportToBuffer(
      await exportCompliance({
        organisation: { id: orgId, code: "EX1", name: "Export Test Trust", complianceTarget: 95 },
        kind: "summary",
        format: "xlsx",
        language: "cy",
        by: { description: "test", userId: null, via: "command line" },
        databasePath: process.env.DATABASE_PATH!,
      }),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const sheet = workbook.worksheets[0];
    expect((sheet.getRow(8).values as unknown[]).slice(1, 4)).toEqual(["Dadansoddiad", "Enw", "Modiwl"]);
    expect((sheet.getRow(9).values as unknown[]).slice(1)).toEqual([
      "Sefydliad",
      "Export Test Trust",
      "Yr holl hyfforddiant gofynnol",
      4,
      0,
      4,
      1,
      25,
      95,
      "Nac ydy",
      1,
      0,
      2,
    ]);
  });
});

describe("scripts/export-compliance.ts", () => {
  it("writes the same file from the command line and records it", () => {
    const out = path.join(path.dirname(process.env.DATABASE_PATH!), "cli.csv");
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", "scripts/export-compliance.ts", "--org", "EX1", "--kind", "staff", "--out", out],
      { encoding: "utf8", env: process.env },
    );
    expect(run.stderr).toContain("Wrote");
    expect(run.status).toBe(0);
    const [header, ...rows] = csvTable(fs.readFileSync(out, "utf8"));
    expect(header[0]).toBe("Last name");
    expect(rows.map((r) => r[0])).toEqual([
      '\'=HYPERLINK("http://evil.example")',
      "Llywelyn-Ŵyn",
      "Manager",
      'O\'Brien, "Jr"',
    ]);
    const last = db().select().from(auditEvents).where(eq(auditEvents.action, "export-downloaded")).all().at(-1)!;
    expect(last).toMatchObject({
      actorUserId: null,
      organisationId: orgId,
      details: { export: "staff", format: "csv", via: "command line" },
    });
    const help = spawnSync(process.execPath, ["--import", "tsx", "scripts/export-compliance.ts", "--help"], {
      encoding: "utf8",
    });
    expect(help.stdout).toContain("Usage:");
  });
});

describe("filtered exports", () => {
  it("state their filters in the title block, the whole-organisation row and the file name, in every format", async () => {
    const unitId = (db().$client.prepare("SELECT id FROM units WHERE organisation_id = ?").get(orgId) as { id: number })
      .id;
    const query = `module=spotting-phishing&unit=${unitId}&group=nursing-midwifery`;
    const csv = await callRoute(exportLoader, {
      params: { org: "EX1", kind: "summary" },
      path: `/manage/EX1/export/summary?format=csv&${query}`,
      cookie,
    });
    expect(csv.headers.get("Content-Disposition")).toBe(
      `attachment; filename="EX1-training-summary-module-spotting-phishing-unit-${unitId}-group-nursing-midwifery-${T}.csv"`,
    );
    const filters = `Module: ${moduleTitle}; Department or ward: Ward 7, "East"; Staff group: Nursing and midwifery registered`;
    const top = parse(csv.data as string, { relax_column_count: true, to_line: 3 }) as string[][];
    expect(top[0]).toEqual([`Cyber Basics: training compliance summary (filtered: ${filters})`]);
    expect(top[2]).toEqual(["Filters", filters]);
    const [, first] = csvTable(csv.data as string);
    expect(first[1]).toBe(`Export Test Trust (filtered: ${filters})`);

    const json = await callRoute(exportLoader, {
      params: { org: "EX1", kind: "staff" },
      path: `/manage/EX1/export/staff?format=json&${query}`,
      cookie,
    });
    expect(json.headers.get("Content-Disposition")).toContain("-module-spotting-phishing-unit-");
    expect((json.data as { title: string; filters: string }).filters).toBe(filters);
    expect((json.data as { title: string }).title).toContain("(filtered: ");

    const xlsx = await exportToBuffer(
      await exportCompliance({
        organisation: { id: orgId, code: "EX1", name: "Export Test Trust", complianceTarget: 95 },
        kind: "staff",
        format: "xlsx",
        filters: { staffGroup: "nursing-midwifery" },
        language: "en-GB",
        by: { description: "test", userId: null, via: "command line" },
        databasePath: process.env.DATABASE_PATH!,
      }),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    expect((workbook.worksheets[0].getRow(3).values as unknown[]).slice(1)).toEqual([
      "Filters",
      "Staff group: Nursing and midwifery registered",
    ]);
  });
});

describe("completions done elsewhere", () => {
  it("name the system they were recorded in, in every format", async () => {
    const zoe = db().select().from(users).where(eq(users.email, "tricky2@export.example")).get()!;
    db().transaction((tx) =>
      recordPriorLearning(
        tx,
        [
          {
            row: 2,
            userId: zoe.id,
            name: "Zoë",
            email: zoe.email,
            employeeNumber: "E-2",
            organisationCodes: ["EX1"],
            course: "Data Security Awareness - Level 1",
            courseKey: "datasecurityawarenesslevel1",
            moduleSlug: "spotting-phishing",
            moduleTitle,
            moduleVersion: "1.0.0",
            completedOn: addDays(T, -5),
            expiresOn: null,
          },
        ],
        { userId: managerId, source: "ESR", at: new Date() },
      ),
    );
    const get = async (format: string) =>
      (
        await callRoute(exportLoader, {
          params: { org: "EX1", kind: "staff" },
          path: `/manage/EX1/export/staff?format=${format}`,
          cookie,
        })
      ).data;
    const [, ...rows] = csvTable((await get("csv")) as string);
    const byEmail = new Map(rows.map((r) => [r[2], r]));
    expect(byEmail.get("tricky2@export.example")!.slice(7)).toEqual([
      "In date",
      addDays(T, -5),
      addDays(T, 359),
      "ESR",
    ]);
    // Done here: the column is empty.
    expect(byEmail.get("tricky0@export.example")!.at(-1)).toBe("");

    const json = (await get("json")) as { rows: Record<string, unknown>[] };
    const zoeJson = json.rows.find((r) => r.email === "tricky2@export.example")!;
    expect(zoeJson).toMatchObject({ status: "compliant", lastCompleted: addDays(T, -5), recordedIn: "ESR" });
    expect(json.rows.find((r) => r.email === "tricky0@export.example")!.recordedIn).toBeNull();

    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(
      (await exportToBuffer(
        await exportCompliance({
          organisation: { id: orgId, code: "EX1", name: "Export Test Trust", complianceTarget: 95 },
          kind: "staff",
          format: "xlsx",
          language: "en-GB",
          by: { description: "test", userId: null, via: "command line" },
          databasePath: process.env.DATABASE_PATH!,
        }),
      )) as unknown as ArrayBuffer,
    );
    const sheet = workbook.worksheets[0];
    const zoeRow = sheet.getRows(9, sheet.rowCount - 8)!.find((r) => r.getCell(3).value === "tricky2@export.example")!;
    expect(zoeRow.getCell(11).value).toBe("ESR");
  });
});
