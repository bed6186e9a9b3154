import type { z } from "zod";
import type { Organisation } from "@db/schema";
import { unitInScope, type Scope } from "~/auth/scope";
import type { ContentLanguage } from "~/content/types";
import { listUnits } from "~/organisations/staff.server";
import { todayIso } from "~/utils/dates";
import { dayOf, isoOf, monthEnds } from "./days";
import {
  figuresOnDays,
  moduleInfo,
  organisationCells,
  pointPercent,
  sumBy,
  type Filters,
  type ModuleInfo,
} from "./figures.server";
import { ALL_MODULES } from "./person-rows.server";
import { ALL } from "./filter-values";
import type { FiltersSchema } from "./queries.server";
import { EMPTY_TALLY, denominator, meetsTarget, numerator, percent, type Tally } from "./status";

export interface FigureRow extends Tally {
  /** Module slug, unit id or staff group. */
  key: string;
  /** compliant + dueSoon: people in date. */
  inDate: number;
  /** inDate + overdue + notStarted: people counted (people less new starters in grace). */
  counted: number;
  percent: number | null;
  meetsTarget: boolean | null;
}

function figure(key: string, tally: Tally | undefined, target: number): FigureRow {
  const t = tally ?? EMPTY_TALLY;
  return {
    key,
    ...t,
    inDate: numerator(t),
    counted: denominator(t),
    percent: percent(t),
    meetsTarget: meetsTarget(t, target),
  };
}

export interface ModuleColumn {
  id: number;
  /** "all" for all required training. */
  slug: string;
  title: string | null;
}

/** The modules required of somebody in the organisation, "all required training" first. */
function moduleColumns(modules: ModuleInfo[], presentIds: Set<number>): ModuleColumn[] {
  return [
    { id: ALL_MODULES, slug: ALL, title: null },
    ...modules.filter((m) => presentIds.has(m.id)).map((m) => ({ id: m.id, slug: m.slug, title: m.title })),
  ];
}

/**
 * Resolves the filters in a query to ids, within the manager's scope; an unknown module or unit is
 * dropped, but a unit manager asking for a unit that is not theirs gets 404. The scope's units go into
 * the filters of every query, so a unit manager sees their units only whatever the URL asks for.
 */
export function resolveFilters(scope: Scope, query: z.infer<typeof FiltersSchema>, language: ContentLanguage) {
  const modules = moduleInfo(language);
  const units = listUnits(scope.organisationId).filter((u) => unitInScope(scope, u.id));
  const module = query.module && query.module !== ALL ? modules.find((m) => m.slug === query.module) : undefined;
  const unit = query.unit !== undefined ? units.find((u) => u.id === query.unit) : undefined;
  if (query.unit !== undefined && !unit && scope.unitIds !== null) throw new Response("Not Found", { status: 404 });
  const filters: Filters = { unitId: unit?.id, unitIds: scope.unitIds ?? undefined, staffGroup: query.group };
  return { modules, units, module, unit, filters, moduleId: module?.id ?? ALL_MODULES };
}

/** Everything the manager's dashboard shows, for one organisation, filtered by unit and staff group. */
export function dashboardData(
  organisation: Organisation,
  scope: Scope,
  query: z.infer<typeof FiltersSchema>,
  language: ContentLanguage,
  today = todayIso(),
) {
  const target = organisation.complianceTarget;
  const { modules, units, module, unit, filters, moduleId } = resolveFilters(scope, query, language);
  const cells = organisationCells(organisation.id, filters, today);
  const columns = moduleColumns(modules, new Set(cells.map((c) => c.moduleId)));
  const byModule = sumBy(cells, (c) => c.moduleId);
  const byUnit = sumBy(cells, (c) => `${c.unitId}/${c.moduleId}`);
  const byGroup = sumBy(cells, (c) => `${c.staffGroup}/${c.moduleId}`);
  const unitIds = [...new Set(cells.map((c) => c.unitId))];
  const unitNames = new Map(units.map((u) => [u.id, u.name]));
  const groups = [...new Set(cells.map((c) => c.staffGroup))].sort();

  const trendDays = monthEnds(dayOf(today), 12);
  const trend = figuresOnDays(organisation.id, trendDays, { ...filters, moduleId }, undefined, today).map((f) => {
    const t = f.byModule.get(moduleId);
    return {
      month: isoOf(f.day),
      percent: pointPercent(t),
      counted: t?.counted ?? 0,
      compliant: t?.compliant ?? 0,
      inGrace: t?.inGrace ?? 0,
    };
  });

  return {
    today,
    target,
    filters: { module: module?.slug ?? ALL, unit: unit?.id ?? null, group: filters.staffGroup ?? null },
    options: {
      modules: moduleColumns(modules, new Set(modules.map((m) => m.id))),
      units: units.map((u) => ({ id: u.id, name: u.name })),
    },
    selected: columns.find((c) => c.id === moduleId) ?? {
      id: moduleId,
      slug: module?.slug ?? ALL,
      title: module?.title ?? null,
    },
    columns,
    modules: columns.map((c) => figure(c.slug, byModule.get(c.id), target)),
    units: unitIds
      .map((id) => ({
        id,
        name: unitNames.get(id) ?? null,
        figures: columns.map((c) => figure(c.slug, byUnit.get(`${id}/${c.id}`), target)),
      }))
      .sort((a, b) => (a.name === null ? 1 : b.name === null ? -1 : a.name.localeCompare(b.name))),
    groups: groups.map((g) => ({
      group: g,
      figures: columns.map((c) => figure(c.slug, byGroup.get(`${g}/${c.id}`), target)),
    })),
    trend,
  };
}

export type DashboardData = ReturnType<typeof dashboardData>;
