import type { Requirement, StaffGroup } from "@db/schema";
import { DUE_SOON_DAYS, standingOn, type DayCompletion } from "~/learning/status";
import { dayOf } from "./days";

/** module_id of the row that stands for all the person's required modules together. */
export const ALL_MODULES = 0;
/** Leavers' rows are kept this long after their end date, so trends and reports can still count them. */
export const KEEP_LEAVERS_DAYS = 400;

export interface ModuleVersionRow {
  id: number;
  slug: string;
  majorVersion: number;
  /** The day the current major version took effect. */
  versionDay: number;
}

export interface MembershipFact {
  organisationId: number;
  unitId: number | null;
  staffGroup: StaffGroup;
  startDate: string;
  endDate: string | null;
}

export interface CompletionFact {
  moduleSlug: string;
  /** UK day of the completion. */
  day: number;
  majorVersion: number;
  /** Prior learning's expiry: the first day it no longer counts, in place of day + renewal period. */
  expiryDay?: number | null;
}

export type RequirementFact = Pick<
  Requirement,
  "organisationId" | "staffGroup" | "moduleSlug" | "required" | "renewalDays" | "graceDays"
>;

export interface ComplianceRow {
  organisationId: number;
  moduleId: number;
  unitId: number;
  staffGroup: string;
  userId: string;
  counted: number;
  never: number;
  soonDay: number | null;
  validDay: number;
  overdueDay: number | null;
  lastDay: number | null;
  startDay: number;
  endDay: number | null;
  renewalDays: number;
  graceDays: number;
  history: string;
}

export const ROW_COLUMNS = [
  "organisationId",
  "moduleId",
  "unitId",
  "staffGroup",
  "userId",
  "counted",
  "never",
  "soonDay",
  "validDay",
  "overdueDay",
  "lastDay",
  "startDay",
  "endDay",
  "renewalDays",
  "graceDays",
  "history",
] as const satisfies readonly (keyof ComplianceRow)[];

export function rowKey(row: Pick<ComplianceRow, "organisationId" | "moduleId" | "unitId" | "staffGroup">): string {
  return `${row.organisationId}/${row.moduleId}/${row.unitId}/${row.staffGroup}`;
}

export function sameRow(a: ComplianceRow, b: ComplianceRow): boolean {
  return ROW_COLUMNS.every((column) => a[column] === b[column]);
}

/**
 * Which counter a row feeds: c is the common shape (due soon 30 days before valid_day, overdue from it),
 * n a never-completed row, x anything else (a retake, or "all modules" mixing in-grace and completed).
 */
export function rowKind(row: Pick<ComplianceRow, "never" | "soonDay" | "validDay" | "overdueDay">): "c" | "n" | "x" {
  if (row.never) return "n";
  return row.soonDay === row.validDay - DUE_SOON_DAYS && row.overdueDay === row.validDay ? "c" : "x";
}

/**
 * One completion in a row's history: its day, negative for an older major version, and "~expiry day"
 * for prior learning with an expiry date. historyCompletions() in status.ts reads it back.
 */
export function historyEntry(day: number, older: boolean, expiryDay: number | null): string {
  return `${older ? -day : day}${expiryDay === null ? "" : `~${expiryDay}`}`;
}

interface ModuleHistory {
  history: string;
  completions: DayCompletion[];
  /**
   * The day the rows are worked out for: the as-of day, or the latest completion when it is later (a
   * completion recorded today, before the derived tables have moved to today).
   */
  day: number;
}

function moduleHistory(sorted: CompletionFact[], module: ModuleVersionRow, asOfDay: number): ModuleHistory {
  let history = "";
  let day = asOfDay;
  const completions: DayCompletion[] = [];
  for (const c of sorted) {
    const older = c.majorVersion < module.majorVersion;
    const expiryDay = c.expiryDay ?? null;
    completions.push({ day: c.day, older, expiryDay });
    if (c.day > day) day = c.day;
    history += (history ? "," : "") + historyEntry(c.day, older, expiryDay);
  }
  return { history, completions, day };
}

/**
 * The most specific requirement row for one module: organisation + staff group, organisation, national
 * + staff group, national (pickRequirement() in app/learning, on rows already narrowed to the module).
 */
function requirementFor(
  rows: RequirementFact[] | undefined,
  organisationId: number,
  staffGroup: string,
): RequirementFact | undefined {
  if (!rows) return undefined;
  let best: RequirementFact | undefined;
  let bestRank = 0;
  for (const r of rows) {
    const rank =
      r.organisationId === organisationId
        ? r.staffGroup === staffGroup
          ? 4
          : r.staffGroup === null
            ? 3
            : 0
        : r.organisationId === null
          ? r.staffGroup === staffGroup
            ? 2
            : r.staffGroup === null
              ? 1
              : 0
          : 0;
    if (rank > bestRank) {
      best = r;
      bestRank = rank;
    }
  }
  return best;
}

/**
 * Every compliance row of one person, as of a day: for each membership (leavers kept a while, future
 * starters included, `counted` says which were active that day), each module the organisation's most
 * specific requirement row requires of their staff group, and one row for all of them together.
 * The rules are standingOn() and statusOn() in app/learning/status.ts, per membership:
 * the organisation's own renewal and grace periods, and grace from the day the person joined it.
 * On the write path of every completion, so it avoids needless work.
 */
export function computePersonRows(
  userId: string,
  memberships: MembershipFact[],
  completions: CompletionFact[],
  requirementRows: RequirementFact[],
  modules: ModuleVersionRow[],
  asOfDay: number,
): ComplianceRow[] {
  const bySlug = new Map<string, CompletionFact[]>();
  for (const c of completions) {
    const list = bySlug.get(c.moduleSlug);
    if (list) list.push(c);
    else bySlug.set(c.moduleSlug, [c]);
  }
  const requirementsBySlug = new Map<string, RequirementFact[]>();
  for (const r of requirementRows) {
    const list = requirementsBySlug.get(r.moduleSlug);
    if (list) list.push(r);
    else requirementsBySlug.set(r.moduleSlug, [r]);
  }
  const histories = new Map<number, ModuleHistory>();
  const historyOf = (module: ModuleVersionRow) => {
    let h = histories.get(module.id);
    if (!h) {
      const sorted = (bySlug.get(module.slug) ?? []).sort((a, b) => a.day - b.day);
      histories.set(module.id, (h = moduleHistory(sorted, module, asOfDay)));
    }
    return h;
  };
  const rows: ComplianceRow[] = [];
  for (const membership of memberships) {
    const startDay = dayOf(membership.startDate);
    const endDay = membership.endDate ? dayOf(membership.endDate) : null;
    if (endDay !== null && endDay < asOfDay - KEEP_LEAVERS_DAYS) continue;
    const organisationId = membership.organisationId;
    const unitId = membership.unitId ?? 0;
    const staffGroup = membership.staffGroup;
    const counted = startDay <= asOfDay && (endDay === null || endDay >= asOfDay) ? 1 : 0;
    const moduleRows: ComplianceRow[] = [];
    for (const module of modules) {
      const requirement = requirementFor(requirementsBySlug.get(module.slug), organisationId, staffGroup);
      if (!requirement?.required) continue;
      const { renewalDays, graceDays } = requirement;
      const h = historyOf(module);
      const standing = standingOn(h.completions, module, renewalDays, graceDays, h.day);
      let never = 0;
      let soonDay: number | null;
      let validDay: number;
      let overdueDay: number | null;
      let lastDay: number | null;
      if (standing.kind === "none") {
        never = 1;
        validDay = startDay + graceDays;
        soonDay = overdueDay = lastDay = null;
      } else {
        validDay = overdueDay = standing.untilDay;
        // A retake is due soon from the release day on.
        soonDay =
          standing.kind === "retake" ? Math.min(module.versionDay, validDay - DUE_SOON_DAYS) : validDay - DUE_SOON_DAYS;
        lastDay = standing.lastDay;
      }
      moduleRows.push({
        organisationId,
        moduleId: module.id,
        unitId,
        staffGroup,
        userId,
        counted,
        never,
        soonDay,
        validDay,
        overdueDay,
        lastDay,
        startDay,
        endDay,
        renewalDays,
        graceDays,
        history: h.history,
      });
    }
    if (moduleRows.length === 0) continue;
    rows.push(...moduleRows, allModulesRow(moduleRows));
  }
  return rows;
}

/**
 * "All required training": compliant while every requirement out of its grace period is met and at
 * least one is out of grace; a new starter while every one is still in grace.
 */
function allModulesRow(moduleRows: ComplianceRow[]): ComplianceRow {
  const first = moduleRows[0];
  let validDay = Infinity;
  let soonDay = Infinity;
  let overdueDay = Infinity;
  let started = false;
  for (const r of moduleRows) {
    validDay = Math.min(validDay, r.validDay);
    soonDay = Math.min(soonDay, r.never ? r.validDay - DUE_SOON_DAYS : r.soonDay!);
    if (!r.never) {
      started = true;
      overdueDay = Math.min(overdueDay, r.overdueDay!);
    }
  }
  return {
    organisationId: first.organisationId,
    moduleId: ALL_MODULES,
    unitId: first.unitId,
    staffGroup: first.staffGroup,
    userId: first.userId,
    counted: first.counted,
    never: started ? 0 : 1,
    soonDay: started ? soonDay : null,
    validDay,
    overdueDay: started ? overdueDay : null,
    lastDay: null,
    startDay: first.startDay,
    endDay: first.endDay,
    renewalDays: 0,
    graceDays: 0,
    history: moduleRows.map((r) => `${r.moduleId}:${r.renewalDays}:${r.graceDays}:${r.history}`).join("|"),
  };
}
