/**
 * What a manager may see and do in one organisation. Plain TypeScript (no server imports): the
 * manager area's navigation asks `canManage` too, to show only the pages the person may open.
 */

export const MANAGER_ACTIONS = [
  /** The dashboard, drill-down, 12-month trend and the staff list. */
  "view-figures",
  /** Learning outcomes (quiz insight); a unit manager's are counted from their units' first attempts. */
  "view-outcomes",
  "export",
  "remind",
  "invite",
  "import",
  /** Training recorded elsewhere (prior learning) and its ESR export. */
  "prior-learning",
  "requirements",
  "target",
  "contacts",
  "sso",
  /** The DSPT evidence pack: a statement about the whole organisation. */
  "evidence",
  /** Making someone a unit manager of chosen units. */
  "unit-managers",
] as const;
export type ManagerAction = (typeof MANAGER_ACTIONS)[number];

export interface Scope {
  organisationId: number;
  /** The units the manager may see, or null for the whole organisation. */
  unitIds: number[] | null;
}

/** What a unit manager may do, for their units only. */
const UNIT_ACTIONS: ReadonlySet<ManagerAction> = new Set([
  "view-figures",
  "view-outcomes",
  "export",
  "remind",
  "invite",
]);

export function canManage(scope: Scope, action: ManagerAction): boolean {
  return scope.unitIds === null || UNIT_ACTIONS.has(action);
}

/** Whether a person in this unit (null: no unit) is within the scope. */
export function unitInScope(scope: Scope, unitId: number | null | undefined): boolean {
  if (scope.unitIds === null) return true;
  return unitId !== null && unitId !== undefined && scope.unitIds.includes(unitId);
}
