import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parsedStaffList } from "../support/import";
import { joinRequests, organisations, requirements, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { ensureComplianceCurrent, rebuildCompliance } from "~/compliance/store.server";
import { db } from "~/db.server";
import { recordCompletion } from "~/learning/completions.server";
import { acceptJoinRequest } from "~/organisations/join-requests.server";
import { applyStaffImport } from "~/staff-import/apply.server";
import { ESR_STAFF_GROUP_NAMES } from "~/staff-import/staff-groups";
import { addDays, todayIso } from "~/utils/dates";
import { buildFixtureContent, fixtureContentFolder } from "./compliance-fixture-content";

/**
 * An import refreshes its people's compliance rows in batches and writes the counters once per
 * counter at the end. A full rebuild computes the same tables another way (every person afresh,
 * counters summed in SQL), so after an import the two must agree to the last row and count.
 */
const T = todayIso();
const d = (n: number) => addDays(T, n);

const content = fixtureContentFolder();
process.env.CONTENT_BUILD_DIR = content.outDir;

beforeAll(async () => {
  // Phishing's new major version took effect ten days ago: older completions need a retake.
  await buildFixtureContent(content, [
    { slug: "spotting-phishing", version: "2.0.0", versionDate: d(-10), order: 1 },
    { slug: "passwords-and-access", version: "1.3.0", versionDate: d(-400), order: 2 },
  ]);
  // Two years of completions for every demo person, through the real write path.
  await seedDemo(db());
  const code = (c: string) => db().select().from(organisations).where(eq(organisations.code, c)).get()!.id;
  db()
    .insert(requirements)
    .values([
      {
        organisationId: code("XA1"),
        staffGroup: "admin-clerical",
        moduleSlug: "passwords-and-access",
        required: false,
      },
      { organisationId: code("XA1"), staffGroup: "medical-dental", moduleSlug: "spotting-phishing", renewalDays: 730 },
      { organisationId: code("X99001"), staffGroup: null, moduleSlug: "spotting-phishing", graceDays: 60 },
    ])
    .run();
  const receptionist = db().select().from(users).where(eq(users.email, "receptionist@bryn.example")).get()!;
  db().transaction((tx) =>
    recordCompletion(tx, {
      userId: receptionist.id,
      moduleSlug: "spotting-phishing",
      moduleVersion: "1.4.0",
      completedAt: new Date(`${d(-30)}T09:00:00Z`),
      scorePercent: 85,
      attemptId: null,
    }),
  );
  ensureComplianceCurrent();
});
afterAll(() => content.cleanUp());

const HEADER =
  "Employee Number,First Name,Last Name,Email,Organisation Code,Department,Staff Group,Job Role,Start Date,End Date";
const GROUPS = Object.values(ESR_STAFF_GROUP_NAMES);

/** More people than one refresh batch: new starters, long-serving staff, future starters and leavers-to-be. */
function newPeople(count: number): string[] {
  return Array.from({ length: count }, (_, i) => {
    const start = [d(-2000 + (i % 1_500)), d(-15), d(20), d(-400)][i % 4];
    const end = i % 9 === 0 ? d(100) : "";
    const department = i % 5 === 0 ? "" : `Ward ${i % 13}`;
    return `N${i},New,Person ${i},new.person${i}@riverside.example,XA1,${department},${GROUPS[i % GROUPS.length]},Staff,${start},${end}`;
  });
}

/** Every derived compliance table, in key order; counters that have come down to 0 say nothing. */
function derivedTables() {
  const client = db().$client;
  return {
    rows: client
      .prepare("SELECT * FROM compliance_rows ORDER BY organisation_id, module_id, unit_id, staff_group, user_id")
      .all(),
    counts: client.prepare("SELECT * FROM compliance_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4").all(),
    totals: client.prepare("SELECT * FROM compliance_totals WHERE n <> 0 ORDER BY 1, 2, 3").all(),
  };
}

describe("compliance after a large staff import", () => {
  it("is exactly what a full rebuild computes, for new people and for people with training from another organisation", async () => {
    const csv = [
      HEADER,
      ...newPeople(2_300),
      // Accounts from other organisations, with completions there (one of an older major version), are asked to join, and accept below.
      "B-017,Rhian,Jenkins,receptionist@bryn.example,XA1,Outpatients,Medical and Dental,Locum,2024-05-01,",
      ",Tomasz,Nowak,manager@oaklodge.example,XA1,Night care,Nursing and Midwifery Registered,Bank Nurse,2025-01-01,",
      ",Ffion,Morgan,carer@oaklodge.example,XA1,,Social Care,Carer,2026-01-01,",
      // Members who move unit and staff group, change start date, or leave.
      `10000001,Amira,Hussain,nurse@riverside.example,XA1,Emergency Department,Medical and Dental,Registrar,2019-04-01,`,
      `10000003,Tomasz,Kowalski,bank.nurse@riverside.example,XA1,Emergency Department,Nursing and Midwifery Registered,Bank Staff Nurse,2023-01-15,${d(-3)}`,
    ].join("\n");
    const organisation = db().select().from(organisations).where(eq(organisations.code, "XA1")).get()!;
    const before = derivedTables();
    const cacheSize = db().$client.pragma("cache_size", { simple: true });

    // A full list: the demo staff it leaves out are marked as leavers too.
    const result = applyStaffImport(
      {
        organisation,
        parsed: await parsedStaffList(organisation, csv),
        fileName: "large.csv",
        fullList: true,
        sendInvitations: false,
      },
      { actorUserId: null },
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.plan.counts).toMatchObject({ added: 2_303, updated: 1, leavers: 25, invalid: 0 });
    const asked = db().select().from(joinRequests).where(eq(joinRequests.organisationId, organisation.id)).all();
    expect(asked).toHaveLength(3);
    for (const request of asked)
      expect(acceptJoinRequest(request.userId, request.id)).toBe("Riverside University Hospitals NHS Trust");

    const client = db().$client;
    // The import keeps its statement journals in memory and has a larger page cache, and puts the connection's settings back.
    expect(client.pragma("temp_store", { simple: true })).toBe(0);
    expect(client.pragma("cache_size", { simple: true })).toBe(cacheSize);
    expect(client.prepare("SELECT COUNT(*) AS n FROM compliance_dirty_users").get()).toEqual({ n: 0 });
    const imported = derivedTables();
    expect(imported.rows.length).toBeGreaterThan(before.rows.length + 2_000 * 3);
    // The receptionist's XA1 phishing row follows XA1's rule for doctors, and the training she did at Bryn.
    const phishing = client
      .prepare(
        `SELECT r.never, r.renewal_days AS renewalDays FROM compliance_rows r JOIN users u ON u.id = r.user_id JOIN compliance_modules m ON m.id = r.module_id
         WHERE u.email = 'receptionist@bryn.example' AND r.organisation_id = ? AND m.slug = 'spotting-phishing'`,
      )
      .all(organisation.id);
    expect(phishing).toEqual([{ never: 0, renewalDays: 730 }]);

    const asOf = client.prepare("SELECT as_of_day AS day FROM compliance_state").get() as { day: number };
    client.transaction(() => rebuildCompliance(client, asOf.day))();
    expect(derivedTables()).toEqual(imported);
  });
});
