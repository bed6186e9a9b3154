import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, organisations, requirements, units, users, type StaffGroup } from "@db/schema";
import { dayOf } from "~/compliance/days";
import {
  figuresOnDays,
  moduleInfo,
  nationalFigures,
  organisationCells,
  staffList,
  sumBy,
} from "~/compliance/figures.server";
import { ALL_MODULES } from "~/compliance/person-rows.server";
import { percent, type Tally } from "~/compliance/status";
import {
  EXPECTED_COUNTS_SQL,
  EXPECTED_TOTALS_SQL,
  ensureComplianceCurrent,
  refreshPersonCompliance,
} from "~/compliance/store.server";
import { db } from "~/db.server";
import { recordCompletion } from "~/learning/completions.server";
import { myTraining } from "~/learning/my-training.server";
import { addDays, todayIso } from "~/utils/dates";
import { buildFixtureContent, fixtureContentFolder } from "./compliance-fixture-content";

/**
 * Hand-computed figures for two organisations, with today as T. Spotting phishing (P) is at major
 * version 2 since T-10; passwords and access (W) at major 1. National defaults: both required of every
 * staff group, renewed every 365 days, 30 days' grace. Organisation A does not require W of admin staff,
 * and gives medical staff 730 days for P. The cases: renewal boundaries, new starters in grace, a leaver,
 * a future starter, bank staff in both organisations, and a retake after a new major version.
 */
const T = todayIso();
const d = (n: number) => addDays(T, n);
const at = (n: number) => new Date(`${d(n)}T12:00:00Z`);

const content = fixtureContentFolder();
process.env.CONTENT_BUILD_DIR = content.outDir;
let orgA: number;
let orgB: number;
const ids: Record<string, string> = {};
let P: number;
let W: number;

beforeAll(async () => {
  await buildFixtureContent(content, [
    { slug: "spotting-phishing", version: "2.0.0", versionDate: d(-10), order: 1 },
    { slug: "passwords-and-access", version: "1.3.0", versionDate: d(-400), order: 2 },
  ]);

  const database = db();
  orgA = database
    .insert(organisations)
    .values({ code: "TA1", name: "Test Trust A", kind: "acute-trust" })
    .returning()
    .get().id;
  orgB = database
    .insert(organisations)
    .values({ code: "TB1", name: "Test Care B", kind: "care-provider" })
    .returning()
    .get().id;
  const u1 = database.insert(units).values({ organisationId: orgA, name: "Unit one" }).returning().get().id;
  const u2 = database.insert(units).values({ organisationId: orgA, name: "Unit two" }).returning().get().id;
  database
    .insert(requirements)
    .values([
      { organisationId: orgA, staffGroup: "admin-clerical", moduleSlug: "passwords-and-access", required: false },
      { organisationId: orgA, staffGroup: "medical-dental", moduleSlug: "spotting-phishing", renewalDays: 730 },
    ])
    .run();

  const person = (
    name: string,
    org: number,
    unitId: number | null,
    staffGroup: StaffGroup,
    start: number,
    end: number | null = null,
  ) => {
    ids[name] ??= database
      .insert(users)
      .values({
        id: crypto.randomUUID(),
        email: `${name}@test.example`,
        givenName: name,
        familyName: `${name[0].toUpperCase()}${name.slice(1)}son`,
      })
      .returning()
      .get().id;
    database
      .insert(memberships)
      .values({
        userId: ids[name],
        organisationId: org,
        unitId,
        staffGroup,
        startDate: d(start),
        endDate: end === null ? null : d(end),
      })
      .run();
  };
  person("alice", orgA, u1, "nursing-midwifery", -1000);
  person("bob", orgA, u1, "nursing-midwifery", -1000);
  person("carol", orgA, u2, "admin-clerical", -10);
  person("dan", orgA, u1, "nursing-midwifery", -1000, -1);
  person("erin", orgA, u2, "nursing-midwifery", 5);
  person("frank", orgA, u2, "admin-clerical", -500);
  person("frank", orgB, null, "nursing-midwifery", -200);
  person("gina", orgA, u1, "nursing-midwifery", -20);
  person("hugo", orgA, u1, "nursing-midwifery", -2000);
  person("ivan", orgA, u2, "medical-dental", -3000);
  person("jay", orgA, null, "nursing-midwifery", -3000);

  const complete = (name: string, slug: string, version: string, daysAgo: number) =>
    database.transaction((tx) =>
      recordCompletion(tx, {
        userId: ids[name],
        moduleSlug: slug,
        moduleVersion: version,
        completedAt: at(-daysAgo),
        scorePercent: 90,
        attemptId: null,
      }),
    );
  complete("alice", "spotting-phishing", "2.0.0", 100);
  complete("alice", "passwords-and-access", "1.3.0", 350);
  complete("bob", "spotting-phishing", "2.0.0", 365);
  complete("bob", "passwords-and-access", "1.3.0", 364);
  complete("dan", "spotting-phishing", "2.0.0", 20);
  complete("dan", "passwords-and-access", "1.3.0", 20);
  complete("frank", "spotting-phishing", "1.2.0", 50);
  complete("gina", "passwords-and-access", "1.3.0", 5);
  complete("hugo", "spotting-phishing", "2.0.0", 400);
  complete("hugo", "spotting-phishing", "2.0.0", 30);
  complete("hugo", "passwords-and-access", "1.3.0", 366);
  complete("ivan", "spotting-phishing", "2.0.0", 500);
  complete("ivan", "passwords-and-access", "1.3.0", 100);

  const modules = moduleInfo("en-GB");
  P = modules.find((m) => m.slug === "spotting-phishing")!.id;
  W = modules.find((m) => m.slug === "passwords-and-access")!.id;
});
afterAll(() => content.cleanUp());

const tally = (
  people: number,
  compliant: number,
  dueSoon: number,
  overdue: number,
  notStarted: number,
  newStarters: number,
): Tally => ({ people, compliant, dueSoon, overdue, notStarted, newStarters });

describe("live figures against hand-computed fixtures", () => {
  it("counts organisation A per module and for all required training", () => {
    const byModule = sumBy(organisationCells(orgA), (c) => c.moduleId);
    // P: alice, hugo, ivan (730 days) in date; frank must retake (due within the grace); bob's expired on
    // its expiry day; jay never started; carol and gina are in grace. dan left, erin has not started.
    expect(byModule.get(P)).toEqual(tally(8, 3, 1, 1, 1, 2));
    expect(percent(byModule.get(P)!)).toBe(66.6);
    // W: not required of admin staff (carol, frank). alice and bob (one day left) due soon; hugo expired yesterday.
    expect(byModule.get(W)).toEqual(tally(6, 2, 2, 1, 1, 0));
    // All: ivan compliant; alice, frank and gina (P still in grace, so left out) due soon; bob, hugo overdue.
    expect(byModule.get(ALL_MODULES)).toEqual(tally(8, 1, 3, 2, 1, 1));
    expect(percent(byModule.get(ALL_MODULES)!)).toBe(57.1);
  });

  it("counts the bank nurse once in organisation B, where other rules apply", () => {
    const byModule = sumBy(organisationCells(orgB), (c) => c.moduleId);
    expect(byModule.get(P)).toEqual(tally(1, 0, 1, 0, 0, 0));
    expect(byModule.get(W)).toEqual(tally(1, 0, 0, 0, 1, 0));
    // Retake window open for P, W never done and past grace: not started, and overdue once the retake window closes.
    expect(byModule.get(ALL_MODULES)).toEqual(tally(1, 0, 0, 0, 1, 0));
  });

  it("breaks figures down by unit and staff group", () => {
    const cells = organisationCells(orgA);
    const unitIds = db().select().from(units).all();
    const unitOne = unitIds.find((u) => u.name === "Unit one")!.id;
    const byUnit = sumBy(
      cells.filter((c) => c.moduleId === P),
      (c) => c.unitId,
    );
    expect(byUnit.get(unitOne)).toEqual(tally(4, 2, 0, 1, 0, 1));
    expect(byUnit.get(0)).toEqual(tally(1, 0, 0, 0, 1, 0));
    const byGroup = sumBy(
      cells.filter((c) => c.moduleId === ALL_MODULES),
      (c) => c.staffGroup,
    );
    expect(byGroup.get("admin-clerical")).toEqual(tally(2, 0, 1, 0, 0, 1));
    expect(byGroup.get("medical-dental")).toEqual(tally(1, 1, 0, 0, 0, 0));
    // Filters narrow the same query.
    expect(
      sumBy(organisationCells(orgA, { unitId: unitOne, staffGroup: "nursing-midwifery" }), (c) => c.moduleId).get(P),
    ).toEqual(tally(4, 2, 0, 1, 0, 1));
  });

  it("agrees with the learner's own status and date for people with one membership", () => {
    for (const name of ["alice", "bob", "carol", "gina", "hugo", "ivan", "jay"]) {
      const mine = myTraining(ids[name], "en-GB").required;
      expect(mine.length, name).toBeGreaterThan(0);
      for (const item of mine) {
        const moduleId = item.slug === "spotting-phishing" ? P : W;
        const listed = staffList(orgA, { moduleId }, "name", false, 1).rows.find((r) => r.userId === ids[name]);
        expect(listed?.status, `${name} ${item.slug}`).toBe(item.status);
        expect(listed ? new Date(listed.dueDay * 86_400_000).toISOString().slice(0, 10) : null).toBe(item.lastDay);
      }
    }
  });

  it("lists the people behind a figure, sorted and filtered, without leavers or future starters", () => {
    expect(staffList(orgA, { moduleId: P, status: "overdue" }, "name", false, 1).rows.map((r) => r.givenName)).toEqual([
      "bob",
    ]);
    expect(
      staffList(orgA, { moduleId: P, status: "new-starter" }, "name", false, 1).rows.map((r) => r.givenName),
    ).toEqual(["carol", "gina"]);
    const all = staffList(orgA, { moduleId: ALL_MODULES }, "name", true, 1);
    expect(all.total).toBe(8);
    expect(all.rows.map((r) => r.givenName)).toEqual(["jay", "ivan", "hugo", "gina", "frank", "carol", "bob", "alice"]);
    expect(all.rows.map((r) => r.givenName)).not.toContain("dan");
    const byStatus = staffList(orgA, { moduleId: ALL_MODULES }, "status", false, 1).rows.map((r) => r.status);
    expect(byStatus).toEqual([
      "overdue",
      "overdue",
      "not-started",
      "due-soon",
      "due-soon",
      "due-soon",
      "new-starter",
      "compliant",
    ]);
  });

  it("keeps the national counters equal to the rows, and to each organisation's own figures", () => {
    const client = db().$client;
    const stored = client
      .prepare(
        "SELECT organisation_id, module_id, kind, day, n FROM compliance_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4",
      )
      .all();
    expect(stored).toEqual(client.prepare(`${EXPECTED_COUNTS_SQL} ORDER BY 1, 2, 3, 4`).all());
    expect(client.prepare("SELECT * FROM compliance_totals WHERE n <> 0 ORDER BY 1, 2, 3").all()).toEqual(
      client.prepare(`${EXPECTED_TOTALS_SQL} ORDER BY 1, 2, 3`).all(),
    );
    const national = nationalFigures();
    for (const org of [orgA, orgB]) {
      const own = sumBy(organisationCells(org), (c) => c.moduleId);
      for (const row of national.filter((n) => n.organisationId === org)) {
        const { organisationId: _o, moduleId, ...figures } = row;
        expect(figures).toEqual(own.get(moduleId));
      }
    }
  });

  it("works out past days from the completions on record, matching today's live figures", () => {
    const [today, past] = figuresOnDays(orgA, [dayOf(T), dayOf(d(-40))]);
    const live = sumBy(organisationCells(orgA), (c) => c.moduleId);
    for (const id of [P, W, ALL_MODULES]) {
      const t = live.get(id)!;
      expect(today.byModule.get(id), `module ${id}`).toEqual({
        counted: t.people - t.newStarters,
        compliant: t.compliant + t.dueSoon,
        inGrace: t.newStarters,
      });
    }
    // At T-40: dan had not left; carol, gina and erin had not started; frank's older version still counted.
    expect(past.byModule.get(P)).toEqual({ counted: 7, compliant: 5, inGrace: 0 });
    expect(past.byModule.get(W)).toEqual({ counted: 6, compliant: 4, inGrace: 0 });
    expect(past.byModule.get(ALL_MODULES)).toEqual({ counted: 7, compliant: 5, inGrace: 0 });
  });

  it("writes the same rows on the completion's fast path as recomputing everyone from the facts", () => {
    const client = db().$client;
    const snapshot = () =>
      client
        .prepare("SELECT * FROM compliance_rows ORDER BY organisation_id, module_id, unit_id, staff_group, user_id")
        .all();
    const recomputeEveryone = () => {
      client.prepare("INSERT INTO compliance_dirty_users (user_id) SELECT DISTINCT user_id FROM memberships").run();
      ensureComplianceCurrent();
    };
    const lastCompletion = (client.prepare("SELECT MAX(id) AS id FROM completions").get() as { id: number }).id;
    // frank retakes P in both his organisations; gina completes P while still in grace; hugo renews W.
    for (const [name, slug, version] of [
      ["frank", "spotting-phishing", "2.0.0"],
      ["gina", "spotting-phishing", "2.0.0"],
      ["hugo", "passwords-and-access", "1.3.0"],
    ]) {
      db().transaction((tx) =>
        recordCompletion(tx, {
          userId: ids[name],
          moduleSlug: slug,
          moduleVersion: version,
          completedAt: at(0),
          scorePercent: 95,
          attemptId: null,
        }),
      );
    }
    const fast = snapshot();
    expect(sumBy(organisationCells(orgB), (c) => c.moduleId).get(P)).toEqual(tally(1, 1, 0, 0, 0, 0));
    recomputeEveryone();
    expect(snapshot()).toEqual(fast);

    // A stored row that does not match what it would compute sends the next completion the slow way.
    client.prepare("UPDATE compliance_rows SET history = '' WHERE user_id = ? AND module_id = 0").run(ids.alice);
    db().transaction((tx) =>
      recordCompletion(tx, {
        userId: ids.alice,
        moduleSlug: "passwords-and-access",
        moduleVersion: "1.3.0",
        completedAt: at(-300),
        scorePercent: 95,
        attemptId: null,
      }),
    );
    const afterFallback = snapshot();
    recomputeEveryone();
    expect(snapshot()).toEqual(afterFallback);
    expect(
      client
        .prepare(
          "SELECT organisation_id, module_id, kind, day, n FROM compliance_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4",
        )
        .all(),
    ).toEqual(client.prepare(`${EXPECTED_COUNTS_SQL} ORDER BY 1, 2, 3, 4`).all());

    // Undo, so the hand-computed figures the later tests expect hold again.
    client.prepare("DELETE FROM completions WHERE id > ?").run(lastCompletion);
    recomputeEveryone();
    expect(sumBy(organisationCells(orgA), (c) => c.moduleId).get(P)).toEqual(tally(8, 3, 1, 1, 1, 2));
  });

  it("follows membership changes made without calling refreshPersonCompliance, through the triggers", () => {
    const before = sumBy(organisationCells(orgA), (c) => c.moduleId).get(P)!;
    // jay leaves: a plain UPDATE, as an import might do.
    db().$client.prepare("UPDATE memberships SET end_date = ? WHERE user_id = ?").run(d(-1), ids.jay);
    const after = sumBy(organisationCells(orgA), (c) => c.moduleId).get(P)!;
    expect(after).toEqual({ ...before, people: before.people - 1, notStarted: before.notStarted - 1 });
    db().$client.prepare("UPDATE memberships SET end_date = NULL WHERE user_id = ?").run(ids.jay);
    db().transaction((tx) => refreshPersonCompliance(tx, ids.jay));
    expect(sumBy(organisationCells(orgA), (c) => c.moduleId).get(P)).toEqual(before);
  });

  it("rolls over to a later day: leavers stop counting, starters start, completions expire", () => {
    const later = d(6);
    ensureComplianceCurrent(db(), later);
    const byModule = sumBy(organisationCells(orgA, {}, later), (c) => c.moduleId);
    // erin has started (a new starter); alice's W is still in date (expires T+15), bob's W expired at T+1.
    expect(byModule.get(P)).toEqual(tally(9, 3, 1, 1, 1, 3));
    expect(byModule.get(W)).toEqual(tally(7, 2, 1, 2, 1, 1));
    const client = db().$client;
    expect(
      client
        .prepare(
          "SELECT organisation_id, module_id, kind, day, n FROM compliance_counts WHERE n <> 0 ORDER BY 1, 2, 3, 4",
        )
        .all(),
    ).toEqual(client.prepare(`${EXPECTED_COUNTS_SQL} ORDER BY 1, 2, 3, 4`).all());
    expect(nationalFigures(later).filter((n) => n.organisationId === orgA && n.moduleId === P)[0]).toMatchObject(
      tally(9, 3, 1, 1, 1, 3),
    );
  });
});
