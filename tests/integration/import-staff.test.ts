import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, memberships, organisations, staffImportUploads, units, users, joinRequests } from "@db/schema";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
import { backgroundDeliveryIdle } from "~/email/mailer.server";
import { action as applyAction, loader as previewLoader } from "~/routes/manage.$org.import.$id";
import { action as uploadAction, loader as uploadLoader } from "~/routes/manage.$org.import._index";
import { loader as staffLoader } from "~/routes/manage.$org.staff";
import { signIn } from "../support/auth";
import { readOutbox } from "../support/outbox";
import { callRoute } from "../support/routes";

// A small limit, so the test can send a file over it; read by env() on first use, after this line.
process.env.MAX_UPLOAD_BYTES = "50000";

const FIXTURES = path.resolve("tests/fixtures/import");
const fixture = (name: string) => fs.readFileSync(path.join(FIXTURES, name));

let manager: string;
let otherManager: string;
beforeAll(async () => {
  await seedDemo(db());
  manager = await signIn("manager@riverside.example");
  otherManager = await signIn("manager@bryn.example");
});

/** Posts the upload form as a browser does: multipart, with the file and the ticked boxes. */
async function upload(
  name: string,
  content: Uint8Array | string,
  options: { fullList?: boolean; sendInvitations?: boolean } = {},
  cookie = manager,
) {
  const form = new FormData();
  form.append("file", new File([content as BlobPart], name, { type: "text/csv" }));
  if (options.fullList) form.append("fullList", "yes");
  if (options.sendInvitations ?? true) form.append("sendInvitations", "yes");
  const request = new Request("http://localhost/manage/XA1/import", {
    method: "POST",
    body: form,
    headers: { Cookie: cookie },
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
    const location = thrown.headers.get("Location") ?? "";
    return {
      status: thrown.status,
      problem: null,
      id: location.match(/\/manage\/XA1\/import\/([\w-]+)$/)?.[1] ?? null,
      location,
    };
  }
}

const preview = (id: string, cookie = manager, page = 1, show = "") =>
  callRoute(previewLoader, {
    params: { org: "XA1", id },
    cookie,
    path: `/manage/XA1/import/${id}?page=${page}${show ? `&show=${show}` : ""}`,
  });
/** One of the preview's tables: add, update, leave, leftOut or notes. */
const section = async (id: string, show: string) =>
  (await preview(id, manager, 1, show)).data.preview.rows as Array<Record<string, any>>;
const reasonsOf = (rows: Array<Record<string, any>>) =>
  Object.fromEntries(rows.map((r) => [r.row, r.problems.map((p: { key: string }) => p.key.split(".").pop())]));
const apply = (id: string, digest: string, cookie = manager) =>
  callRoute(applyAction, { params: { org: "XA1", id }, cookie, form: { digest }, path: `/manage/XA1/import/${id}` });

async function staffCount(): Promise<number> {
  return (await callRoute(staffLoader, { params: { org: "XA1" }, cookie: manager, path: "/manage/XA1/staff" })).data
    .staff.total;
}

function riversideMembership(email: string) {
  return db()
    .select({ user: users, membership: memberships, unitName: units.name })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .leftJoin(units, eq(units.id, memberships.unitId))
    .where(and(eq(users.email, email), eq(organisations.code, "XA1")))
    .get();
}

/** Everything an import may touch, to show that something changed nothing. */
function snapshot() {
  const client = db().$client;
  return JSON.stringify(
    ["users", "memberships", "units"].map((table) => client.prepare(`SELECT * FROM ${table} ORDER BY 1`).all()),
  );
}

describe("staff list upload, preview and apply", () => {
  it("shows the upload page to the organisation's manager", async () => {
    const page = await callRoute(uploadLoader, { params: { org: "XA1" }, cookie: manager });
    expect(page.status).toBe(200);
    expect(page.data).toEqual({ limitMegabytes: "0.05" });
  });

  it("previews a file with a byte order mark, quoted commas and line breaks, both date formats and Welsh names, then applies it", async () => {
    const before = await staffCount();
    const sent = await upload("staff-list.csv", fixture("staff-list.csv"));
    expect(sent.status).toBe(302);
    expect(sent.id).toMatch(/^[\w-]{32}$/);

    const shown = await preview(sent.id!);
    expect(shown.status).toBe(200);
    const { counts, newUnits } = shown.data.preview;
    expect(counts).toEqual({
      rows: 8,
      added: 5,
      updated: 1,
      leavers: 1,
      unchanged: 0,
      skipped: 1,
      invalid: 0,
      invitations: 4,
    });
    expect(newUnits).toEqual(["Cardiology, Outpatients", "Cardiology; Outpatients"]);
    // The dry run names everyone: who is added, what changes for whom, who leaves, who is left out and why.
    expect((await section(sent.id!, "add")).map((r) => r.name)).toEqual([
      "Siân Llywelyn-Jones",
      "Gwenllïan ap Dafydd",
      "Zoë Ó Briain",
      "Dafydd Ellis-Bextor",
      "Siân Llywelyn",
    ]);
    const [amira] = await section(sent.id!, "update");
    expect(amira).toMatchObject({
      name: "Amira Hussain",
      changes: [{ field: "jobRole", from: "Staff Nurse", to: "Senior Staff Nurse" }],
    });
    expect((await section(sent.id!, "leave")).map((r) => [r.name, r.email])).toEqual([
      ["Olivia Smith", "olivia.smith@xa1.example"],
    ]);
    const leftOut = await section(sent.id!, "leftOut");
    expect(leftOut.map((r) => [r.row, r.name, r.problems[0].key])).toEqual([
      [9, "Left Long-Ago", "staffImport.errors.alreadyLeft"],
    ]);
    // Nothing is saved by looking.
    expect(riversideMembership("sian.llywelyn-jones@riverside.example")).toBeUndefined();

    const applied = await apply(sent.id!, shown.data.preview.digest);
    expect(applied.status).toBe(200);
    expect(applied.data.done).toMatchObject({ added: 5, updated: 1, leavers: 1, invitations: 4 });
    // Four new people; the receptionist, whose account is her own, is asked to join instead.
    expect(await staffCount()).toBe(before + 4);

    const sian = riversideMembership("sian.llywelyn-jones@riverside.example")!;
    expect([sian.user.givenName, sian.user.familyName]).toEqual(["Siân", "Llywelyn-Jones"]);
    expect(sian.membership).toMatchObject({
      employeeNumber: "E1001",
      staffGroup: "nursing-midwifery",
      jobRole: "Staff Nurse, Band 5",
      startDate: "2024-03-01",
      endDate: null,
      role: "learner",
    });
    expect(sian.unitName).toBe("Ward 7 (Acute Medicine)");
    const gwenllian = riversideMembership("gwenllian.apdafydd@riverside.example")!;
    expect(gwenllian.user.givenName).toBe("Gwenllïan");
    expect(gwenllian.membership).toMatchObject({
      // A line break inside a cell is read as a space: job roles, names and departments are one line.
      jobRole: "Physiotherapist Rotational post",
      startDate: "2023-09-01",
      staffGroup: "allied-health-professionals",
    });
    expect(gwenllian.unitName).toBe("Cardiology, Outpatients");
    const zoe = riversideMembership("zoe.obriain@riverside.example")!;
    expect([zoe.user.givenName, zoe.user.familyName, zoe.membership.jobRole, zoe.membership.startDate]).toEqual([
      "Zoë",
      "Ó Briain",
      'Pharmacist "Rotational"',
      "2022-01-15",
    ]);
    expect(riversideMembership("dafydd.ellis@riverside.example")!.membership).toMatchObject({
      staffGroup: "social-care",
      endDate: "2099-12-31",
    });
    expect(riversideMembership("nurse@riverside.example")!.membership.jobRole).toBe("Senior Staff Nurse");

    // A leaver keeps their row and history, with the end date from the file.
    expect(riversideMembership("olivia.smith@xa1.example")!.membership.endDate).toBe("2020-06-30");
    // Someone who had left before we ever heard of them is not added.
    expect(db().select().from(users).where(eq(users.email, "left.long.ago@riverside.example")).get()).toBeUndefined();

    // An account from another organisation gets a request to join, not a second account or a membership, and no invitation.
    const receptionist = db().select().from(users).where(eq(users.email, "receptionist@bryn.example")).all();
    expect(receptionist).toHaveLength(1);
    const orgs = db()
      .select({ code: organisations.code })
      .from(memberships)
      .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
      .where(eq(memberships.userId, receptionist[0].id))
      .all()
      .map((o) => o.code)
      .sort();
    expect(orgs).toEqual(["X99001"]);
    const request = db().select().from(joinRequests).where(eq(joinRequests.userId, receptionist[0].id)).get()!;
    expect(request).toMatchObject({
      givenName: "Siân",
      familyName: "Llywelyn",
      employeeNumber: "R-555",
      staffGroup: "admin-clerical",
      jobRole: "Receptionist",
    });

    await backgroundDeliveryIdle();
    expect(readOutbox().find((m) => m.to === "receptionist@bryn.example")!.body).toContain(
      "Mae Riverside University Hospitals NHS Trust wedi gofyn am eich ychwanegu",
    );
    const invited = readOutbox()
      .filter((m) => m.subject === "You have been invited to Cyber Basics")
      .map((m) => m.to)
      .sort();
    expect(invited).toEqual([
      "dafydd.ellis@riverside.example",
      "gwenllian.apdafydd@riverside.example",
      "sian.llywelyn-jones@riverside.example",
      "zoe.obriain@riverside.example",
    ]);
    expect(readOutbox().find((m) => m.to === "zoe.obriain@riverside.example")!.body).toContain("Zoë");

    const audit = db().select().from(auditEvents).where(eq(auditEvents.action, "staff-imported")).all();
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({
      fileName: "staff-list.csv",
      added: 5,
      updated: 1,
      leavers: 1,
      newUnits: 2,
    });

    // The upload is used up: the same preview cannot be applied twice; only its rows left out stay, for their download.
    const used = db().select().from(staffImportUploads).where(eq(staffImportUploads.id, sent.id!)).get()!;
    expect(used.appliedAt).toBeInstanceOf(Date);
    expect(used.parsed.length).toBe(0);
    expect(
      db()
        .$client.prepare("SELECT DISTINCT section FROM staff_import_plan_rows WHERE upload_id = ?")
        .pluck()
        .all(sent.id),
    ).toEqual(["leftOut"]);
    const again = await apply(sent.id!, shown.data.preview.digest);
    expect(again.status).toBe(410);
    expect((await preview(sent.id!)).data.preview).toBeNull();
  });

  it("changes nothing when the same file is imported again", async () => {
    const before = snapshot();
    const sent = await upload("staff-list.csv", fixture("staff-list.csv"));
    const shown = await preview(sent.id!);
    expect(shown.data.preview.counts).toEqual({
      rows: 8,
      added: 0,
      updated: 0,
      leavers: 0,
      unchanged: 7,
      skipped: 1,
      invalid: 0,
      invitations: 0,
    });
    expect(shown.data.preview.newUnits).toEqual([]);
    const outboxBefore = readOutbox().length;
    const applied = await apply(sent.id!, shown.data.preview.digest);
    expect(applied.data.done).toMatchObject({ added: 0, updated: 0, leavers: 0, invitations: 0 });
    expect(snapshot()).toBe(before);
    await backgroundDeliveryIdle();
    expect(readOutbox()).toHaveLength(outboxBefore);
  });

  it("lists every row that cannot be imported with its row number and reason, and imports the rest", async () => {
    const sent = await upload("errors.csv", fixture("errors.csv"), { sendInvitations: false });
    const shown = await preview(sent.id!);
    const { counts } = shown.data.preview;
    expect(counts).toMatchObject({ rows: 11, added: 3, invalid: 8, invitations: 0 });
    const problems = await section(sent.id!, "leftOut");
    // The first row for an employee number or email is used; only the later one is left out.
    expect(reasonsOf(problems)).toEqual({
      3: ["emailMissing"],
      4: ["emailInvalid"],
      5: ["staffGroupUnknown"],
      6: ["endBeforeStart"],
      8: ["duplicateEmployeeNumber"],
      10: ["duplicateEmail"],
      11: ["otherOrganisation"],
      12: ["startDateImpossible"],
    });
    const at = (row: number) => problems.find((p) => p.row === row)!.problems[0];
    expect(at(8)).toMatchObject({ values: { value: "N006", first: "7" }, column: "employee_number" });
    expect(at(10)).toMatchObject({ values: { value: "same.mail@riverside.example", first: "9" }, column: "EMAIL" });
    expect(at(11).values).toEqual({ code: "X99001", own: "XA1" });
    expect(at(12)).toMatchObject({ column: "start date", values: { value: "31/02/2022" } });
    expect(at(5).values).toMatchObject({
      value: "Porters",
      accepted: expect.stringContaining("Estates and Ancillary"),
    });
    expect(problems.find((p) => p.row === 8)!.name).toBe("Twin Two");

    const applied = await apply(sent.id!, shown.data.preview.digest);
    expect(applied.data.done).toMatchObject({ added: 3, invalid: 8, invitations: 0, leftOut: 8 });
    expect(riversideMembership("nia.valid@riverside.example")!.membership.staffGroup).toBe("medical-dental");
    expect(riversideMembership("twin.one@riverside.example")).toBeDefined();
    expect(riversideMembership("same.mail@riverside.example")).toBeDefined();
    for (const email of [
      "twin.two@riverside.example",
      "other.trust@riverside.example",
      "ends.early@riverside.example",
    ]) {
      expect(db().select().from(users).where(eq(users.email, email)).get()).toBeUndefined();
    }
    await backgroundDeliveryIdle();
    expect(readOutbox().some((m) => m.to === "nia.valid@riverside.example")).toBe(false);
  });

  it("matches by employee number then email, keeps each spelling of a name on Riverside's own record, and only changes an account's email when it is this organisation's to change", async () => {
    const content = [
      "Employee Number,First Name,Last Name,Email,Department,Staff Group,Job Role,Start Date",
      // Chloe has not set up her account and works only here: her new email is taken; her new surname goes on Riverside's record.
      "XA1-2002,Chloe,Jones-Evans,chloe.jones-evans@xa1.example,Emergency Department,Medical and Dental,Specialty Doctor,2017-03-01",
      // Amira has: her account's name and sign-in email are hers, and stay as they are; Riverside's record has "Amy".
      "10000001,Amy,Hussain,amira.new@riverside.example,Ward 7 (Acute Medicine),Nursing and Midwifery Registered,Senior Staff Nurse,2019-04-01",
      // Tomasz also works at Oak Lodge: his account is not Riverside's to change, its record of him is.
      "10000003,Tom,Nowak,bank.nurse@riverside.example,Emergency Department,Nursing and Midwifery Registered,Bank Staff Nurse,2024-01-15",
      // Grace's employee number with Amira's old email: two different people.
      "10000002,Grace,Okafor,nurse@riverside.example,Outpatients,Administrative and Clerical,Training Manager,2015-09-01",
      // Emily by email on one row, by employee number on another.
      "NEW-1,Emily,Taylor,emily.taylor@xa1.example,Outpatients,Administrative and Clerical,Medical Secretary,2019-05-01",
      "XA1-2004,Emily,Taylor,emily.t@xa1.example,Outpatients,Administrative and Clerical,Medical Secretary,2019-05-01",
    ].join("\n");
    const sent = await upload("matching.csv", content);
    const shown = await preview(sent.id!);
    expect(shown.data.preview.counts).toMatchObject({ rows: 6, added: 0, updated: 4, unchanged: 0, invalid: 2 });
    // Emily's first row is used; her second is reported with the row it repeats.
    expect(reasonsOf(await section(sent.id!, "leftOut"))).toEqual({ 5: ["emailBelongsToAnother"], 7: ["samePerson"] });
    expect((await section(sent.id!, "leftOut")).find((r) => r.row === 7)!.problems[0].values).toEqual({ first: "6" });
    expect(reasonsOf(await section(sent.id!, "notes"))).toEqual({ 3: ["ownAccount"] });
    const tom = (await section(sent.id!, "update")).find((r) => r.row === 4)!;
    expect(tom.changes).toEqual([{ field: "givenName", from: "Tomasz", to: "Tom" }]);

    await apply(sent.id!, shown.data.preview.digest);
    const chloe = riversideMembership("chloe.jones-evans@xa1.example")!;
    expect([chloe.user.familyName, chloe.membership.hrFamilyName, chloe.membership.employeeNumber]).toEqual([
      "Jones",
      "Jones-Evans",
      "XA1-2002",
    ]);
    const amira = riversideMembership("nurse@riverside.example")!;
    expect([amira.user.givenName, amira.membership.hrGivenName]).toEqual(["Amira", "Amy"]);
    const tomasz = riversideMembership("bank.nurse@riverside.example")!;
    expect([tomasz.user.givenName, tomasz.membership.hrGivenName]).toEqual(["Tomasz", "Tom"]);
    expect(riversideMembership("emily.taylor@xa1.example")!.membership.employeeNumber).toBe("NEW-1");
  });

  it("turns away a file it cannot read, saying why", async () => {
    const stored = db().select().from(staffImportUploads).all().length;
    const missing = await upload("missing-columns.csv", fixture("missing-columns.csv"));
    expect(missing.status).toBe(400);
    // Which columns were found, and which names would do.
    expect(missing.problem).toEqual({
      key: "staffImport.errors.missingColumns",
      values: {
        columns: "Email, Start Date",
        found: "Employee Number, First Name, Last Name, Staff Group",
        accepted: expect.stringMatching(
          /^Email: Email, E-mail, Email Address, .*Work Email.*; Start Date: Start Date, Hire Date, Date Started/,
        ),
      },
    });

    const binary = await upload(
      "photo.csv",
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]),
    );
    expect(binary.problem!.key).toBe("staffImport.errors.fileNotText");
    const xls = await upload("old.xls", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]));
    expect(xls.problem!.key).toBe("staffImport.errors.oldExcel");
    const damaged = await upload("damaged.xlsx", new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    expect(damaged.problem!.key).toBe("staffImport.errors.workbookDamaged");

    const broken = await upload(
      "broken.csv",
      'First Name,Last Name,Email,Staff Group,Start Date\n"Ann,Jones,ann@x.example,Students,2024-01-01\n',
    );
    expect(broken.problem!.key).toBe("staffImport.errors.fileNotCsv");

    const empty = await upload("empty.csv", "");
    expect(empty.problem!.key).toBe("staffImport.errors.fileEmpty");
    expect(db().select().from(staffImportUploads).all()).toHaveLength(stored);
  });

  it("refuses a file over MAX_UPLOAD_BYTES while reading the upload", async () => {
    const header = "First Name,Last Name,Email,Staff Group,Start Date\n";
    const big = header + "Ann,Jones,ann@riverside.example,Students,2024-01-01\n".repeat(1200);
    expect(big.length).toBeGreaterThan(50_000);
    const result = await upload("big.csv", big);
    expect(result.status).toBe(413);
    expect(result.problem).toEqual({ key: "staffImport.errors.fileTooLarge", values: { size: "0.05" } });
  });

  it("keeps a preview to the manager who made it, for a day", async () => {
    const sent = await upload("staff-list.csv", fixture("staff-list.csv"));
    expect((await preview(sent.id!, otherManager)).status).toBe(403);
    expect((await preview("not-a-real-id")).data.preview).toBeNull();

    // An hour on (moving the clock instead would also end the manager's idle session).
    const stored = db().select().from(staffImportUploads).where(eq(staffImportUploads.id, sent.id!)).get()!;
    expect(stored.expiresAt.getTime() - stored.createdAt.getTime()).toBe(24 * 60 * 60_000);
    db()
      .update(staffImportUploads)
      .set({ expiresAt: new Date(Date.now() - 1) })
      .where(eq(staffImportUploads.id, sent.id!))
      .run();
    expect((await preview(sent.id!)).data.preview).toBeNull();
    expect((await apply(sent.id!, "whatever")).status).toBe(410);
  });

  it("applies nothing when the records changed after the preview was shown", async () => {
    const sent = await upload(
      "new-person.csv",
      "First Name,Last Name,Email,Staff Group,Start Date\nCarys,Pugh,carys.pugh@riverside.example,Students,2024-09-01\n",
    );
    const shown = await preview(sent.id!);
    expect(shown.data.preview.counts.added).toBe(1);
    const stale = await apply(sent.id!, "not-the-digest-shown");
    expect(stale.status).toBe(409);
    expect(stale.data.problem.key).toBe("staffImport.errors.changedSincePreview");
    expect(db().select().from(users).where(eq(users.email, "carys.pugh@riverside.example")).get()).toBeUndefined();
    // The preview is still there to check again and apply.
    expect((await apply(sent.id!, shown.data.preview.digest)).data.done.added).toBe(1);
  });
});
