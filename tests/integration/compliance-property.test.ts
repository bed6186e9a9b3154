import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, organisations, requirements, units, users, type StaffGroup } from "@db/schema";
import { dayOf, isoOf } from "~/compliance/days";
import { exportCompliance, exportToBuffer } from "~/compliance/exports.server";
import { figuresOnDays, moduleInfo, nationalFigures, organisationCells, sumBy } from "~/compliance/figures.server";
import { ALL_MODULES } from "~/compliance/person-rows.server";
import { ensureComplianceCurrent, refreshPersonCompliance } from "~/compliance/store.server";
import { db } from "~/db.server";
import { recordCompletion } from "~/learning/completions.server";
import { personModuleStatus } from "~/learning/counting-completion";
import { recordPriorLearning } from "~/prior-learning/record.server";
import { buildFixtureContent, fixtureContentFolder } from "./compliance-fixture-content";
import {
  plusDays,
  readRawFacts,
  referenceAllRequired,
  referencePeople,
  tallyPeople,
  ukDateOf,
  type RefModule,
  type RefPerson,
  type RefTally,
} from "../support/reference-compliance";

/**
 * Random histories, compared on many days with tests/support/reference-compliance.ts (README's rules
 * over the raw tables): every organisation × module cell of the dashboard and the national view, every
 * person's status in the staff export, and the trend's past days. Several organisations, people in two
 * of them, staff-group changes, leavers and starters, organisation overrides, major versions released
 * on random days, completions near midnight in summer time. SEED picks the history (CI uses a fixed one).
 */
const SEED = Number(process.env.COMPLIANCE_PROPERTY_SEED ?? 20261204);

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = mulberry32(SEED);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
const between = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));

// The simulated year starts in spring, so completions cross both summer-time changes.
const BASE = "2025-03-01";
const LAST = 420;
const GROUPS: StaffGroup[] = ["nursing-midwifery", "admin-clerical", "medical-dental"];

const modules: RefModule[] = [
  { slug: "prop-alpha", majorVersion: 2, versionDate: plusDays(BASE, between(20, 200)) },
  { slug: "prop-beta", majorVersion: 3, versionDate: plusDays(BASE, between(100, 380)) },
  { slug: "prop-gamma", majorVersion: 1, versionDate: plusDays(BASE, -500) },
];

const content = fixtureContentFolder();
process.env.CONTENT_BUILD_DIR = content.outDir;

interface PlannedCompletion {
  userId: string;
  slug: string;
  at: Date;
  major: number;
  /** Prior learning recorded elsewhere: imported, with an expiry date or none. */
  prior: { expiresOn: string | null } | null;
}
const planned: PlannedCompletion[] = [];
const staffGroupChanges: { day: string; userId: string; organisationId: number; staffGroup: StaffGroup }[] = [];
const orgIds: number[] = [];
const names = new Map<string, string>();

/** The major version someone completing on `date` gets: the new one from R, sometimes still the old one. */
function majorOn(module: RefModule, date: string): number {
  if (module.majorVersion === 1) return 1;
  if (date < module.versionDate) return module.majorVersion - 1 - (random() < 0.2 ? 1 : 0) || 1;
  return random() < 0.75 ? module.majorVersion : module.majorVersion - 1;
}

/** A moment on a UK date: midday, or just after midnight UK time (the UTC date before, in summer). */
function momentOn(date: string): Date {
  const noon = Date.parse(`${date}T12:00:00Z`);
  const r = random();
  if (r < 0.3) return new Date(noon);
  // Midnight in the UK is 23:00 UTC the day before in summer, 00:00 UTC in winter.
  const summer = ukDateOf(Date.parse(`${date}T23:30:00Z`)) !== date;
  const midnight = Date.parse(`${date}T00:00:00Z`) - (summer ? 3_600_000 : 0);
  return new Date(r < 0.65 ? midnight + between(1, 20) * 60_000 : midnight + 86_400_000 - between(1, 20) * 60_000);
}

beforeAll(async () => {
  await buildFixtureContent(
    content,
    modules.map((m, i) => ({
      slug: m.slug,
      version: `${m.majorVersion}.0.0`,
      versionDate: m.versionDate,
      order: i + 1,
    })),
  );
  const database = db();
  const parent = database
    .insert(organisations)
    .values({ code: "PR1", name: "Property region", kind: "region" })
    .returning()
    .get().id;
  const unitsOf = new Map<number, number[]>();
  for (let i = 0; i < 3; i++) {
    const id = database
      .insert(organisations)
      .values({
        code: `PO${i}`,
        name: `Property org ${i}`,
        kind: i === 2 ? "care-provider" : "acute-trust",
        parentId: parent,
      })
      .returning()
      .get().id;
    orgIds.push(id);
    unitsOf.set(
      id,
      [1, 2].map(
        (n) =>
          database
            .insert(units)
            .values({ organisationId: id, name: `Unit ${i}.${n}` })
            .returning()
            .get().id,
      ),
    );
  }
  // National defaults for the fixture modules, and random organisation overrides.
  database
    .insert(requirements)
    .values(
      modules.map((m) => ({
        organisationId: null,
        staffGroup: null,
        moduleSlug: m.slug,
        renewalDays: 365,
        graceDays: 30,
      })),
    )
    .run();
  for (const org of orgIds) {
    for (const m of modules) {
      if (random() < 0.5) {
        database
          .insert(requirements)
          .values({
            organisationId: org,
            staffGroup: random() < 0.5 ? pick(GROUPS) : null,
            moduleSlug: m.slug,
            required: random() > 0.15,
            renewalDays: pick([180, 365, 730]),
            graceDays: pick([0, 14, 30, 60]),
          })
          .run();
      }
    }
  }
  for (let p = 0; p < 80; p++) {
    const userId = crypto.randomUUID();
    const name = `person${String(p).padStart(2, "0")}`;
    names.set(userId, name);
    database
      .insert(users)
      .values({ id: userId, email: `${name}@property.example`, givenName: name, familyName: "Prop" })
      .run();
    const orgs = random() < 0.25 ? [orgIds[0], pick(orgIds.slice(1))] : [pick(orgIds)];
    let firstStart = "9999-12-31";
    for (const org of orgs) {
      const start = plusDays(BASE, between(-900, 300));
      const end = random() < 0.2 ? plusDays(start, between(10, 500)) : null;
      firstStart = start < firstStart ? start : firstStart;
      const unitId = random() < 0.2 ? null : pick(unitsOf.get(org)!);
      const staffGroup = pick(GROUPS);
      database
        .insert(memberships)
        .values({ userId, organisationId: org, unitId, staffGroup, startDate: start, endDate: end })
        .run();
      if (random() < 0.2)
        staffGroupChanges.push({
          day: plusDays(BASE, between(1, LAST)),
          userId,
          organisationId: org,
          staffGroup: pick(GROUPS),
        });
    }
    for (const m of modules) {
      if (random() < 0.15) continue;
      let date = plusDays(firstStart, between(-100, 200));
      while (date <= plusDays(BASE, LAST)) {
        const prior = random() < 0.2 ? { expiresOn: random() < 0.5 ? null : plusDays(date, between(20, 800)) } : null;
        planned.push({
          userId,
          slug: m.slug,
          at: prior ? new Date(`${date}T12:00:00Z`) : momentOn(date),
          major: majorOn(m, date),
          prior,
        });
        date = plusDays(date, between(150, 600));
      }
    }
  }
  planned.sort((a, b) => a.at.getTime() - b.at.getTime());
});
afterAll(() => content.cleanUp());

function checkDays(): string[] {
  const days = new Set<string>();
  for (let n = 0; n <= LAST; n += 12) days.add(plusDays(BASE, n));
  for (const m of modules) for (const g of [-1, 0, 1, 14, 15, 30, 31, 60, 61]) days.add(plusDays(m.versionDate, g));
  return [...days].filter((d) => d >= BASE && d <= plusDays(BASE, LAST)).sort();
}

function appTally(
  t:
    | { people: number; newStarters: number; compliant: number; dueSoon: number; overdue: number; notStarted: number }
    | undefined,
  withStatuses: boolean,
): RefTally {
  const tally = t ?? { people: 0, newStarters: 0, compliant: 0, dueSoon: 0, overdue: 0, notStarted: 0 };
  const result: RefTally = {
    people: tally.people,
    newStarters: tally.newStarters,
    inDate: tally.compliant + tally.dueSoon,
  };
  if (withStatuses)
    result.statuses = {
      compliant: tally.compliant,
      "due-soon": tally.dueSoon,
      overdue: tally.overdue,
      "not-started": tally.notStarted,
      "new-starter": tally.newStarters,
    };
  return result;
}

const label = (p: RefPerson, slug: string, status: string) => `${names.get(p.userId)} ${slug} ${status}`;

describe(`compliance figures against the README's rules (seed ${SEED})`, () => {
  it("agrees with the reference on every cell, person and trend day", async () => {
    const database = db();
    const client = database.$client;
    const ids = new Map(moduleInfo("en-GB").map((m) => [m.slug, m.id]));
    const mismatches: string[] = [];
    const note = (what: string, app: unknown, reference: unknown) => {
      if (JSON.stringify(app) !== JSON.stringify(reference))
        mismatches.push(`${what}: app ${JSON.stringify(app)}, reference ${JSON.stringify(reference)}`);
    };
    // The derived tables start on the simulated first day (they only move forward).
    ensureComplianceCurrent(database, plusDays(BASE, -1));
    let next = 0;
    const pastDays: string[] = [];
    for (const day of checkDays()) {
      // Completions happen as days go by (the write path), then the day's staff-group changes.
      while (next < planned.length && ukDateOf(planned[next].at.getTime()) <= day) {
        const c = planned[next++];
        if (c.prior) {
          const completedOn = ukDateOf(c.at.getTime());
          database.transaction((tx) =>
            recordPriorLearning(
              tx,
              [
                {
                  row: 2,
                  userId: c.userId,
                  name: "",
                  email: "",
                  employeeNumber: null,
                  organisationCodes: [],
                  course: "Data Security Awareness - Level 1",
                  courseKey: `dsa${next}`,
                  moduleSlug: c.slug,
                  moduleTitle: c.slug,
                  moduleVersion: `${c.major}.0.0`,
                  completedOn,
                  expiresOn: c.prior!.expiresOn,
                },
              ],
              { userId: null, source: "ESR", at: c.at },
            ),
          );
        } else
          database.transaction((tx) =>
            recordCompletion(tx, {
              userId: c.userId,
              moduleSlug: c.slug,
              moduleVersion: `${c.major}.0.0`,
              completedAt: c.at,
              scorePercent: 90,
              attemptId: null,
            }),
          );
      }
      for (const change of staffGroupChanges.filter((s) => s.day === day)) {
        client
          .prepare("UPDATE memberships SET staff_group = ? WHERE user_id = ? AND organisation_id = ?")
          .run(change.staffGroup, change.userId, change.organisationId);
        refreshPersonCompliance(database, change.userId);
      }
      ensureComplianceCurrent(database, day);
      const facts = readRawFacts(client);
      const reference = referencePeople(facts, modules, day);
      const national = new Map(nationalFigures(day, database).map((n) => [`${n.organisationId}/${n.moduleId}`, n]));
      for (const org of orgIds) {
        const cells = sumBy(organisationCells(org, {}, day, database), (c) => c.moduleId);
        for (const m of modules) {
          const ref = tallyPeople(reference.get(`${org}/${m.slug}`) ?? []);
          note(
            `${day} org ${org} ${m.slug} dashboard`,
            appTally(cells.get(ids.get(m.slug)!), true),
            ref.people ? ref : appTally(undefined, true),
          );
          note(
            `${day} org ${org} ${m.slug} national`,
            appTally(national.get(`${org}/${ids.get(m.slug)}`), true),
            ref.people ? ref : appTally(undefined, true),
          );
        }
        const all = referenceAllRequired(reference, org);
        note(`${day} org ${org} all dashboard`, appTally(cells.get(ALL_MODULES), false), all);
        note(`${day} org ${org} all national`, appTally(national.get(`${org}/${ALL_MODULES}`), false), all);

        // Every person's status in the staff export (JSON), by name and module.
        const exported = await exportToBuffer(
          await exportCompliance(
            {
              organisation: { id: org, code: `PO${orgIds.indexOf(org)}`, name: "Property org", complianceTarget: 95 },
              kind: "staff",
              format: "json",
              language: "en-GB",
              by: { description: "property test", userId: null, via: "command line" },
              databasePath: process.env.DATABASE_PATH!,
              today: day,
            },
            database,
          ),
        );
        const rows = (
          JSON.parse(exported.toString("utf8")) as { rows: { givenName: string; module: string; status: string }[] }
        ).rows;
        const appPeople = rows.map((r) => `${r.givenName} ${r.module} ${r.status}`).sort();
        const refPeople = modules
          .flatMap((m) => (reference.get(`${org}/${m.slug}`) ?? []).map((p) => label(p, m.slug, p.status)))
          .sort();
        note(
          `${day} org ${org} staff export`,
          appPeople.filter((x) => !refPeople.includes(x)),
          refPeople.filter((x) => !appPeople.includes(x)),
        );
      }
      // The learner's dashboard and reminders: the same person and module through personModuleStatus().
      for (const m of modules) {
        for (const org of orgIds) {
          for (const p of reference.get(`${org}/${m.slug}`) ?? []) {
            const mine = (
              client
                .prepare(
                  "SELECT completed_at AS completedAt, major_version AS majorVersion, expires_on AS expiresOn FROM completions WHERE user_id = ? AND module_slug = ?",
                )
                .all(p.userId, m.slug) as { completedAt: number; majorVersion: number; expiresOn: string | null }[]
            ).map((c) => ({
              completedAt: new Date(c.completedAt),
              majorVersion: c.majorVersion,
              expiresOn: c.expiresOn,
            }));
            const learner = personModuleStatus(
              mine,
              { majorVersion: m.majorVersion, versionDate: m.versionDate },
              p,
              day,
            );
            note(`${day} learner ${label(p, m.slug, "")}`, learner.status, p.status);
          }
        }
      }
      pastDays.push(day);
    }

    // The trend: every check day again, recomputed from the final state (current staff groups and requirements).
    const today = pastDays[pastDays.length - 1];
    const facts = readRawFacts(client);
    const trendDays = pastDays.filter((d) => d >= plusDays(today, -365));
    for (const org of orgIds) {
      const figures = figuresOnDays(org, trendDays.map(dayOf), {}, database, today);
      for (const f of figures) {
        const day = isoOf(f.day);
        const reference = referencePeople(facts, modules, day);
        for (const m of modules) {
          const ref = tallyPeople(reference.get(`${org}/${m.slug}`) ?? []);
          const app = f.byModule.get(ids.get(m.slug)!) ?? { counted: 0, compliant: 0, inGrace: 0 };
          note(`trend ${day} org ${org} ${m.slug}`, app, {
            counted: ref.people - ref.newStarters,
            compliant: ref.inDate,
            inGrace: ref.newStarters,
          });
        }
        const all = referenceAllRequired(reference, org);
        const app = f.byModule.get(ALL_MODULES) ?? { counted: 0, compliant: 0, inGrace: 0 };
        note(`trend ${day} org ${org} all`, app, {
          counted: all.people - all.newStarters,
          compliant: all.inDate,
          inGrace: all.newStarters,
        });
      }
    }
    if (process.env.DEBUG_PROP) console.log(mismatches.join("\n"));
    expect(mismatches.slice(0, 25), `${mismatches.length} mismatches`).toEqual([]);
  });
});
