import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, organisations, users } from "@db/schema";
import { organisationCells, staffList, sumBy } from "~/compliance/figures.server";
import { EXPECTED_COUNTS_SQL, ensureComplianceCurrent, forgetCatalogueSignature } from "~/compliance/store.server";
import { db } from "~/db.server";
import { recordCompletion } from "~/learning/completions.server";
import { addDays, todayIso } from "~/utils/dates";
import { buildFixtureContent, fixtureContentFolder } from "./compliance-fixture-content";

/**
 * A new major version: completions of the older one count until the new version's date, then people
 * have the grace period (30 days) to retake it. The date passing, and a new major version appearing in
 * the catalogue, both move the figures without anyone recording anything.
 */
// In development the catalogue notices a rebuilt module (set before env() first reads it).
process.env.NODE_ENV = "development";
const T = todayIso();
const d = (n: number) => addDays(T, n);
const content = fixtureContentFolder();
process.env.CONTENT_BUILD_DIR = content.outDir;
let org: number;
let moduleId: number;

beforeAll(async () => {
  await buildFixtureContent(content, [{ slug: "spotting-phishing", version: "2.0.0", versionDate: d(3), order: 1 }]);
  const database = db();
  org = database
    .insert(organisations)
    .values({ code: "TV1", name: "Version Trust", kind: "acute-trust" })
    .returning()
    .get().id;
  for (const [name, version] of [
    ["olga", "1.4.0"],
    ["petra", "2.0.0"],
  ] as const) {
    const id = database
      .insert(users)
      .values({ id: crypto.randomUUID(), email: `${name}@versions.example`, givenName: name, familyName: "Test" })
      .returning()
      .get().id;
    database
      .insert(memberships)
      .values({ userId: id, organisationId: org, staffGroup: "admin-clerical", startDate: "2020-01-01" })
      .run();
    database.transaction((tx) =>
      recordCompletion(tx, {
        userId: id,
        moduleSlug: "spotting-phishing",
        moduleVersion: version,
        completedAt: new Date(`${d(-100)}T12:00:00Z`),
        scorePercent: 90,
        attemptId: null,
      }),
    );
  }
  moduleId = (
    db().$client.prepare("SELECT id FROM compliance_modules WHERE slug = 'spotting-phishing'").get() as { id: number }
  ).id;
});
afterAll(() => content.cleanUp());

const statuses = (today: string) =>
  staffList(org, { moduleId }, "name", false, 1, today).rows.map((r) => `${r.givenName}:${r.status}`);
const countersMatch = () => {
  const client = db().$client;
  expect(
    client
      .prepare(
        "SELECT organisation_id, module_id, kind, day, n FROM compliance_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4",
      )
      .all(),
  ).toEqual(client.prepare(`${EXPECTED_COUNTS_SQL} ORDER BY 1, 2, 3, 4`).all());
};

describe("module versions", () => {
  it("counts an older major version's completion until the new version's date", () => {
    expect(statuses(T)).toEqual(["olga:compliant", "petra:compliant"]);
  });

  it("asks for a retake within the grace period once the date passes, then marks it overdue", () => {
    ensureComplianceCurrent(db(), d(5));
    expect(statuses(d(5))).toEqual(["olga:due-soon", "petra:compliant"]);
    expect(sumBy(organisationCells(org, {}, d(5)), (c) => c.moduleId).get(moduleId)).toMatchObject({
      people: 2,
      compliant: 1,
      dueSoon: 1,
    });
    countersMatch();
    ensureComplianceCurrent(db(), d(40));
    expect(statuses(d(40))).toEqual(["olga:overdue", "petra:compliant"]);
    countersMatch();
  });

  it("follows a new major version that appears in the catalogue", async () => {
    await buildFixtureContent(content, [{ slug: "spotting-phishing", version: "3.0.0", versionDate: d(10), order: 1 }]);
    forgetCatalogueSignature();
    ensureComplianceCurrent(db(), d(45));
    // Version 3 took effect 35 days ago: both older completions now need a retake, and the grace has run out.
    expect(statuses(d(45))).toEqual(["olga:overdue", "petra:overdue"]);
    countersMatch();
  });
});
