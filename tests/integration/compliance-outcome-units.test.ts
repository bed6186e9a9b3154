import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { migrate } from "drizzle-orm/better-sqlite3/migrator";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDb, migrateDb, MIGRATIONS_DIR, type Db } from "@db/client";
import { attemptAnswers, memberships, organisations, quizAttempts, units, users, type StaffGroup } from "@db/schema";
import type { Scope } from "~/auth/scope";
import { MIN_PEOPLE, OTHER_GROUPS, outcomeInsight } from "~/compliance/insight.server";
import { db } from "~/db.server";

const MODULE = "spotting-phishing";
const WARNING = "spot-warning-signs";
const CLICKED = "act-if-clicked";

type Place = "A" | "B" | null;
interface Answer {
  questionId: string;
  outcomeId: string;
  correct: boolean;
}
interface Person {
  unit: Place;
  group: StaffGroup;
  answers: Answer[];
  /** Submitted, then marked first when graded (the quiz's own write path), rather than inserted as first. */
  graded: boolean;
}

const warning = (first: boolean, second: boolean): Answer[] => [
  { questionId: "q-warning-1", outcomeId: WARNING, correct: first },
  { questionId: "q-warning-2", outcomeId: WARNING, correct: second },
];
const clicked = (correct: boolean): Answer[] => [{ questionId: "q-clicked-1", outcomeId: CLICKED, correct }];

/**
 * Ward A: 6 nurses, 5 allied health professionals, 2 admin staff; 3 of its nurses were asked about
 * acting after a click. Ward B: 3 nurses and 4 admin staff, 4 asked about the click. 5 doctors have
 * no unit. Admin staff are 6 in the organisation (shown) but 2 in Ward A (not on their own), and 7
 * people answered on the click (shown) but 3 of them in Ward A (not shown).
 */
const PEOPLE: Person[] = [
  ...Array.from({ length: 6 }, (_, i) => ({
    unit: "A" as const,
    group: "nursing-midwifery" as const,
    answers: [...warning(i % 3 !== 0, true), ...(i < 3 ? clicked(i % 2 === 0) : [])],
    graded: i % 2 === 0,
  })),
  ...Array.from({ length: 5 }, (_, i) => ({
    unit: "A" as const,
    group: "allied-health-professionals" as const,
    answers: warning(true, i !== 4),
    graded: i % 2 === 1,
  })),
  ...Array.from({ length: 2 }, () => ({
    unit: "A" as const,
    group: "admin-clerical" as const,
    answers: warning(true, false),
    graded: false,
  })),
  ...Array.from({ length: 3 }, (_, i) => ({
    unit: "B" as const,
    group: "nursing-midwifery" as const,
    answers: [...warning(true, false), ...clicked(false)],
    graded: i === 0,
  })),
  ...Array.from({ length: 4 }, (_, i) => ({
    unit: "B" as const,
    group: "admin-clerical" as const,
    answers: [...warning(false, true), ...(i === 0 ? clicked(true) : [])],
    graded: true,
  })),
  ...Array.from({ length: 5 }, () => ({
    unit: null,
    group: "medical-dental" as const,
    answers: warning(true, true),
    graded: false,
  })),
];

const SUBMITTED = new Date(Date.now() - 40 * 86_400_000);

function insertPerson(database: Db, organisationId: number, unitId: number | null, person: Person): string {
  const userId = database
    .insert(users)
    .values({
      id: crypto.randomUUID(),
      email: `${crypto.randomUUID()}@units.example`,
      givenName: "Unit",
      familyName: "Tester",
    })
    .returning()
    .get().id;
  database
    .insert(memberships)
    .values({ userId, organisationId, unitId, staffGroup: person.group, startDate: "2020-01-01" })
    .run();
  const id = crypto.randomUUID();
  const correctCount = person.answers.filter((a) => a.correct).length;
  const attempt = {
    id,
    userId,
    moduleSlug: MODULE,
    moduleVersion: "1.0.0",
    language: "en-GB" as const,
    questions: [],
    startedAt: SUBMITTED,
    questionCount: person.answers.length,
  };
  const result = {
    submittedAt: SUBMITTED,
    correctCount,
    scorePercent: Math.floor((correctCount * 100) / person.answers.length),
    passed: false,
    isFirstAttempt: true,
  };
  if (person.graded) {
    database.insert(quizAttempts).values(attempt).run();
    database.update(quizAttempts).set(result).where(eq(quizAttempts.id, id)).run();
  } else {
    database
      .insert(quizAttempts)
      .values({ ...attempt, ...result })
      .run();
  }
  database
    .insert(attemptAnswers)
    .values(person.answers.map((a) => ({ attemptId: id, ...a })))
    .run();
  return userId;
}

/** The organisation, its Ward A and Ward B, and everyone in PEOPLE with their first attempt. */
function addFixture(database: Db, code: string) {
  const organisationId = database
    .insert(organisations)
    .values({ code, name: `Unit Outcomes ${code}`, kind: "acute-trust" })
    .returning()
    .get().id;
  const unit = (name: string) => database.insert(units).values({ organisationId, name }).returning().get().id;
  const unitIds = { A: unit("Ward A"), B: unit("Ward B") };
  for (const person of PEOPLE)
    insertPerson(database, organisationId, person.unit ? unitIds[person.unit] : null, person);
  return { organisationId, unitIds };
}

/** Counted by hand from PEOPLE: the answers, right answers and people on an outcome in these units. */
function expected(places: Place[], outcomeId: string) {
  const answers = PEOPLE.filter((p) => places.includes(p.unit)).flatMap((p) =>
    p.answers.filter((a) => a.outcomeId === outcomeId),
  );
  return {
    answers: answers.length,
    correct: answers.filter((a) => a.correct).length,
    people: PEOPLE.filter((p) => places.includes(p.unit) && p.answers.some((a) => a.outcomeId === outcomeId)).length,
  };
}

const percentOf = (e: { answers: number; correct: number }) => Math.round((e.correct * 1000) / e.answers) / 10;

function insightFor(scope: Scope, database: Db = db()) {
  const modules = outcomeInsight(scope, "en-GB", undefined, database);
  expect(modules.map((m) => m.slug)).toEqual([MODULE]);
  const [module] = modules;
  return { module, outcome: (id: string) => module.outcomes.find((o) => o.id === id)! };
}

describe("learning outcomes for a unit manager", () => {
  let organisationId: number;
  let unitIds: { A: number; B: number };
  beforeAll(() => {
    ({ organisationId, unitIds } = addFixture(db(), "OU1"));
  });
  const wardA = (): Scope => ({ organisationId, unitIds: [unitIds.A] });

  it("shows Ward A's manager Ward A's first attempts only, counted as the answers were given", () => {
    const { module, outcome } = insightFor(wardA());
    expect(module.people).toBe(PEOPLE.filter((p) => p.unit === "A").length);
    const mine = expected(["A"], WARNING);
    expect(outcome(WARNING).all).toEqual({ answers: mine.answers, correct: mine.correct, percent: percentOf(mine) });
    expect(module.groups.flatMap((g) => g.members)).not.toContain("medical-dental");
  });

  it("hides what fewer than 5 of the unit's people gave, though the organisation's figure is shown", () => {
    const organisation = insightFor({ organisationId, unitIds: null });
    const unit = insightFor(wardA());

    expect(expected([null, "A", "B"], CLICKED).people).toBeGreaterThanOrEqual(MIN_PEOPLE);
    expect(organisation.outcome(CLICKED).all.percent).toBe(percentOf(expected([null, "A", "B"], CLICKED)));
    expect(expected(["A"], CLICKED).people).toBeLessThan(MIN_PEOPLE);
    expect(unit.outcome(CLICKED).all.percent).toBeNull();
    expect(unit.outcome(CLICKED).byGroup.every((c) => c.percent === null)).toBe(true);

    // Admin staff: 6 in the organisation, a column of their own; 2 in Ward A, merged with the next smallest group.
    const adminColumn = (groups: { group: string; shown: boolean }[]) =>
      groups.find((g) => g.group === "admin-clerical");
    expect(adminColumn(organisation.module.groups)?.shown).toBe(true);
    expect(adminColumn(unit.module.groups)).toBeUndefined();
    const other = unit.module.groups.find((g) => g.group === OTHER_GROUPS)!;
    expect(other.members).toEqual(["admin-clerical", "allied-health-professionals"]);
    expect(other.people).toBe(7);
    expect(unit.module.groups.map((g) => [g.group, g.shown])).toEqual([
      ["nursing-midwifery", true],
      [OTHER_GROUPS, true],
    ]);
  });

  it("sums a manager's two units", () => {
    const { module, outcome } = insightFor({ organisationId, unitIds: [unitIds.A, unitIds.B] });
    expect(module.people).toBe(PEOPLE.filter((p) => p.unit !== null).length);
    for (const id of [WARNING, CLICKED]) {
      const both = expected(["A", "B"], id);
      expect(outcome(id).all).toEqual({ answers: both.answers, correct: both.correct, percent: percentOf(both) });
    }
    const a = insightFor(wardA()).outcome(WARNING).all;
    const b = insightFor({ organisationId, unitIds: [unitIds.B] }).outcome(WARNING).all;
    expect(outcome(WARNING).all.answers).toBe(a.answers + b.answers);
    expect(outcome(WARNING).all.correct).toBe(a.correct + b.correct);
  });

  it("leaves the whole organisation's figures to everyone, with or without a unit", () => {
    const { module, outcome } = insightFor({ organisationId, unitIds: null });
    expect(module.people).toBe(PEOPLE.length);
    const all = expected([null, "A", "B"], WARNING);
    expect(outcome(WARNING).all).toEqual({ answers: all.answers, correct: all.correct, percent: percentOf(all) });
  });

  it("counts an attempt at the unit the person was in when it was graded, not where they move later", () => {
    const counted = (unitId: number) =>
      db()
        .$client.prepare(
          "SELECT COALESCE(SUM(answers), 0) AS n FROM compliance_outcome_unit_counts WHERE unit_id = ? AND outcome_id = ''",
        )
        .get(unitId) as { n: number };
    const before = { A: counted(unitIds.A).n, B: counted(unitIds.B).n };
    const userId = insertPerson(db(), organisationId, unitIds.B, PEOPLE[0]);
    db().update(memberships).set({ unitId: unitIds.A }).where(eq(memberships.userId, userId)).run();
    expect(counted(unitIds.B).n).toBe(before.B + 1);
    expect(counted(unitIds.A).n).toBe(before.A);
  });
});

describe("migration 0015 (outcome counts per unit)", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cb-outcome-units-"));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A copy of the committed migrations that stops at `tag`. */
  function migrationsUpTo(tag: string): string {
    const folder = path.join(dir, "migrations");
    fs.cpSync(MIGRATIONS_DIR!, folder, { recursive: true });
    const journalFile = path.join(folder, "meta", "_journal.json");
    const journal = JSON.parse(fs.readFileSync(journalFile, "utf8")) as { entries: { tag: string }[] };
    const last = journal.entries.findIndex((e) => e.tag === tag);
    expect(last).toBeGreaterThan(0);
    journal.entries = journal.entries.slice(0, last + 1);
    fs.writeFileSync(journalFile, JSON.stringify(journal));
    return folder;
  }

  const rows = (database: Db, table: string) =>
    database.$client.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3, 4, 5, 6`).all();

  it("leaves the organisation counts as they were, and backfills the unit counts the triggers would have made", () => {
    const before = createDb(path.join(dir, "before.db"));
    migrate(before, { migrationsFolder: migrationsUpTo("0014_unit-managers") });
    const { organisationId } = addFixture(before, "OU2");
    const organisationRows = rows(before, "compliance_outcome_counts");
    const organisationInsight = outcomeInsight({ organisationId, unitIds: null }, "en-GB", undefined, before);
    expect(organisationRows.length).toBeGreaterThan(0);

    migrateDb(before);
    expect(rows(before, "compliance_outcome_counts")).toEqual(organisationRows);
    expect(outcomeInsight({ organisationId, unitIds: null }, "en-GB", undefined, before)).toEqual(organisationInsight);

    // The same people and attempts written after the migration, so counted by the triggers.
    const after = createDb(path.join(dir, "after.db"));
    migrateDb(after);
    addFixture(after, "OU2");
    const backfilled = rows(before, "compliance_outcome_unit_counts");
    expect(backfilled.length).toBeGreaterThan(0);
    expect(backfilled).toEqual(rows(after, "compliance_outcome_unit_counts"));
    before.$client.close();
    after.$client.close();
  });
});
