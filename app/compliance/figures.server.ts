import type Database from "better-sqlite3";
import type { StaffGroup } from "@db/enums";
import { listModules } from "~/content/catalogue.server";
import type { ContentLanguage } from "~/content/types";
import { db } from "~/db.server";
import { DUE_SOON_DAYS, STATUS_URGENCY, isCompliant, standingOn, statusOn } from "~/learning/status";
import { STAFF_FAMILY_NAME_SQL, STAFF_GIVEN_NAME_SQL } from "~/organisations/memberships.server";
import { todayIso } from "~/utils/dates";
import { dayOf } from "./days";
import { ALL_MODULES } from "./person-rows.server";
import { EMPTY_TALLY, addTally, type Tally, type TrainingStatus } from "./status";
import {
  STATUS_CONDITION,
  STATUS_SQL,
  figureFilterCondition,
  historyCompletions,
  statusCaseSql,
  type FigureFilter,
} from "./status";
import { clientOf, complianceModules, ensureComplianceCurrent, type AnyDatabase } from "./store.server";

/**
 * The figures: live ones from compliance_rows (one organisation) and compliance_counts (every
 * organisation), and point-in-time ones (trend, evidence for a past date) from the completion
 * history each row keeps. Every function brings the derived tables up to date first.
 */

const statementCache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/** A prepared statement, prepared once per connection and SQL text. */
export function prepared<P extends unknown[] | object = unknown[], R = unknown>(
  client: Database.Database,
  sql: string,
): Database.Statement<P, R> {
  let cache = statementCache.get(client);
  if (!cache) statementCache.set(client, (cache = new Map()));
  let statement = cache.get(sql);
  if (!statement) cache.set(sql, (statement = client.prepare(sql)));
  return statement as Database.Statement<P, R>;
}

export interface ModuleInfo {
  id: number;
  slug: string;
  title: string;
  versionDay: number;
}

/** The modules the figures know, with titles in the language asked for (the slug when the catalogue lacks it). */
export function moduleInfo(language: ContentLanguage, database: AnyDatabase = db()): ModuleInfo[] {
  const titles = new Map(listModules(language).map((m) => [m.slug, { title: m.title, order: m.order }]));
  return complianceModules(clientOf(database))
    .map((m) => ({
      id: m.id,
      slug: m.slug,
      title: titles.get(m.slug)?.title ?? m.slug,
      versionDay: m.versionDay,
      order: titles.get(m.slug)?.order ?? 999,
    }))
    .sort((a, b) => a.order - b.order)
    .map(({ order: _order, ...m }) => m);
}

export interface Filters {
  moduleId?: number;
  unitId?: number;
  /** A unit manager's units (see app/auth/scope.ts): only their people, whatever else is asked. */
  unitIds?: number[];
  staffGroup?: StaffGroup;
}

export interface Cell extends Tally {
  moduleId: number;
  unitId: number;
  staffGroup: string;
}

function filterSql(filters: Filters): string {
  return [
    filters.moduleId !== undefined ? "AND r.module_id = :moduleId" : "",
    filters.unitId !== undefined ? "AND r.unit_id = :unitId" : "",
    filters.unitIds !== undefined ? UNITS_CONDITION : "",
    filters.staffGroup !== undefined ? "AND r.staff_group = :staffGroup" : "",
  ].join(" ");
}

/** A unit manager's units, as one parameter (a JSON array) so the statement is prepared once for any number of units. */
export const UNITS_CONDITION = "AND r.unit_id IN (SELECT value FROM json_each(:unitIds))";

function filterParams(filters: Filters): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  if (filters.moduleId !== undefined) params.moduleId = filters.moduleId;
  if (filters.unitId !== undefined) params.unitId = filters.unitId;
  if (filters.unitIds !== undefined) params.unitIds = JSON.stringify(filters.unitIds);
  if (filters.staffGroup !== undefined) params.staffGroup = filters.staffGroup;
  return params;
}

/**
 * The dashboard's main table: status counts of one organisation's active people per module x unit x
 * staff group (module 0 is all required training). One range scan of the rows' primary key.
 */
export function organisationCells(
  organisationId: number,
  filters: Filters = {},
  today = todayIso(),
  database: AnyDatabase = db(),
): Cell[] {
  ensureComplianceCurrent(database, today);
  return queryCells(clientOf(database), organisationId, filters, dayOf(today));
}

export function queryCells(client: Database.Database, organisationId: number, filters: Filters, day: number): Cell[] {
  const params = { organisationId, today: day, ...filterParams(filters) };
  const where = `WHERE r.organisation_id = :organisationId AND r.counted = 1 ${filterSql(filters)}
    GROUP BY r.module_id, r.unit_id, r.staff_group`;
  try {
    const packed = prepared<[Record<string, unknown>], PackedCell>(
      client,
      `SELECT r.module_id AS moduleId, r.unit_id AS unitId, r.staff_group AS staffGroup, COUNT(*) AS people,
        SUM(${PACKED_STATUS_SQL}) AS packed FROM compliance_rows r ${where}`,
    )
      .safeIntegers(true)
      .all(params);
    if (packed.every((cell) => cell.people < PACK_LIMIT)) return packed.map(unpack);
  } catch (error) {
    // A cell of hundreds of thousands of new starters can overflow the sum: count it the plain way.
    if (!(error instanceof Error && error.message === "integer overflow")) throw error;
  }
  return prepared<[Record<string, unknown>], Cell>(
    client,
    `SELECT r.module_id AS moduleId, r.unit_id AS unitId, r.staff_group AS staffGroup, COUNT(*) AS people,
      SUM(${STATUS_CONDITION.compliant}) AS compliant,
      SUM(${STATUS_CONDITION["due-soon"]}) AS dueSoon,
      SUM(${STATUS_CONDITION.overdue}) AS overdue,
      SUM(${STATUS_CONDITION["not-started"]}) AS notStarted,
      SUM(${STATUS_CONDITION["new-starter"]}) AS newStarters
    FROM compliance_rows r ${where}`,
  ).all(params);
}

/**
 * The main table works out each row's status once (the CASE of the status rules) and adds four of
 * the counts in one sum, each in its own 15 bits; overdue is the people left over. Testing each
 * status's condition in a sum of its own took more than twice as long on a trust's table. The packed
 * sum holds while no cell has PACK_LIMIT people; a bigger cell is counted the plain way.
 */
const PACK_BITS = 15n;
const PACK_LIMIT = 1n << PACK_BITS;
const PACKED_STATUSES = ["compliant", "due-soon", "not-started", "new-starter"] as const;
const PACKED_STATUS_SQL = statusCaseSql((status) => {
  const i = (PACKED_STATUSES as readonly string[]).indexOf(status);
  return i < 0 ? "0" : String(1n << (PACK_BITS * BigInt(i)));
});

interface PackedCell {
  moduleId: bigint;
  unitId: bigint;
  staffGroup: string;
  people: bigint;
  packed: bigint;
}

function unpack(cell: PackedCell): Cell {
  const [compliant, dueSoon, notStarted, newStarters] = PACKED_STATUSES.map((_, i) =>
    Number((cell.packed >> (PACK_BITS * BigInt(i))) & (PACK_LIMIT - 1n)),
  );
  const people = Number(cell.people);
  return {
    moduleId: Number(cell.moduleId),
    unitId: Number(cell.unitId),
    staffGroup: cell.staffGroup,
    people,
    compliant,
    dueSoon,
    overdue: people - compliant - dueSoon - notStarted - newStarters,
    notStarted,
    newStarters,
  };
}

/** Sums cells by a key: module, unit or staff group, or any mix. */
export function sumBy<K extends string | number>(cells: Cell[], key: (cell: Cell) => K): Map<K, Tally> {
  const result = new Map<K, Tally>();
  for (const cell of cells) result.set(key(cell), addTally(result.get(key(cell)) ?? EMPTY_TALLY, cell));
  return result;
}

export interface NationalRow extends Tally {
  organisationId: number;
  moduleId: number;
}

/**
 * Every organisation x module from the counters: a range of future days per organisation, module and
 * kind, plus the totals. See compliance_counts in db/schema/compliance.ts for what each kind counts.
 */
export function nationalFigures(today = todayIso(), database: AnyDatabase = db()): NationalRow[] {
  ensureComplianceCurrent(database, today);
  return queryNational(clientOf(database), dayOf(today));
}

export function queryNational(client: Database.Database, day: number): NationalRow[] {
  const moduleIds = [ALL_MODULES, ...complianceModules(client).map((m) => m.id)];
  const sums = prepared<
    [Record<string, unknown>],
    { organisationId: number; moduleId: number; kind: string; ahead: number; beyond: number }
  >(
    client,
    `SELECT organisation_id AS organisationId, module_id AS moduleId, kind, SUM(n) AS ahead, SUM(CASE WHEN day > :soon THEN n ELSE 0 END) AS beyond
     FROM compliance_counts
     WHERE organisation_id IN (SELECT id FROM organisations) AND module_id IN (SELECT value FROM json_each(:modules)) AND kind IN ('c', 'n', 's', 'v', 'd') AND day > :today
     GROUP BY organisation_id, module_id, kind`,
  ).all({ today: day, soon: day + DUE_SOON_DAYS, modules: JSON.stringify(moduleIds) });
  const totals = prepared<[], { organisationId: number; moduleId: number; kind: string; n: number }>(
    client,
    "SELECT organisation_id AS organisationId, module_id AS moduleId, kind, n FROM compliance_totals",
  ).all();

  interface Acc {
    c: number;
    x: number;
    n: number;
    cAhead: number;
    cBeyond: number;
    nAhead: number;
    sAhead: number;
    vAhead: number;
    dAhead: number;
  }
  const acc = new Map<string, Acc & { organisationId: number; moduleId: number }>();
  const get = (organisationId: number, moduleId: number) => {
    const key = `${organisationId}/${moduleId}`;
    let a = acc.get(key);
    if (!a)
      acc.set(
        key,
        (a = {
          organisationId,
          moduleId,
          c: 0,
          x: 0,
          n: 0,
          cAhead: 0,
          cBeyond: 0,
          nAhead: 0,
          sAhead: 0,
          vAhead: 0,
          dAhead: 0,
        }),
      );
    return a;
  };
  for (const t of totals) {
    const a = get(t.organisationId, t.moduleId);
    if (t.kind === "c" || t.kind === "x" || t.kind === "n") a[t.kind] += t.n;
  }
  for (const s of sums) {
    const a = get(s.organisationId, s.moduleId);
    if (s.kind === "c") {
      a.cAhead += s.ahead;
      a.cBeyond += s.beyond;
    } else if (s.kind === "n") a.nAhead += s.ahead;
    else if (s.kind === "s") a.sAhead += s.ahead;
    else if (s.kind === "v") a.vAhead += s.ahead;
    else if (s.kind === "d") a.dAhead += s.ahead;
  }
  return [...acc.values()]
    .filter((a) => a.c + a.x + a.n > 0)
    .map((a) => {
      const compliant = a.cBeyond + a.sAhead;
      return {
        organisationId: a.organisationId,
        moduleId: a.moduleId,
        people: a.c + a.x + a.n,
        compliant,
        dueSoon: a.cAhead + a.vAhead - compliant,
        newStarters: a.nAhead,
        notStarted: a.n - a.nAhead + (a.dAhead - a.vAhead),
        overdue: a.c + a.x - (a.cAhead + a.dAhead),
      };
    });
}

export type SortKey = "name" | "unit" | "staffGroup" | "status" | "due";
export const SORT_KEYS: SortKey[] = ["name", "unit", "staffGroup", "status", "due"];

export interface StaffListRow {
  userId: string;
  givenName: string;
  familyName: string;
  unitName: string | null;
  staffGroup: StaffGroup;
  status: TrainingStatus;
  /** The last day (inclusive) it counts, or by which it is or was due: day number. */
  dueDay: number;
  lastDay: number | null;
}

export const STAFF_LIST_PAGE_SIZE = 50;

const GIVEN = STAFF_GIVEN_NAME_SQL;
const FAMILY = STAFF_FAMILY_NAME_SQL;
const ORDER: Record<SortKey, string> = {
  name: `${FAMILY} COLLATE NOCASE {dir}, ${GIVEN} COLLATE NOCASE {dir}, r.user_id`,
  unit: `un.name COLLATE NOCASE {dir}, ${FAMILY} COLLATE NOCASE, ${GIVEN} COLLATE NOCASE, r.user_id`,
  staffGroup: `r.staff_group {dir}, ${FAMILY} COLLATE NOCASE, ${GIVEN} COLLATE NOCASE, r.user_id`,
  status: `${statusCaseSql((s) => String(STATUS_URGENCY.indexOf(s)))} {dir}, r.valid_day, ${FAMILY} COLLATE NOCASE, r.user_id`,
  due: `r.valid_day {dir}, ${FAMILY} COLLATE NOCASE, ${GIVEN} COLLATE NOCASE, r.user_id`,
};

/** The people behind a figure: one module (or all required training), optionally one status or total, sorted and a page at a time. */
export function staffList(
  organisationId: number,
  filters: Filters & { moduleId: number; status?: FigureFilter },
  sort: SortKey,
  descending: boolean,
  page: number,
  today = todayIso(),
  database: AnyDatabase = db(),
) {
  ensureComplianceCurrent(database, today);
  const client = clientOf(database);
  const where = `WHERE r.organisation_id = :organisationId AND r.counted = 1 ${filterSql(filters)} ${filters.status ? `AND ${figureFilterCondition(filters.status)}` : ""}`;
  const params = { organisationId, today: dayOf(today), ...filterParams(filters) };
  const total = prepared<[Record<string, unknown>], { n: number }>(
    client,
    `SELECT COUNT(*) AS n FROM compliance_rows r ${where}`,
  ).get(params)!.n;
  const pageCount = Math.max(1, Math.ceil(total / STAFF_LIST_PAGE_SIZE));
  const current = Math.min(page, pageCount);
  const rows = prepared<[Record<string, unknown>], StaffListRow>(
    client,
    `SELECT r.user_id AS userId, ${GIVEN} AS givenName, ${FAMILY} AS familyName, un.name AS unitName, r.staff_group AS staffGroup,
       ${STATUS_SQL} AS status, r.valid_day - 1 AS dueDay, r.last_day AS lastDay
     FROM compliance_rows r JOIN users u ON u.id = r.user_id LEFT JOIN units un ON un.id = r.unit_id
       LEFT JOIN memberships m ON m.user_id = r.user_id AND m.organisation_id = r.organisation_id
     ${where}
     ORDER BY ${ORDER[sort].replaceAll("{dir}", descending ? "DESC" : "ASC")}
     LIMIT :limit OFFSET :offset`,
  ).all({ ...params, limit: STAFF_LIST_PAGE_SIZE, offset: (current - 1) * STAFF_LIST_PAGE_SIZE });
  return { rows, total, page: current, pageCount };
}

export interface PointTally {
  /** Counted: in date or not, new starters in grace left out. */
  counted: number;
  compliant: number;
  inGrace: number;
}

export interface PointInTimeFigures {
  day: number;
  /** By module id (0: all required training). */
  byModule: Map<number, PointTally>;
  /** By module id, then unit id or staff group; only for the days asked for in `breakdownDays`. */
  byUnit: Map<number, Map<number, PointTally>>;
  byStaffGroup: Map<number, Map<string, PointTally>>;
}

// Results of moduleOnDay() as small numbers, for the tight loop below (not active: skipped).
const IN_GRACE = 1;
const COMPLIANT = 2;
const NOT_COMPLIANT = 3;

function tallyOf(map: Map<unknown, PointTally>, key: unknown): PointTally {
  let t = map.get(key);
  if (!t) map.set(key, (t = { counted: 0, compliant: 0, inGrace: 0 }));
  return t;
}

function addResult(t: PointTally, result: number): void {
  if (result === IN_GRACE) t.inGrace++;
  else {
    t.counted++;
    if (result === COMPLIANT) t.compliant++;
  }
}

/**
 * Figures on past days (each month end for the trend, or a DSPT reporting date), recomputed from the
 * completion history in each row with the same rules as today's (standingOn() and statusOn() in
 * app/learning/status.ts; allOnDay() in status.ts inlined). Uses the people's current
 * unit and staff group, and the current requirements and module versions.
 */
export function figuresOnDays(
  organisationId: number,
  days: number[],
  filters: Filters = {},
  database: AnyDatabase = db(),
  today = todayIso(),
  breakdownDays: number[] = [],
): PointInTimeFigures[] {
  ensureComplianceCurrent(database, today);
  const client = clientOf(database);
  const { moduleId, ...rest } = filters;
  // One row per person: the all-modules row carries every module's history.
  const rows = prepared<[Record<string, unknown>], [number, string, number, number | null, string]>(
    client,
    `SELECT r.unit_id, r.staff_group, r.start_day, r.end_day, r.history
     FROM compliance_rows r WHERE r.organisation_id = :organisationId AND r.module_id = 0 ${filterSql(rest)}`,
  )
    .raw()
    .all({ organisationId, ...filterParams(rest) });
  const versions = new Map(complianceModules(client).map((m) => [m.id, m.versionDay]));
  const wantAll = moduleId === undefined || moduleId === ALL_MODULES;
  const dayCount = days.length;
  const breakdown = days.map((d) => breakdownDays.includes(d));
  const results = days.map((day) => ({
    day,
    byModule: new Map<number, PointTally>(),
    byUnit: new Map<number, Map<number, PointTally>>(),
    byStaffGroup: new Map<number, Map<string, PointTally>>(),
  }));
  const add = (i: number, id: number, unitId: number, staffGroup: string, result: number) => {
    const r = results[i];
    addResult(tallyOf(r.byModule as Map<unknown, PointTally>, id), result);
    if (!breakdown[i]) return;
    if (!r.byUnit.has(id)) r.byUnit.set(id, new Map());
    if (!r.byStaffGroup.has(id)) r.byStaffGroup.set(id, new Map());
    addResult(tallyOf(r.byUnit.get(id)! as Map<unknown, PointTally>, unitId), result);
    addResult(tallyOf(r.byStaffGroup.get(id)! as Map<unknown, PointTally>, staffGroup), result);
  };

  // Per day, for all required training: 1 some requirement out of grace, 2 some not in date.
  const flags = new Uint8Array(dayCount);
  for (const [unitId, staffGroup, startDay, endDay, packed] of rows) {
    flags.fill(0);
    for (const part of packed.split("|")) {
      const [idText, renewalText, graceText, history] = part.split(":");
      const id = Number(idText);
      const versionDay = versions.get(id);
      if (versionDay === undefined || (!wantAll && moduleId !== id)) continue;
      const renewalDays = Number(renewalText);
      const graceDays = Number(graceText);
      const completed = historyCompletions(history);
      const release = { versionDay };
      for (let i = 0; i < dayCount; i++) {
        const day = days[i];
        if (startDay > day || (endDay !== null && endDay < day)) continue;
        const status = statusOn(standingOn(completed, release, renewalDays, graceDays, day), startDay, graceDays, day);
        const result = status === "new-starter" ? IN_GRACE : isCompliant(status) ? COMPLIANT : NOT_COMPLIANT;
        if (!wantAll || moduleId === undefined) add(i, id, unitId, staffGroup, result);
        flags[i] |= (result === IN_GRACE ? 0 : 1) | (result === NOT_COMPLIANT ? 2 : 0);
      }
    }
    if (!wantAll) continue;
    for (let i = 0; i < dayCount; i++) {
      const day = days[i];
      if (startDay > day || (endDay !== null && endDay < day)) continue;
      const f = flags[i];
      add(i, ALL_MODULES, unitId, staffGroup, !(f & 1) ? IN_GRACE : f & 2 ? NOT_COMPLIANT : COMPLIANT);
    }
  }
  return results;
}

export function pointPercent(t: PointTally | undefined): number | null {
  if (!t || t.counted === 0) return null;
  return Math.floor((t.compliant * 1000) / t.counted) / 10;
}

export interface SharedPersonRow {
  userId: string;
  organisationId: number;
  status: TrainingStatus;
}

/**
 * The rows, for one module on a day, of people counted in more than one organisation: what a parent's
 * roll-up needs to count each person once. Only people with several memberships are read (the
 * memberships' (user, organisation) index, then the rows' user index).
 */
export function sharedPeopleRows(
  moduleId: number,
  today = todayIso(),
  database: AnyDatabase = db(),
): SharedPersonRow[] {
  ensureComplianceCurrent(database, today);
  return prepared<[Record<string, unknown>], SharedPersonRow>(
    clientOf(database),
    `SELECT r.user_id AS userId, r.organisation_id AS organisationId, ${STATUS_SQL} AS status FROM compliance_rows r
     WHERE r.user_id IN (SELECT user_id FROM memberships GROUP BY user_id HAVING COUNT(*) > 1) AND r.module_id = :moduleId AND r.counted = 1`,
  ).all({ moduleId, today: dayOf(today) });
}

/**
 * One status for a person counted in several organisations of a roll-up: new starter only when a new
 * starter in all of them, else their least favourable status among the rest.
 */
export function combinedStatus(statuses: TrainingStatus[]): TrainingStatus {
  const counted = statuses.filter((s) => s !== "new-starter");
  if (counted.length === 0) return "new-starter";
  return counted.reduce((worst, s) => (STATUS_URGENCY.indexOf(s) < STATUS_URGENCY.indexOf(worst) ? s : worst));
}
