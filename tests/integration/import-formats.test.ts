import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { memberships, organisations, units, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
import { loader as downloadLoader } from "~/routes/manage.$org.import.$id_.download";
import { action as applyAction, loader as previewLoader } from "~/routes/manage.$org.import.$id";
import { action as uploadAction } from "~/routes/manage.$org.import._index";
import { readTable } from "~/staff-import/read-table.server";
import { signIn } from "../support/auth";
import { callRoute } from "../support/routes";

const FIXTURES = path.resolve("tests/fixtures/import");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

let manager: string;
beforeAll(async () => {
  await seedDemo(db());
  manager = await signIn("manager@riverside.example");
});

/** Posts the upload form as a browser does, through the real route action. */
async function upload(name: string, content: Uint8Array | string, fields: Record<string, string> = {}) {
  const form = new FormData();
  form.append("file", new File([content as BlobPart], name));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  const request = new Request("http://localhost/manage/XA1/import", {
    method: "POST",
    body: form,
    headers: { Cookie: manager },
  });
  try {
    const outcome = (await uploadAction({
      request,
      params: { org: "XA1" },
      context: { clientIp: "203.0.113.10" },
    })) as unknown as { data: { problem: { key: string; values?: Record<string, string> } }; init: { status: number } };
    return { status: outcome.init.status, problem: outcome.data.problem, id: null };
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return {
      status: thrown.status,
      problem: null,
      id: thrown.headers.get("Location")?.match(/\/import\/([\w-]+)$/)?.[1] ?? null,
    };
  }
}

const preview = async (id: string, show = "") =>
  (
    await callRoute(previewLoader, {
      params: { org: "XA1", id },
      cookie: manager,
      path: `/manage/XA1/import/${id}${show ? `?show=${show}` : ""}`,
    })
  ).data.preview;
const rowsOf = async (id: string, show: string) => (await preview(id, show)).rows as Array<Record<string, any>>;
const reasons = (rows: Array<Record<string, any>>) =>
  Object.fromEntries(rows.map((r) => [r.row, r.problems.map((p: { key: string }) => p.key.split(".").pop())]));

/** The CLI's dry run of a file, as an administrator runs it: its exit status and what it printed. */
function cliDryRun(file: string, ...options: string[]) {
  const cli = spawnSync("npx", ["tsx", "scripts/import-staff.ts", "--org", "XA1", "--dry-run", ...options, file], {
    encoding: "utf8",
    env: process.env,
  });
  return { status: cli.status, stdout: cli.stdout };
}

function riverside(email: string) {
  return db()
    .select({ user: users, membership: memberships, unit: units.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .leftJoin(units, eq(units.id, memberships.unitId))
    .where(and(eq(users.email, email), eq(organisations.code, "XA1")))
    .get();
}

describe("ESR staff-in-post reports: one row per assignment", () => {
  it("reads the workbook saved from the report, title lines and all, from the sheet the manager names", async () => {
    const first = await upload("esr.xlsx", fixture("esr-staff-in-post.xlsx"));
    // The first sheet is a note: its lack of columns is said, with what was found.
    expect(first.status).toBe(400);
    expect(first.problem!.key).toBe("staffImport.errors.missingColumns");

    const missingSheet = await upload("esr.xlsx", fixture("esr-staff-in-post.xlsx"), { sheet: "Sheet9" });
    expect(missingSheet.problem).toEqual({
      key: "staffImport.errors.sheetNotFound",
      values: { sheet: "Sheet9", sheets: "Notes, Staff In Post" },
    });

    const sent = await upload("esr.xlsx", fixture("esr-staff-in-post.xlsx"), { sheet: "staff in post" });
    expect(sent.status).toBe(302);
    const shown = await preview(sent.id!);
    // Header on row 4; 11 assignment rows on 5-15; the report's total line on row 17.
    expect(shown.counts).toMatchObject({ rows: 12, added: 4, skipped: 1, invalid: 3 });
    const added = await rowsOf(sent.id!, "add");
    expect(added.map((r) => [r.row, r.name, r.assignments, r.unit, r.jobRole, r.startDate])).toEqual([
      [5, "Rhi Price", 2, "123 Ward 9 Cardiology", "Staff Nurse", "1 June 2016"],
      [8, "Ciarán O’Neill", 2, "123 Pharmacy", "Pharmacy Technician", "1 January 2019"],
      [10, "Nasrin Begum", 2, "123 Ward 2", "Healthcare Assistant", "1 January 2021"],
      [13, "Imran Khan", 1, "123 Estates", "Porter", "1 May 2022"],
    ]);
    expect(reasons(await rowsOf(sent.id!, "leftOut"))).toEqual({
      11: ["alreadyLeft"],
      14: ["duplicateAssignment"],
      15: ["duplicateEmail"],
      17: expect.arrayContaining(["emailMissing"]),
    });
  });

  it("makes one person of each employee's assignments, through the web route and the CLI", async () => {
    const cli = cliDryRun(path.join(FIXTURES, "esr-staff-in-post.csv"));
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain(
      "Rhi Price (2 assignments) <rhiannon.price@riverside.example> 20000001, 123 Ward 9 Cardiology",
    );
    expect(cli.stdout).toContain("row 8 Declan Walsh: Not added: already left (end date 2019-06-30)");
    expect(cli.stdout).toContain(
      "row 11 Imran Khan: Assignment Number: Assignment number 20000005 is already on row 10, which is used: this row is left out",
    );

    const sent = await upload("esr.csv", fixture("esr-staff-in-post.csv"), { sendInvitations: "yes" });
    const shown = await preview(sent.id!);
    expect(shown.counts).toMatchObject({ rows: 11, added: 4, skipped: 1, invalid: 2, invitations: 4 });
    const leftOut = await rowsOf(sent.id!, "leftOut");
    expect(reasons(leftOut)).toEqual({ 8: ["alreadyLeft"], 11: ["duplicateAssignment"], 12: ["duplicateEmail"] });
    expect(leftOut.find((r) => r.row === 12)!.problems[0]).toMatchObject({
      column: "Email Address",
      values: { value: "rhiannon.price@riverside.example", first: "2" },
    });

    const applied = await callRoute(applyAction, {
      params: { org: "XA1", id: sent.id! },
      cookie: manager,
      form: { digest: shown.digest },
    });
    expect(applied.data.done).toMatchObject({ added: 4, leftOut: 3 });
    // Primary assignment flagged: details from it, start from the earliest current assignment.
    expect(riverside("rhiannon.price@riverside.example")).toMatchObject({
      user: { givenName: "Rhi", familyName: "Price" },
      unit: "123 Ward 9 Cardiology",
      membership: {
        employeeNumber: "20000001",
        jobRole: "Staff Nurse",
        staffGroup: "nursing-midwifery",
        startDate: "2016-06-01",
        endDate: null,
      },
    });
    // None flagged: the one that started last.
    expect(riverside("ciaran.oneill@riverside.example")).toMatchObject({
      unit: "123 Pharmacy",
      membership: { staffGroup: "add-prof-scientific-technical", startDate: "2019-01-01" },
    });
    // One ended: still here, from the current assignment's start.
    expect(riverside("nasrin.begum@riverside.example")).toMatchObject({
      unit: "123 Ward 2",
      membership: { startDate: "2021-01-01", endDate: null },
    });
    // All ended: never added.
    expect(db().select().from(users).where(eq(users.email, "declan.walsh@riverside.example")).get()).toBeUndefined();

    // The rows left out, as the file had them, with a Reason column, ready to fix and upload again.
    const download = await callRoute(downloadLoader, {
      params: { org: "XA1", id: sent.id! },
      cookie: manager,
      path: `/manage/XA1/import/${sent.id}/download?what=left-out`,
    });
    expect(download.status).toBe(200);
    const lines = String(download.data)
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\r\n");
    expect(lines[0]).toBe(
      '"Employee Number","Assignment Number","Title","Last Name","First Name","Known As","Organisation","Position Title","Staff Group","Assignment Category","Assignment Status","Primary Assignment","Assignment Start Date","Assignment End Date","Email Address","Org Code","Reason"',
    );
    expect(lines).toHaveLength(3);
    expect(lines[1]).toMatch(
      /^"20000005","20000005","Mr","Khan","Imran",.*"Assignment Number: Assignment number 20000005 is already on row 10/,
    );
  });
});

describe("files as HR sends them", () => {
  it("reads Windows-1252 with semicolons and other header names, and names each problem's row, column and value (web and CLI)", async () => {
    const sent = await upload("windows.csv", fixture("windows-1252-semicolons.csv"));
    expect(sent.status).toBe(302);
    const shown = await preview(sent.id!);
    expect(shown.counts).toMatchObject({ rows: 6, added: 2, invalid: 4 });
    const added = await rowsOf(sent.id!, "add");
    // Byte 0x92 is ’ and 0x96 is – in Windows-1252 (Node's own decoder gives control characters).
    expect(added.map((r) => [r.name, r.jobRole, r.staffGroup, r.unit])).toEqual([
      ["Siobhán O’Connor", "Staff Nurse – Band 5", "Nursing and Midwifery Registered", "Ward 7 (Acute Medicine)"],
      ["Renée Dubois", "Physiotherapist", "Allied Health Professionals", "Physio"],
    ]);
    const leftOut = await rowsOf(sent.id!, "leftOut");
    expect(
      leftOut.map((r) => [r.row, r.problems[0].column, r.problems[0].key.split(".").pop(), r.problems[0].values]),
    ).toEqual([
      [4, "Date Started", "startDateImpossible", { value: "30/02/2021" }],
      [5, "Leaving Date", "endBeforeStart", { start: "2021-05-01", end: "2021-04-01" }],
      [6, "E-mail", "emailInvalid", { value: "not-an-email" }],
      [
        7,
        "Staff Category",
        "staffGroupUnknown",
        { value: "Volunteers", accepted: expect.stringContaining("Medical and Dental") },
      ],
    ]);

    const cli = cliDryRun(path.join(FIXTURES, "windows-1252-semicolons.csv"));
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain("Siobhán O’Connor <siobhan.oconnor@riverside.example> W-1, Ward 7 (Acute Medicine)");
    expect(cli.stdout).toContain('row 7 Unknown Group: Staff Category: Staff group "Volunteers" is not one we know');
  });

  it("reads tab-separated text, counts a quoted line break as one row, and takes dates written three ways", async () => {
    const content = [
      "Work Email\tFirst_Name\tLAST NAME\tstaff-group\tHire.Date\tJob Role",
      'tab.one@riverside.example\tTabitha\tOne\tStudents\t2024-09-01\t"Student\nNurse"',
      "tab.two@riverside.example\tTobias\tTwo\tM&D\t01-Sep-2024\tFY1",
      "tab.three@riverside.example\tTeg\tThree\tstudents\t31/09/2024\tStudent",
    ].join("\r\n");
    const sent = await upload("staff.txt", content);
    expect(sent.status).toBe(302);
    expect((await preview(sent.id!)).counts).toMatchObject({ rows: 3, added: 2, invalid: 1 });
    // Row 4 as a spreadsheet shows it, although the file's fifth line.
    expect(reasons(await rowsOf(sent.id!, "leftOut"))).toEqual({ 4: ["startDateImpossible"] });
    // The quoted line break is a cell's second line, not a second job role line.
    expect((await rowsOf(sent.id!, "add")).map((r) => r.jobRole)).toEqual(["Student Nurse", "FY1"]);
  });

  it("reads a workbook stored uncompressed with its sheets before the workbook part, as SheetJS writes it (web and CLI)", async () => {
    // exceljs's streaming reader lost its place in such a zip now and then ("damaged"): read it many times.
    for (let i = 0; i < 20; i++) {
      const table = await readTable(fixture("sheetjs-uncompressed.xlsx"), { sheet: "Staff" });
      expect(table.ok && table.rows.map((r) => r.cells[1]), `read ${i + 1}`).toEqual([
        "Forename",
        "Mair",
        "Tomos",
        "Ffion",
      ]);
    }
    const missingSheet = await upload("rota.xlsx", fixture("sheetjs-uncompressed.xlsx"), { sheet: "Rota" });
    expect(missingSheet.problem).toMatchObject({
      key: "staffImport.errors.sheetNotFound",
      values: { sheet: "Rota", sheets: "About, Staff" },
    });
    const sent = await upload("rota.xlsx", fixture("sheetjs-uncompressed.xlsx"), { sheet: "Staff" });
    expect(sent.status).toBe(302);
    const added = await rowsOf(sent.id!, "add");
    // Text from the shared strings (after the sheets in this file), a date cell, text and a serial date.
    expect(added.map((r) => [r.name, r.email, r.staffGroup, r.startDate, r.unit, r.jobRole])).toEqual([
      [
        "Mair Rees",
        "mair.rees@riverside.example",
        "Nursing and Midwifery Registered",
        "12 April 2021",
        "Ward 7 (Acute Medicine)",
        "Staff Nurse",
      ],
      [
        "Tomos Hughes",
        "tomos.hughes@riverside.example",
        "Administrative and Clerical",
        "3 January 2022",
        "Outpatients",
        "Receptionist",
      ],
      [
        "Ffion Davies",
        "ffion.davies@riverside.example",
        "Additional Clinical Services",
        "15 March 2023",
        "Ward 7 (Acute Medicine)",
        "Healthcare Assistant",
      ],
    ]);

    const cli = cliDryRun(path.join(FIXTURES, "sheetjs-uncompressed.xlsx"), "--sheet", "Staff");
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain("Mair Rees <mair.rees@riverside.example> SJ1, Ward 7 (Acute Medicine)");
    expect(cli.stdout).toContain("Ffion Davies <ffion.davies@riverside.example> SJ3");
  });

  it("tells a date written another way from an impossible one, and reads names, departments and job roles as one line (web and CLI)", async () => {
    const content = [
      "Email,Forename,Surname,Staff Group,Start Date,End Date,Ward,Job Title",
      "date.words@riverside.example,Dai,Words,Students,next Tuesday,,Ward 7,Student",
      "date.leap@riverside.example,Lea,Leap,Students,29/02/2023,,Ward 7,Student",
      "date.month@riverside.example,Mo,Month,Students,2024-13-01,,Ward 7,Student",
      "date.old@riverside.example,Olwen,Old,Students,01/01/1850,,Ward 7,Student",
      "date.end@riverside.example,Enid,End,Students,01/09/2024,31/04/2025,Ward 7,Student",
      "date.endwords@riverside.example,Emlyn,Words,Students,01/09/2024,soon,Ward 7,Student",
      "space.one@riverside.example,Sara  Jane,Spaces,Students,29/02/2024,,Ward\u00a0 7,Student\u00a0 Nurse",
      '"space.two@riverside.example","Rhys","Tab\tName","Students","01/09/2024",,"ward   7","Student\nNurse"',
      // An Excel date serial number, as a workbook's date cell without a date format gives it.
      "date.serial@riverside.example,Sara,Serial,Students,45000,,Ward 7,Student",
      // A date-time as Excel's CSV writes it, and an ISO one: the date is taken.
      "date.time@riverside.example,Tim,Time,Students,01/09/2024 00:00,,Ward 7,Student",
      "date.isotime@riverside.example,Iso,Time,Students,2024-09-02 09:30:00,,Ward 7,Student",
      // A UTC time other than midnight may be another day in the UK.
      "date.zone@riverside.example,Zoe,Zone,Students,2024-09-01T23:00:00Z,,Ward 7,Student",
    ].join("\r\n");
    const sent = await upload("dates.csv", content);
    expect(sent.status).toBe(302);
    const leftOut = await rowsOf(sent.id!, "leftOut");
    expect(leftOut.map((r) => [r.row, r.problems[0].key.split(".").pop(), r.problems[0].values.value])).toEqual([
      [2, "startDateInvalid", "next Tuesday"],
      [3, "startDateImpossible", "29/02/2023"],
      [4, "startDateImpossible", "2024-13-01"],
      [5, "startDateImpossible", "01/01/1850"],
      [6, "endDateImpossible", "31/04/2025"],
      [7, "endDateInvalid", "soon"],
      [13, "startDateInvalid", "2024-09-01T23:00:00Z"],
    ]);
    const added = await rowsOf(sent.id!, "add");
    expect(added.map((r) => [r.name, r.unit, r.jobRole])).toEqual([
      ["Sara Jane Spaces", "Ward 7", "Student Nurse"],
      ["Rhys Tab Name", "Ward 7", "Student Nurse"],
      ["Sara Serial", "Ward 7", "Student"],
      ["Tim Time", "Ward 7", "Student"],
      ["Iso Time", "Ward 7", "Student"],
    ]);
    expect(added.slice(2).map((r) => r.startDate)).toEqual(["15 March 2023", "1 September 2024", "2 September 2024"]);
    // One new department for every spelling of it.
    const unitsBefore = db().select().from(units).all().length;
    const shown = await preview(sent.id!);
    expect(shown.newUnits).toEqual(["Ward 7"]);
    const applied = await callRoute(applyAction, {
      params: { org: "XA1", id: sent.id! },
      cookie: manager,
      form: { digest: shown.digest },
    });
    expect(applied.data.done).toMatchObject({ added: 5, leftOut: 7 });
    expect(riverside("space.one@riverside.example")).toMatchObject({
      unit: "Ward 7",
      user: { givenName: "Sara Jane" },
      membership: { jobRole: "Student Nurse" },
    });
    expect(riverside("space.two@riverside.example")?.unit).toBe("Ward 7");
    expect(db().select().from(units).all().length).toBe(unitsBefore + 1);

    const file = path.join(path.dirname(process.env.DATABASE_PATH!), "dates.csv");
    fs.writeFileSync(file, content);
    const cli = cliDryRun(file);
    expect(cli.status).toBe(0);
    expect(cli.stdout).toContain('row 2 Dai Words: Start Date: Start date "next Tuesday" is not a date in the format');
    expect(cli.stdout).toContain(
      'row 3 Lea Leap: Start Date: Start date "29/02/2023" is not a possible date: check the day, month and year',
    );
    expect(cli.stdout).toContain('row 6 Enid End: End Date: End date "31/04/2025" is not a possible date');
  });

  it(
    "uploads and previews 100,000 rows with Windows line ends through the web route",
    { timeout: 180_000 },
    async () => {
      const lines = ["Employee Number,First Name,Last Name,Email,Staff Group,Start Date"];
      for (let i = 0; i < 100_000; i++)
        lines.push(`C${i},Ceri,Jones ${i},ceri.${i}@crlf.example,Administrative and Clerical,01/02/2024`);
      const content = lines.join("\r\n") + "\r\n";
      expect(content.length).toBeGreaterThan(5_000_000);
      const sent = await upload("big-crlf.csv", content);
      expect(sent.problem).toBeNull();
      expect(sent.status).toBe(302);
      const shown = await preview(sent.id!);
      expect(shown.counts).toMatchObject({ rows: 100_000, added: 100_000, invalid: 0 });
      expect(shown.pageCount).toBe(2000);
    },
  );

  it("says what is wrong with a form that does not arrive whole, instead of asking for a file", async () => {
    const boundary = "----cut";
    const body = `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="staff.csv"\r\nContent-Type: text/csv\r\n\r\nFirst Name,Last Name`;
    const request = new Request("http://localhost/manage/XA1/import", {
      method: "POST",
      body,
      headers: { Cookie: manager, "Content-Type": `multipart/form-data; boundary=${boundary}` },
    });
    const outcome = (await uploadAction({
      request,
      params: { org: "XA1" },
      context: { clientIp: "203.0.113.10" },
    })) as unknown as { data: { problem: { key: string } }; init: { status: number } };
    expect(outcome.init.status).toBe(400);
    expect(outcome.data.problem.key).toBe("staffImport.errors.formBroken");
  });
});
