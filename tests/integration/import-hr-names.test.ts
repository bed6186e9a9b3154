import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { joinRequests, memberships, organisations, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { recordAudit } from "~/audit/audit.server";
import { db } from "~/db.server";
import { backgroundDeliveryIdle } from "~/email/mailer.server";
import { action as accountAction, loader as accountLoader } from "~/routes/account";
import { loader as drillDownLoader } from "~/routes/manage.$org.compliance.staff";
import { loader as exportLoader } from "~/routes/manage.$org.export.$kind";
import { action as applyAction, loader as previewLoader } from "~/routes/manage.$org.import.$id";
import { action as inviteAction } from "~/routes/manage.$org.invite";
import { loader as remindersLoader } from "~/routes/manage.$org.reminders";
import { loader as staffLoader } from "~/routes/manage.$org.staff";
import { signIn } from "../support/auth";
import { stageUpload } from "../support/import";
import { callRoute } from "../support/routes";

const HEADER = "Employee Number,First Name,Last Name,Email,Staff Group,Department,Start Date";

let riversideManager: string;
let oakLodgeManager: string;
let riversideManagerId: string;
beforeAll(async () => {
  await seedDemo(db());
  riversideManager = await signIn("manager@riverside.example");
  oakLodgeManager = await signIn("manager@oaklodge.example");
  riversideManagerId = db().select().from(users).where(eq(users.email, "manager@riverside.example")).get()!.id;
});

const organisation = (code: string) => db().select().from(organisations).where(eq(organisations.code, code)).get()!;
const account = (email: string) => db().select().from(users).where(eq(users.email, email)).get()!;

/** Stages a staff list for Riverside as its manager, previews it and confirms it, through the routes. */
async function importIntoRiverside(lines: string[]) {
  const id = await stageUpload(organisation("XA1"), riversideManagerId, [HEADER, ...lines].join("\n"));
  const shown = await callRoute(previewLoader, {
    params: { org: "XA1", id },
    cookie: riversideManager,
    path: `/manage/XA1/import/${id}`,
  });
  const applied = await callRoute(applyAction, {
    params: { org: "XA1", id },
    cookie: riversideManager,
    form: { digest: shown.data.preview.digest },
    path: `/manage/XA1/import/${id}`,
  });
  expect(applied.status).toBe(200);
  await backgroundDeliveryIdle();
  return applied.data.done;
}

/** Every name a manager of the organisation sees on its staff list, as "Family, Given". */
async function staffNames(code: string, cookie: string): Promise<string[]> {
  const page = await callRoute(staffLoader, { params: { org: code }, cookie, path: `/manage/${code}/staff` });
  return page.data.staff.rows.map((r: { familyName: string; givenName: string }) => `${r.familyName}, ${r.givenName}`);
}

async function drillDownNames(code: string, cookie: string): Promise<string[]> {
  const page = await callRoute(drillDownLoader, {
    params: { org: code },
    cookie,
    path: `/manage/${code}/compliance/staff`,
  });
  return page.data.list.rows.map((r: { familyName: string; givenName: string }) => `${r.familyName}, ${r.givenName}`);
}

async function staffExport(code: string, cookie: string, format: "csv" | "json" | "xlsx" = "csv") {
  const response = await callRoute(exportLoader, {
    params: { org: code, kind: "staff" },
    cookie,
    path: `/manage/${code}/export/staff?format=${format}`,
  });
  expect(response.status).toBe(200);
  return response;
}

describe("the name an organisation's HR gives someone", () => {
  it("stays that organisation's: another organisation's import changes neither the account nor the first organisation's view", async () => {
    const carer = account("carer@oaklodge.example");
    expect(await staffNames("VX001", oakLodgeManager)).toContain("Price, Daniel");

    const done = await importIntoRiverside([
      "R-900,Dan,Price-Hughes,carer@oaklodge.example,Social Care,Ward 7,2025-01-06",
    ]);
    expect(done).toMatchObject({ added: 1 });
    // Asked to join, not added: the account and Oak Lodge's records are as they were.
    expect(account("carer@oaklodge.example")).toMatchObject({ givenName: "Daniel", familyName: "Price" });
    expect(await staffNames("VX001", oakLodgeManager)).toContain("Price, Daniel");

    const cookie = await signIn("carer@oaklodge.example");
    const [request] = (await callRoute(accountLoader, { cookie, path: "/account" })).data.requests;
    expect(request).toMatchObject({ givenName: "Dan", familyName: "Price-Hughes" });
    await callRoute(accountAction, { cookie, form: { intent: "accept", requestId: String(request.id) } });

    // Accepted: Riverside sees Riverside's spelling everywhere, Oak Lodge its own, and the account keeps its name.
    expect(await staffNames("XA1", riversideManager)).toContain("Price-Hughes, Dan");
    expect(await staffNames("XA1", riversideManager)).not.toContain("Price, Daniel");
    expect(await staffNames("VX001", oakLodgeManager)).toContain("Price, Daniel");
    expect(await staffNames("VX001", oakLodgeManager)).not.toContain("Price-Hughes, Dan");
    expect(await drillDownNames("XA1", riversideManager)).toContain("Price-Hughes, Dan");
    expect(await drillDownNames("VX001", oakLodgeManager)).toContain("Price, Daniel");
    const riversideCsv = await (await staffExport("XA1", riversideManager)).data;
    expect(riversideCsv).toContain(`"Price-Hughes","Dan","carer@oaklodge.example","R-900"`);
    expect(riversideCsv).not.toContain(`"Daniel"`);
    const json = await staffExport("XA1", riversideManager, "json");
    expect(JSON.stringify(json.data)).toContain('"familyName":"Price-Hughes","givenName":"Dan"');
    expect(await (await staffExport("VX001", oakLodgeManager)).data).toContain(
      `"Price","Daniel","carer@oaklodge.example","OL-0057"`,
    );
    expect(account("carer@oaklodge.example")).toMatchObject({
      givenName: carer.givenName,
      familyName: carer.familyName,
      email: carer.email,
      platformRole: carer.platformRole,
    });

    // Riverside spells it differently again: its own record changes, nothing else.
    const again = await importIntoRiverside([
      "R-900,Danny,Price-Hughes,carer@oaklodge.example,Social Care,Ward 7,2025-01-06",
    ]);
    expect(again).toMatchObject({ updated: 1 });
    expect(await staffNames("XA1", riversideManager)).toContain("Price-Hughes, Danny");
    expect(await staffNames("VX001", oakLodgeManager)).toContain("Price, Daniel");
    expect(account("carer@oaklodge.example")).toMatchObject({ givenName: "Daniel", familyName: "Price" });
    // Riverside's reminders page lists him as Riverside spells him.
    const reminders = await callRoute(remindersLoader, {
      params: { org: "XA1" },
      cookie: riversideManager,
      path: "/manage/XA1/reminders",
    });
    const names = reminders.data.rows.map((r: { name: string }) => r.name);
    expect(names).toContain("Danny Price-Hughes");
    expect(names).not.toContain("Daniel Price");
  });

  it("never renames an account from an import, even one only invited: the organisation's spelling goes on its record", async () => {
    await importIntoRiverside(["R-901,Gwen,Jones,gwen.jones@riverside.example,Nursing,Ward 7,2026-11-01"]);
    expect(account("gwen.jones@riverside.example")).toMatchObject({ givenName: "Gwen", familyName: "Jones" });
    expect(await staffNames("XA1", riversideManager)).toContain("Jones, Gwen");

    const done = await importIntoRiverside([
      "R-901,Gwenllian,Jones-Evans,gwen.jones@riverside.example,Nursing,Ward 7,2026-11-01",
    ]);
    expect(done).toMatchObject({ updated: 1 });
    expect(account("gwen.jones@riverside.example")).toMatchObject({ givenName: "Gwen", familyName: "Jones" });
    expect(await staffNames("XA1", riversideManager)).toContain("Jones-Evans, Gwenllian");
    const record = db()
      .select()
      .from(memberships)
      .where(
        and(
          eq(memberships.userId, account("gwen.jones@riverside.example").id),
          eq(memberships.organisationId, organisation("XA1").id),
        ),
      )
      .get()!;
    expect(record).toMatchObject({ hrGivenName: "Gwenllian", hrFamilyName: "Jones-Evans" });
  });

  it("lets no other organisation's Invite rename an account only invited elsewhere", async () => {
    const invited = await callRoute(inviteAction, {
      params: { org: "VX001" },
      cookie: oakLodgeManager,
      form: {
        givenName: "G.",
        familyName: "Someone",
        email: "gwen.jones@riverside.example",
        unitId: "",
        staffGroup: "social-care",
        jobRole: "",
        startDate: "2026-11-01",
        role: "learner",
      },
    });
    expect(invited.status).toBe(200);
    expect(account("gwen.jones@riverside.example")).toMatchObject({ givenName: "Gwen", familyName: "Jones" });
    expect(await staffNames("XA1", riversideManager)).toContain("Jones-Evans, Gwenllian");
    expect(await staffNames("VX001", oakLodgeManager)).not.toContain("Someone, G.");
  });

  it("leaves the email of an account its person has signed in to (single sign-on sets no password) as it is", async () => {
    await importIntoRiverside(["R-960,Sioned,Wyn,sioned.wyn@riverside.example,Nursing,Ward 7,2026-11-01"]);
    const sioned = account("sioned.wyn@riverside.example");
    recordAudit({ action: "sign-in", actorUserId: sioned.id, subjectUserId: sioned.id, details: { method: "sso" } });
    const id = await stageUpload(
      organisation("XA1"),
      riversideManagerId,
      [HEADER, "R-960,Sioned,Wyn,s.wyn@riverside.example,Nursing,Ward 7,2026-11-01"].join("\n"),
    );
    const notes = await callRoute(previewLoader, {
      params: { org: "XA1", id },
      cookie: riversideManager,
      path: `/manage/XA1/import/${id}?show=notes`,
    });
    expect(notes.data.preview.rows).toEqual([
      expect.objectContaining({
        row: 2,
        problems: [{ key: "staffImport.notes.ownAccount", values: { email: "sioned.wyn@riverside.example" } }],
      }),
    ]);
    await callRoute(applyAction, {
      params: { org: "XA1", id },
      cookie: riversideManager,
      form: { digest: notes.data.preview.digest },
      path: `/manage/XA1/import/${id}`,
    });
    expect(account("sioned.wyn@riverside.example")).toMatchObject({ id: sioned.id });
    expect(account("s.wyn@riverside.example")).toBeUndefined();

    // Someone who signed in through single sign-on and belongs nowhere yet is asked, not added, by another organisation.
    db()
      .insert(users)
      .values({ id: "sso-only-person", email: "sso.only@oaklodge.example", givenName: "Tal", familyName: "Ifan" })
      .run();
    recordAudit({ action: "sign-in", actorUserId: "sso-only-person", subjectUserId: "sso-only-person" });
    await callRoute(inviteAction, {
      params: { org: "XA1" },
      cookie: riversideManager,
      form: {
        givenName: "Tal",
        familyName: "Ifan",
        email: "sso.only@oaklodge.example",
        unitId: "",
        staffGroup: "social-care",
        jobRole: "",
        startDate: "2026-11-01",
        role: "learner",
      },
    });
    expect(db().select().from(memberships).where(eq(memberships.userId, "sso-only-person")).all()).toEqual([]);
    expect(db().select().from(joinRequests).where(eq(joinRequests.userId, "sso-only-person")).all()).toHaveLength(1);
  });

  it("keeps the name typed in Invite on the organisation's record", async () => {
    const invited = await callRoute(inviteAction, {
      params: { org: "XA1" },
      cookie: riversideManager,
      form: {
        givenName: "Rhys",
        familyName: "ap Dafydd",
        email: "rhys.dafydd@riverside.example",
        unitId: "",
        staffGroup: "nursing-midwifery",
        jobRole: "",
        startDate: "2026-11-01",
        role: "learner",
      },
    });
    expect(invited.status).toBe(200);
    const rhys = account("rhys.dafydd@riverside.example");
    expect(db().select().from(memberships).where(eq(memberships.userId, rhys.id)).get()).toMatchObject({
      hrGivenName: "Rhys",
      hrFamilyName: "ap Dafydd",
    });
    expect(await staffNames("XA1", riversideManager)).toContain("ap Dafydd, Rhys");
  });
});
