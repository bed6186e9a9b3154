import crypto from "node:crypto";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memberships, organisations, requirements, units, users, type StaffGroup } from "@db/schema";
import { csvField, exportCompliance, exportToBuffer, translatorFor } from "~/compliance/exports.server";
import { moduleInfo, type Filters } from "~/compliance/figures.server";
import { db } from "~/db.server";
import { recordCompletion } from "~/learning/completions.server";
import { addDays, todayIso } from "~/utils/dates";
import { csvTable } from "../support/csv";
import { buildFixtureContent, fixtureContentFolder } from "./compliance-fixture-content";

/**
 * The staff CSV builds each person's lines in one grouped query; the JSON export reads the same rows a
 * line at a time. Both must list the same people, modules, statuses and dates in the same order, for
 * every filter. The cases: different required modules by staff group, a leaver, a future starter, a
 * new starter, no unit, bank staff in two organisations, names that sort only by case or by id.
 */
const T = todayIso();
const content = fixtureContentFolder();
process.env.CONTENT_BUILD_DIR = content.outDir;

const orgs: Record<string, { id: number; code: string; name: string; complianceTarget: number }> = {};
const unitIds: number[] = [];

beforeAll(async () => {
  await buildFixtureContent(
    content,
    ["passwords-and-access", "spotting-phishing", "reporting-incidents", "social-engineering"].map((slug, i) => ({
      slug,
      version: "1.0.0",
      versionDate: addDays(T, -900),
      order: 4 - i,
    })),
  );
  const database = db();
  for (const code of ["LA1", "LB1"])
    orgs[code] = database
      .insert(organisations)
      .values({ code, name: `Lines ${code}`, kind: "acute-trust" })
      .returning()
      .get();
  for (const name of ["Ward one", "=Ward two"])
    unitIds.push(database.insert(units).values({ organisationId: orgs.LA1.id, name }).returning().get().id);
  database
    .insert(requirements)
    .values([
      { organisationId: orgs.LA1.id, staffGroup: "admin-clerical", moduleSlug: "social-engineering" },
      { organisationId: orgs.LA1.id, staffGroup: "medical-dental", moduleSlug: "reporting-incidents", required: false },
    ])
    .run();
  // [who, given name, family name, organisation, unit, staff group, start day, end day]
  const people: [string, string, string, string, number | null, StaffGroup, number, number | null][] = [
    ["nurse", "Ann", "smith", "LA1", 0, "nursing-midwifery", -800, null],
    ["admin", "ann", "Smith", "LA1", 1, "admin-clerical", -800, null],
    ["doctor", "Ann", "Smith", "LA1", 0, "medical-dental", -800, null],
    ["starter", "Ann", "Smith", "LA1", null, "medical-dental", -10, null],
    ["leaver", "Bo", "Leaver", "LA1", 0, "nursing-midwifery", -800, -1],
    ["future", "Cy", "Future", "LA1", 1, "nursing-midwifery", 5, null],
    ["bank", "Di", "+Bank", "LA1", 1, "admin-clerical", -800, null],
    ["bank", "Di", "+Bank", "LB1", null, "nursing-midwifery", -300, null],
  ];
  const ids = new Map<string, string>();
  people.forEach(([who, given, family, org, unit, staffGroup, start, end], i) => {
    if (!ids.has(who))
      ids.set(
        who,
        database
          .insert(users)
          .values({ id: crypto.randomUUID(), email: `${who}@lines.example`, givenName: given, familyName: family })
          .returning()
          .get().id,
      );
    database
      .insert(memberships)
      .values({
        userId: ids.get(who)!,
        organisationId: orgs[org].id,
        unitId: unit === null ? null : unitIds[unit],
        staffGroup,
        startDate: addDays(T, start),
        endDate: end === null ? null : addDays(T, end),
        employeeNumber: `N${i}`,
      })
      .run();
  });
  const completions: [who: string, slug: string, daysAgo: number][] = [
    ["nurse", "spotting-phishing", 20],
    ["nurse", "reporting-incidents", 350],
    ["admin", "social-engineering", 400],
    ["admin", "passwords-and-access", 100],
    ["doctor", "spotting-phishing", 700],
    ["leaver", "spotting-phishing", 30],
    ["bank", "passwords-and-access", 10],
    ["bank", "reporting-incidents", 200],
  ];
  for (const [who, slug, daysAgo] of completions) {
    database.transaction((tx) =>
      recordCompletion(tx, {
        userId: ids.get(who)!,
        moduleSlug: slug,
        moduleVersion: "1.0.0",
        completedAt: new Date(`${addDays(T, -daysAgo)}T12:00:00Z`),
        scorePercent: 90,
        attemptId: null,
      }),
    );
  }
});
afterAll(() => content.cleanUp());

async function exported(code: string, format: "csv" | "json", filters: Filters): Promise<string> {
  const by = { description: "test", userId: null, via: "command line" as const };
  const result = await exportCompliance({
    organisation: orgs[code],
    kind: "staff",
    format,
    filters,
    language: "en-GB",
    by,
    databasePath: process.env.DATABASE_PATH!,
  });
  return (await exportToBuffer(result)).toString("utf8");
}

/** The JSON export's rows as the CSV shows them: labels for codes, and each value through csvField(). */
async function jsonAsCsvRows(code: string, filters: Filters): Promise<string[][]> {
  const t = await translatorFor("en-GB");
  const titles = new Map(moduleInfo("en-GB").map((m) => [m.slug, m.title]));
  const rows = (JSON.parse(await exported(code, "json", filters)) as { rows: Record<string, string | null>[] }).rows;
  const cell = (value: string | null) => (parse(csvField(value)) as string[][])[0][0];
  return rows.map((r) =>
    [
      r.familyName,
      r.givenName,
      r.email,
      r.employeeNumber,
      r.unit,
      t(`auth.staffGroups.${r.staffGroup}`),
      titles.get(r.module!)!,
      t(`compliance.statuses.${r.status}`),
      r.lastCompleted ?? "",
      r.expiresOrDue,
      r.recordedIn ?? "",
    ].map(cell),
  );
}

describe("staff CSV lines", () => {
  it("match the JSON export's, person by person and module by module, with every filter", async () => {
    const [first, second, third] = moduleInfo("en-GB")
      .map((m) => m.id)
      .sort((a, b) => a - b);
    const cases: [string, Filters][] = [
      ["LA1", {}],
      ["LB1", {}],
      ["LA1", { moduleId: first }],
      ["LA1", { moduleId: third }],
      ["LA1", { unitId: unitIds[0] }],
      ["LA1", { staffGroup: "admin-clerical" }],
      ["LA1", { moduleId: second, staffGroup: "medical-dental" }],
    ];
    for (const [code, filters] of cases) {
      const csvRows = csvTable(await exported(code, "csv", filters)).slice(1);
      expect(csvRows, `${code} ${JSON.stringify(filters)}`).toEqual(await jsonAsCsvRows(code, filters));
    }
    // Three national modules each, a fourth for admin staff here, one fewer for doctors; no leaver or future starter.
    expect(csvTable(await exported("LA1", "csv", {})).length).toBe(1 + 3 + 4 + 2 + 2 + 4);
  });
});
