import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, memberships, organisations, units, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
import { backgroundDeliveryIdle } from "~/email/mailer.server";
import { action as applyAction, loader as previewLoader } from "~/routes/manage.$org.import.$id";
import { loader as downloadLoader } from "~/routes/manage.$org.import.$id_.download";
import { action as uploadAction } from "~/routes/manage.$org.import._index";
import { signIn } from "../support/auth";
import { readOutbox } from "../support/outbox";
import { callRoute, cookieHeader } from "../support/routes";

const HEADER = "Employee Number,First Name,Last Name,Email,Org Code,Staff Group,Department,Start Date";

let manager: string;
const organisation = (code: string) => db().select().from(organisations).where(eq(organisations.code, code)).get()!;
const account = (email: string) => db().select().from(users).where(eq(users.email, email)).get();
const membershipsOf = (email: string) =>
  db()
    .select({ code: organisations.code, membership: memberships })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(eq(users.email, email))
    .orderBy(organisations.code)
    .all();

beforeAll(async () => {
  await seedDemo(db());
  // Riverside's training manager also manages Oak Lodge (a care group's shared training lead).
  const riversideManager = account("manager@riverside.example")!;
  db()
    .insert(memberships)
    .values({
      userId: riversideManager.id,
      organisationId: organisation("VX001").id,
      staffGroup: "admin-clerical",
      role: "manager",
      startDate: "2020-01-01",
    })
    .run();
  manager = await signIn("manager@riverside.example");
});

async function upload(content: string, options: { fullList?: boolean } = {}) {
  const form = new FormData();
  form.append("file", new File([content], "care-group.csv", { type: "text/csv" }));
  form.append("sendInvitations", "yes");
  if (options.fullList) form.append("fullList", "yes");
  const request = new Request("http://localhost/manage/XA1/import", {
    method: "POST",
    body: form,
    headers: { Cookie: manager },
  });
  try {
    await uploadAction({ request, params: { org: "XA1" }, context: { clientIp: "203.0.113.10" } });
  } catch (thrown) {
    if (!(thrown instanceof Response)) throw thrown;
    return thrown.headers.get("Location")!.match(/\/manage\/XA1\/import\/([\w-]+)$/)![1];
  }
  throw new Error("The upload was not accepted");
}
const preview = (id: string, show = "") =>
  callRoute(previewLoader, {
    params: { org: "XA1", id },
    cookie: manager,
    path: `/manage/XA1/import/${id}${show ? `?show=${show}` : ""}`,
  });
const apply = (id: string, digest: string) =>
  callRoute(applyAction, {
    params: { org: "XA1", id },
    cookie: manager,
    form: { digest },
    path: `/manage/XA1/import/${id}`,
  });

describe("rows for another organisation code", () => {
  it("imports rows for every organisation the uploader manages in one confirm, and reports the rest in English and Welsh", async () => {
    const id = await upload(
      [
        HEADER,
        "R-1,Anwen,Pugh,anwen.pugh@riverside.example,XA1,Nursing,Emergency Department,2026-10-01",
        "OL-1,Osian,Lloyd,osian.lloyd@oaklodge.example,VX001,Social Care,Garden Room,2026-10-01",
        "B-1,Wrong,Place,wrong.place@bryn.example,X99001,Admin and Clerical,,2026-10-01",
        "R-2,Cai,Jenkins,cai.jenkins@riverside.example,,Nursing,Emergency Department,2026-10-01",
        "OL-0057,Daniel,Price,carer@oaklodge.example,vx001,Social Care,Garden Room,2026-11-16",
        "R-3,Nia,Banc,nia.banc@example.org,XA1,Nursing,Emergency Department,2026-10-01",
        "OL-2,Nia,Banc,nia.banc@example.org,VX001,Social Care,Garden Room,2026-10-01",
        "Z-1,No,Where,no.where@example.org,ZZ999,Nursing,,2026-10-01",
      ].join("\n"),
    );
    const shown = await preview(id);
    expect(shown.status).toBe(200);
    expect(shown.data.preview.counts).toMatchObject({ rows: 8, added: 5, updated: 1, invalid: 2, invitations: 4 });
    expect(shown.data.preview.organisations).toEqual([
      {
        code: "XA1",
        name: "Riverside University Hospitals NHS Trust",
        counts: expect.objectContaining({ added: 3, updated: 0 }),
      },
      { code: "VX001", name: "Oak Lodge Care Home", counts: expect.objectContaining({ added: 2, updated: 1 }) },
    ]);
    expect(shown.data.preview.newUnits).toEqual(["Garden Room (VX001)"]);
    const added = (await preview(id, "add")).data.preview.rows as Array<{ row: number; organisation: string }>;
    expect(added.map((r) => [r.row, r.organisation])).toEqual([
      [2, "XA1"],
      [3, "VX001"],
      [5, "XA1"],
      [7, "XA1"],
      [8, "VX001"],
    ]);
    // Row number, column as the file heads it, the value and the reason.
    const leftOut = (await preview(id, "leftOut")).data.preview.rows;
    expect(leftOut).toEqual([
      {
        row: 4,
        name: "Wrong Place",
        problems: [
          {
            key: "staffImport.errors.otherOrganisation",
            values: { code: "X99001", own: "XA1, VX001" },
            column: "Org Code",
          },
        ],
        startDate: "",
        endDate: "",
      },
      expect.objectContaining({
        row: 9,
        problems: [expect.objectContaining({ values: { code: "ZZ999", own: "XA1, VX001" }, column: "Org Code" })],
      }),
    ]);
    const download = (cookie: string) =>
      callRoute(downloadLoader, {
        params: { org: "XA1", id },
        cookie,
        path: `/manage/XA1/import/${id}/download?what=left-out`,
      });
    const english = String((await download(manager)).data).split("\r\n");
    // The row as the file had it, with the reason, to correct and upload again.
    expect(english.find((line) => line.includes("wrong.place@bryn.example"))).toBe(
      '"B-1","Wrong","Place","wrong.place@bryn.example","X99001","Admin and Clerical","","2026-10-01",' +
        '"Org Code: Organisation code X99001 is not one you manage (XA1, VX001), so this row is left out"',
    );
    const welshCookie = cookieHeader(manager.split("; "), [`lng=${encodeURIComponent(btoa(JSON.stringify("cy")))}`]);
    const welsh = String((await download(welshCookie)).data);
    expect(welsh).toContain(
      "Org Code: Nid yw cod sefydliad X99001 yn un rydych yn ei reoli (XA1, VX001), felly mae'r rhes hon wedi'i gadael allan",
    );

    const outboxBefore = readOutbox().length;
    const applied = await apply(id, shown.data.preview.digest);
    expect(applied.status).toBe(200);
    expect(applied.data.done).toMatchObject({ added: 5, updated: 1, leftOut: 2, invitations: 4 });
    await backgroundDeliveryIdle();

    expect(membershipsOf("anwen.pugh@riverside.example").map((m) => m.code)).toEqual(["XA1"]);
    expect(membershipsOf("cai.jenkins@riverside.example").map((m) => m.code)).toEqual(["XA1"]);
    expect(membershipsOf("osian.lloyd@oaklodge.example").map((m) => m.code)).toEqual(["VX001"]);
    expect(membershipsOf("wrong.place@bryn.example")).toEqual([]);
    expect(account("no.where@example.org")).toBeUndefined();
    // New to Cyber Basics on both lists: one account in both organisations, one invitation.
    expect(membershipsOf("nia.banc@example.org").map((m) => [m.code, m.membership.employeeNumber])).toEqual([
      ["VX001", "OL-2"],
      ["XA1", "R-3"],
    ]);
    const invitations = readOutbox().slice(outboxBefore);
    expect(invitations.map((m) => m.to).sort()).toEqual([
      "anwen.pugh@riverside.example",
      "cai.jenkins@riverside.example",
      "nia.banc@example.org",
      "osian.lloyd@oaklodge.example",
    ]);
    expect(invitations.find((m) => m.to === "osian.lloyd@oaklodge.example")!.body).toContain("Oak Lodge Care Home");
    // The new department is Oak Lodge's; Daniel moved into it there.
    const gardenRoom = db().select().from(units).where(eq(units.name, "Garden Room")).all();
    expect(gardenRoom.map((u) => u.organisationId)).toEqual([organisation("VX001").id]);
    expect(membershipsOf("carer@oaklodge.example")[0].membership.unitId).toBe(gardenRoom[0].id);
    // Each organisation's audit trail records its own part.
    for (const [code, counts] of [
      ["XA1", { added: 3, updated: 0 }],
      ["VX001", { added: 2, updated: 1 }],
    ] as const) {
      const events = db()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "staff-imported"), eq(auditEvents.organisationId, organisation(code).id)))
        .all();
      expect(events).toHaveLength(1);
      expect(events[0].details).toMatchObject({ fileName: "care-group.csv", ...counts });
    }
  });

  it("leaves the page's organisation alone when every row is another's, even for a full list", async () => {
    const id = await upload(
      [HEADER, "OL-40,Elen,Parry,elen.parry@oaklodge.example,VX001,Social Care,,2026-10-01"].join("\n"),
      { fullList: true },
    );
    const shown = await preview(id);
    expect(shown.data.preview.organisations.map((o: { code: string }) => o.code)).toEqual(["VX001"]);
    const leavers = (await preview(id, "leave")).data.preview.rows as Array<{ email: string; organisation: string }>;
    expect(leavers.length).toBeGreaterThan(0);
    expect(leavers.map((l) => l.organisation)).toEqual(leavers.map(() => "VX001"));
    expect(leavers.map((l) => l.email)).toContain("carer@oaklodge.example");
    expect(leavers.map((l) => l.email)).not.toContain("nurse@riverside.example");
    expect(shown.data.preview.counts.leavers).toBe(leavers.length);
  });

  it("writes every organisation's rows in one transaction: a failure in one leaves the other untouched", async () => {
    const id = await upload(
      [
        HEADER,
        "R-10,Ffion,Rees,ffion.rees@riverside.example,XA1,Nursing,Emergency Department,2026-10-01",
        "OL-10,Fails,Here,fails.here@oaklodge.example,VX001,Social Care,,2026-10-01",
      ].join("\n"),
    );
    const shown = await preview(id);
    const vx001 = organisation("VX001").id;
    db().$client.exec(
      `CREATE TRIGGER test_fail_in_oak_lodge BEFORE INSERT ON memberships WHEN NEW.organisation_id = ${vx001}
       BEGIN SELECT RAISE(ABORT, 'test failure'); END`,
    );
    await expect(apply(id, shown.data.preview.digest)).rejects.toThrow("test failure");
    db().$client.exec("DROP TRIGGER test_fail_in_oak_lodge");
    expect(account("ffion.rees@riverside.example")).toBeUndefined();
    expect(account("fails.here@oaklodge.example")).toBeUndefined();
  });

  it("applies nothing when the uploader no longer manages an organisation the preview wrote to", async () => {
    const id = await upload(
      [HEADER, "OL-20,Hywel,Bowen,hywel.bowen@oaklodge.example,VX001,Social Care,,2026-10-01"].join("\n"),
    );
    const shown = await preview(id);
    expect(shown.data.preview.counts).toMatchObject({ added: 1, invalid: 0 });
    const riversideManager = account("manager@riverside.example")!;
    const oakLodgeRole = and(
      eq(memberships.userId, riversideManager.id),
      eq(memberships.organisationId, organisation("VX001").id),
    );
    db().update(memberships).set({ role: "learner" }).where(oakLodgeRole).run();
    const applied = await apply(id, shown.data.preview.digest);
    expect(applied.status).toBe(409);
    expect(applied.data.problem).toEqual({ key: "staffImport.errors.changedSincePreview" });
    expect(account("hywel.bowen@oaklodge.example")).toBeUndefined();
    db().update(memberships).set({ role: "manager" }).where(oakLodgeRole).run();
  });
});

describe("scripts/import-staff.ts with rows for several organisations", () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ["--import", "tsx", "scripts/import-staff.ts", ...args], {
      encoding: "utf8",
      env: { ...process.env },
      timeout: 30_000,
    });
  const file = () => {
    const name = path.join(path.dirname(process.env.DATABASE_PATH!), "care-group-cli.csv");
    fs.writeFileSync(
      name,
      [
        HEADER,
        "R-30,Iolo,Morgan,iolo.morgan@riverside.example,XA1,Nursing,Emergency Department,2026-10-01",
        "OL-30,Lowri,Hughes,lowri.hughes@oaklodge.example,VX001,Social Care,,2026-10-01",
      ].join("\n"),
    );
    return name;
  };

  it("reports another organisation's rows unless --org names it too, then imports both in one run", () => {
    const alone = run("--org", "XA1", "--no-invitations", file());
    expect(alone.status, alone.stderr).toBe(0);
    expect(alone.stdout).toContain("Imported. Riverside University Hospitals NHS Trust (XA1), care-group-cli.csv");
    expect(alone.stdout).toMatch(/rows left out\s+1\n/);
    expect(alone.stdout).toContain(
      "row 3 Lowri Hughes: Org Code: Organisation code VX001 is not one you manage (XA1), so this row is left out",
    );
    expect(membershipsOf("lowri.hughes@oaklodge.example")).toEqual([]);

    const both = run("--org", "XA1", "--org", "vx001", "--no-invitations", file());
    expect(both.status, both.stderr).toBe(0);
    expect(both.stdout).toContain(
      "Imported. Riverside University Hospitals NHS Trust (XA1), Oak Lodge Care Home (VX001), care-group-cli.csv",
    );
    expect(both.stdout).toMatch(/added\s+1\n/);
    expect(both.stdout).toMatch(/rows left out\s+0\n/);
    expect(both.stdout).toMatch(/VX001\s+1 added, 0 updated, 0 leavers/);
    expect(membershipsOf("lowri.hughes@oaklodge.example").map((m) => m.code)).toEqual(["VX001"]);
    expect(membershipsOf("iolo.morgan@riverside.example").map((m) => m.code)).toEqual(["XA1"]);
  });
});
