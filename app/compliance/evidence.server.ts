import { STAFF_GROUPS, type StaffGroup } from "@db/enums";
import type { Organisation } from "@db/schema";
import type { ContentLanguage } from "~/content/types";
import { pickRequirement, requirementRowsFor } from "~/learning/requirements.server";
import { listUnits } from "~/organisations/staff.server";
import { todayIso } from "~/utils/dates";
import { dayOf, isoOf, monthEnds } from "./days";
import { figuresOnDays, moduleInfo, pointPercent, type PointTally } from "./figures.server";
import { outcomeInsight } from "./insight.server";
import { ALL_MODULES } from "./person-rows.server";

export interface EvidenceFigure {
  counted: number;
  compliant: number;
  inGrace: number;
  percent: number | null;
  meetsTarget: boolean | null;
}

function evidenceFigure(t: PointTally | undefined, target: number): EvidenceFigure {
  const tally = t ?? { counted: 0, compliant: 0, inGrace: 0 };
  return {
    ...tally,
    percent: pointPercent(tally),
    meetsTarget: tally.counted === 0 ? null : tally.compliant * 100 >= target * tally.counted,
  };
}

/**
 * A DSPT evidence pack for one organisation on a reporting date (today or up to a year back): the
 * training needs analysis (who must complete what, how often), delivery (compliance on that date per
 * module, unit and staff group against the target) and evaluation (first-attempt learning-outcome
 * results and the twelve-month trend to that date). Figures on a past date are recomputed from the
 * recorded completions with today's requirements and each person's current unit and staff group.
 */
export function evidenceData(organisation: Organisation, date: string, language: ContentLanguage, today = todayIso()) {
  const target = organisation.complianceTarget;
  const day = dayOf(date);
  const modules = moduleInfo(language);
  const trendDays = monthEnds(day, 12);
  const [onDate, ...trend] = figuresOnDays(organisation.id, [day, ...trendDays], {}, undefined, today, [day]);
  const required = modules.filter((m) => onDate.byModule.has(m.id));
  const columns: { id: number; slug: string; title: string | null }[] = [
    { id: ALL_MODULES, slug: "all", title: null },
    ...required.map((m) => ({ id: m.id, slug: m.slug, title: m.title })),
  ];

  const rows = requirementRowsFor([organisation.id]);
  const groupsPresent = new Set<string>();
  for (const byGroup of onDate.byStaffGroup.values()) for (const g of byGroup.keys()) groupsPresent.add(g);
  const needs = STAFF_GROUPS.filter((g) => groupsPresent.has(g)).map((group) => ({
    group,
    people:
      (onDate.byStaffGroup.get(ALL_MODULES)?.get(group)?.counted ?? 0) +
      (onDate.byStaffGroup.get(ALL_MODULES)?.get(group)?.inGrace ?? 0),
    modules: modules.map((m) => {
      const row = pickRequirement(rows, m.slug, organisation.id, group as StaffGroup);
      return {
        slug: m.slug,
        required: Boolean(row?.required),
        renewalDays: row?.required ? row.renewalDays : null,
        graceDays: row?.required ? row.graceDays : null,
      };
    }),
  }));

  const unitNames = new Map(listUnits(organisation.id).map((u) => [u.id, u.name]));
  const unitIds = [...(onDate.byUnit.get(ALL_MODULES)?.keys() ?? [])].sort((a, b) =>
    (unitNames.get(a) ?? "~").localeCompare(unitNames.get(b) ?? "~"),
  );
  const groupIds = [...(onDate.byStaffGroup.get(ALL_MODULES)?.keys() ?? [])].sort();

  // Modules nobody here must complete go in one line under the table, so it fits a printed page.
  const requiredSomewhere = new Set(needs.flatMap((n) => n.modules.filter((m) => m.required).map((m) => m.slug)));
  return {
    organisation: { code: organisation.code, name: organisation.name },
    date,
    /** A past date: the pack says its figures use today's requirements, departments and staff groups. */
    pastDate: date < today,
    target,
    modules: modules.filter((m) => requiredSomewhere.has(m.slug)).map((m) => ({ slug: m.slug, title: m.title })),
    optionalModules: modules.filter((m) => !requiredSomewhere.has(m.slug)).map((m) => m.title),
    columns,
    needs: needs.map((n) => ({ ...n, modules: n.modules.filter((m) => requiredSomewhere.has(m.slug)) })),
    delivery: columns.map((c) => ({ slug: c.slug, figure: evidenceFigure(onDate.byModule.get(c.id), target) })),
    byUnit: unitIds.map((id) => ({
      name: unitNames.get(id) ?? null,
      figures: columns.map((c) => evidenceFigure(onDate.byUnit.get(c.id)?.get(id), target)),
    })),
    byGroup: groupIds.map((group) => ({
      group,
      figures: columns.map((c) => evidenceFigure(onDate.byStaffGroup.get(c.id)?.get(group), target)),
    })),
    trend: trend.map((f) => ({
      month: isoOf(f.day),
      figures: columns.map((c) => evidenceFigure(f.byModule.get(c.id), target)),
    })),
    outcomes: outcomeInsight({ organisationId: organisation.id, unitIds: null }, language, date),
  };
}

export type EvidenceData = ReturnType<typeof evidenceData>;
