import { describe, expect, it } from "vitest";
import { dayOf, isoOf, monthEnds, ukDayOfInstant } from "~/compliance/days";
import { csvField, csvLine } from "~/compliance/exports.server";
import { MIN_PEOPLE, OTHER_GROUPS, protectSmallGroups } from "~/compliance/insight.server";
import {
  ALL_MODULES,
  computePersonRows,
  type CompletionFact,
  type ModuleVersionRow,
  type RequirementFact,
} from "~/compliance/person-rows.server";
import { allOnDay, moduleOnDay, percent, rowStatus } from "~/compliance/status";
import { personModuleStatus } from "~/learning/counting-completion";
import { pickRequirement } from "~/learning/requirements.server";
import { addDays, ukDate } from "~/utils/dates";

/** A small seeded generator, so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed / 2147483648;
  };
}

describe("UK days", () => {
  it("agrees with ukDate() around the clock changes and midnight", () => {
    const instants = [
      "2026-03-29T00:59:59Z",
      "2026-03-29T01:00:00Z",
      "2026-03-29T23:00:00Z",
      "2026-03-29T22:59:59Z",
      "2026-10-25T00:59:59Z",
      "2026-10-25T01:00:00Z",
      "2026-10-24T23:30:00Z",
      "2026-12-31T23:59:59Z",
      "2024-02-29T23:30:00Z",
    ];
    const r = random(7);
    for (let i = 0; i < 2000; i++)
      instants.push(new Date(Date.UTC(2019, 0, 1) + Math.floor(r() * 3000 * 86_400_000)).toISOString());
    for (const instant of instants)
      expect(isoOf(ukDayOfInstant(Date.parse(instant))), instant).toBe(ukDate(new Date(instant)));
  });

  it("gives the month ends before a day's month", () => {
    expect(monthEnds(dayOf("2026-03-15"), 3).map(isoOf)).toEqual(["2025-12-31", "2026-01-31", "2026-02-28"]);
  });
});

describe("compliance rows follow the learner's own rules", () => {
  const today = "2026-11-26";
  const T = dayOf(today);
  const modules: ModuleVersionRow[] = [
    { id: 1, slug: "a", majorVersion: 2, versionDay: T - 20 },
    { id: 2, slug: "b", majorVersion: 1, versionDay: T - 900 },
    { id: 3, slug: "c", majorVersion: 3, versionDay: T + 10 },
  ];
  const requirements: RequirementFact[] = [
    { organisationId: null, staffGroup: null, moduleSlug: "a", required: true, renewalDays: 365, graceDays: 30 },
    { organisationId: null, staffGroup: null, moduleSlug: "b", required: true, renewalDays: 365, graceDays: 30 },
    { organisationId: null, staffGroup: null, moduleSlug: "c", required: true, renewalDays: 365, graceDays: 30 },
    {
      organisationId: 7,
      staffGroup: "admin-clerical",
      moduleSlug: "b",
      required: false,
      renewalDays: 365,
      graceDays: 30,
    },
    { organisationId: 7, staffGroup: null, moduleSlug: "c", required: true, renewalDays: 180, graceDays: 60 },
    {
      organisationId: null,
      staffGroup: "medical-dental",
      moduleSlug: "a",
      required: true,
      renewalDays: 730,
      graceDays: 14,
    },
  ];

  it("matches the learner's personModuleStatus() for 2,000 random people", () => {
    const r = random(42);
    const groups = ["admin-clerical", "medical-dental", "nursing-midwifery"] as const;
    for (let n = 0; n < 2000; n++) {
      const staffGroup = groups[Math.floor(r() * 3)];
      const organisationId = r() < 0.5 ? 7 : 8;
      const startDate = addDays(today, -Math.floor(r() * 900) + 20);
      const completions: CompletionFact[] = [];
      for (let k = Math.floor(r() * 5); k > 0; k--) {
        const module = modules[Math.floor(r() * 3)];
        completions.push({
          moduleSlug: module.slug,
          day: T - Math.floor(r() * 900),
          majorVersion: Math.max(1, module.majorVersion - (r() < 0.4 ? 1 : 0)),
        });
      }
      const rows = computePersonRows(
        "u",
        [{ organisationId, unitId: null, staffGroup, startDate, endDate: null }],
        completions,
        requirements,
        modules,
        T,
      );
      const moduleRows = rows.filter((row) => row.moduleId !== ALL_MODULES);
      for (const module of modules) {
        const requirement = pickRequirement(requirements as never, module.slug, organisationId, staffGroup);
        const row = moduleRows.find((x) => x.moduleId === module.id);
        expect(Boolean(row), `required ${module.slug}`).toBe(Boolean(requirement?.required));
        if (!row || !requirement) continue;
        const expected = personModuleStatus(
          completions
            .filter((c) => c.moduleSlug === module.slug)
            .map((c) => ({ completedAt: new Date(`${isoOf(c.day)}T12:00:00Z`), majorVersion: c.majorVersion })),
          { majorVersion: module.majorVersion, versionDate: isoOf(module.versionDay) },
          { renewalDays: requirement.renewalDays, graceDays: requirement.graceDays, startDate },
          today,
        );
        expect(rowStatus(row, T), JSON.stringify({ staffGroup, organisationId, startDate, completions, module })).toBe(
          expected.status,
        );
        expect(isoOf(row.validDay - 1)).toBe(expected.lastDay);
        // The history gives the same answer on the day it was computed.
        const onDay = moduleOnDay(row, module, T);
        if (dayOf(startDate) > T) {
          expect(onDay).toBe("inactive");
          continue;
        }
        expect(onDay === "compliant").toBe(expected.status === "compliant" || expected.status === "due-soon");
        expect(onDay === "in-grace").toBe(expected.status === "new-starter");
      }
      const all = rows.find((x) => x.moduleId === ALL_MODULES);
      if (moduleRows.length === 0) {
        expect(all).toBeUndefined();
        continue;
      }
      const statuses = moduleRows.map((row) => rowStatus(row, T));
      const outOfGrace = statuses.filter((s) => s !== "new-starter");
      const allStatus = rowStatus(all!, T);
      if (outOfGrace.length === 0) expect(allStatus).toBe("new-starter");
      else
        expect(allStatus === "compliant" || allStatus === "due-soon").toBe(
          outOfGrace.every((s) => s === "compliant" || s === "due-soon"),
        );
      if (dayOf(startDate) > T) continue;
      expect(
        allOnDay(
          moduleRows.map((row) =>
            moduleOnDay(
              row,
              modules.find((m) => m.id === row.moduleId)!,
              T,
            ),
          ),
        ),
      ).toBe(
        outOfGrace.length === 0
          ? "in-grace"
          : outOfGrace.every((s) => s === "compliant" || s === "due-soon")
            ? "compliant"
            : "not-compliant",
      );
    }
  });

  it("keeps leavers for a while but does not count them, and includes future starters uncounted", () => {
    const rows = computePersonRows(
      "u",
      [
        {
          organisationId: 8,
          unitId: 3,
          staffGroup: "nursing-midwifery",
          startDate: addDays(today, -900),
          endDate: addDays(today, -1),
        },
        {
          organisationId: 9,
          unitId: null,
          staffGroup: "nursing-midwifery",
          startDate: addDays(today, 5),
          endDate: null,
        },
        {
          organisationId: 10,
          unitId: null,
          staffGroup: "nursing-midwifery",
          startDate: addDays(today, -900),
          endDate: addDays(today, -500),
        },
      ],
      [],
      requirements,
      modules,
      T,
    );
    expect([...new Set(rows.map((r) => `${r.organisationId}:${r.counted}`))]).toEqual(["8:0", "9:0"]);
  });
});

describe("percentages", () => {
  it("round down, so a figure only shows the target once it reaches it", () => {
    expect(percent({ people: 10000, newStarters: 0, compliant: 9499, dueSoon: 0 })).toBe(94.9);
    expect(percent({ people: 2000, newStarters: 0, compliant: 1899, dueSoon: 0 })).toBe(94.9);
    expect(percent({ people: 3, newStarters: 3, compliant: 0, dueSoon: 0 })).toBeNull();
  });
});

describe("CSV fields", () => {
  it("quotes every text, doubles quotes, keeps line breaks and commas, and defuses formulas", () => {
    expect(csvLine(['O\'Brien, "Jr"', "Ann\nMarie", 42, null])).toBe('"O\'Brien, ""Jr""","Ann\nMarie",42,""\r\n');
    for (const start of ["=", "+", "-", "@", "\t", "\r"]) expect(csvField(`${start}1+1`)).toBe(`"'${start}1+1"`);
  });
});

describe("learning-outcome privacy", () => {
  it("merges small staff groups until nobody's answers can be worked out", () => {
    const groups = protectSmallGroups([
      { group: "nursing-midwifery", people: 40 },
      { group: "medical-dental", people: 2 },
      { group: "admin-clerical", people: 6 },
    ]);
    expect(groups).toEqual([
      { group: "nursing-midwifery", members: ["nursing-midwifery"], people: 40, shown: true },
      { group: OTHER_GROUPS, members: ["medical-dental", "admin-clerical"], people: 8, shown: true },
    ]);
    expect(protectSmallGroups([{ group: "students", people: MIN_PEOPLE - 1 }])).toEqual([
      { group: OTHER_GROUPS, members: ["students"], people: MIN_PEOPLE - 1, shown: false },
    ]);
  });
});
