import type Database from "better-sqlite3";
import { listModules } from "~/content/catalogue.server";
import { clientOf, db, type AnyDatabase } from "~/db.server";
import { DUE_SOON_DAYS, RULES_VERSION } from "~/learning/status";
import { todayIso } from "~/utils/dates";
import { dayOf, isoOf, ukDayOfInstant } from "./days";
import { historyCompletions } from "./status";
import {
  ALL_MODULES,
  KEEP_LEAVERS_DAYS,
  ROW_COLUMNS,
  computePersonRows,
  rowKey,
  rowKind,
  sameRow,
  type ComplianceRow,
  type CompletionFact,
  type MembershipFact,
  type ModuleVersionRow,
  type RequirementFact,
} from "./person-rows.server";

export { clientOf, type AnyDatabase };

/**
 * Keeps the derived compliance tables (db/schema/compliance.ts) in step with memberships,
 * requirements, completions and the content catalogue. Writes go through prepared statements on the
 * caller's connection, inside the caller's transaction, so a completion and its figures commit together.
 */

const ROW_SQL_COLUMNS = ROW_COLUMNS.map((c) => c.replace(/[A-Z]/g, (l) => `_${l.toLowerCase()}`));
const SELECT_ROWS_SQL = `SELECT ${ROW_COLUMNS.map((c, i) => `${ROW_SQL_COLUMNS[i]} AS ${c}`).join(", ")} FROM compliance_rows`;
const REQUIREMENTS_SQL =
  "SELECT organisation_id AS organisationId, staff_group AS staffGroup, module_slug AS moduleSlug, required, renewal_days AS renewalDays, grace_days AS graceDays FROM requirements";

type CompletionRecord = {
  userId: string;
  moduleSlug: string;
  completedAt: number;
  majorVersion: number;
  expiresOn: string | null;
};
type RequirementRecord = Omit<RequirementFact, "required"> & { required: number };

function prepareStatements(client: Database.Database) {
  return {
    // The people of a batch come as one JSON array of user ids, so one statement serves any batch size.
    memberships: client.prepare<[string], MembershipFact & { userId: string }>(
      `SELECT user_id AS userId, organisation_id AS organisationId, unit_id AS unitId, staff_group AS staffGroup, start_date AS startDate, end_date AS endDate
       FROM memberships WHERE user_id IN (SELECT value FROM json_each(?))`,
    ),
    completions: client.prepare<[string], CompletionRecord>(
      `SELECT user_id AS userId, module_slug AS moduleSlug, completed_at AS completedAt, major_version AS majorVersion, expires_on AS expiresOn
       FROM completions WHERE user_id IN (SELECT value FROM json_each(?))`,
    ),
    requirements: client.prepare<[string], RequirementRecord>(
      `${REQUIREMENTS_SQL} WHERE organisation_id IS NULL OR organisation_id IN (SELECT organisation_id FROM memberships WHERE user_id IN (SELECT value FROM json_each(?))) ORDER BY id`,
    ),
    modules: client.prepare<[], ModuleVersionRow>(
      "SELECT id, slug, major_version AS majorVersion, version_day AS versionDay FROM compliance_modules ORDER BY id",
    ),
    asOf: client.prepare<[], { asOfDay: number; rulesVersion: number }>(
      "SELECT as_of_day AS asOfDay, rules_version AS rulesVersion FROM compliance_state WHERE id = 1",
    ),
    // A new state row is built with today's rules; an existing one keeps the version that built its rows.
    setAsOf: client.prepare<[number]>(
      `INSERT INTO compliance_state (id, as_of_day, rules_version) VALUES (1, ?, ${RULES_VERSION}) ON CONFLICT (id) DO UPDATE SET as_of_day = excluded.as_of_day`,
    ),
    setRulesVersion: client.prepare(`UPDATE compliance_state SET rules_version = ${RULES_VERSION} WHERE id = 1`),
    rowsOf: client.prepare<[string], ComplianceRow>(
      `${SELECT_ROWS_SQL} WHERE user_id IN (SELECT value FROM json_each(?))`,
    ),
    deleteRow: client.prepare<[number, number, number, string, string]>(
      "DELETE FROM compliance_rows WHERE organisation_id = ? AND module_id = ? AND unit_id = ? AND staff_group = ? AND user_id = ?",
    ),
    insertRow: client.prepare(
      `INSERT INTO compliance_rows (${ROW_SQL_COLUMNS.join(", ")}) VALUES (${ROW_SQL_COLUMNS.map(() => "?").join(", ")})`,
    ),
    // Same key, new facts: an UPDATE leaves the indexes alone, which a REPLACE would rewrite.
    updateRow: client.prepare(
      `UPDATE compliance_rows SET ${ROW_SQL_COLUMNS.slice(5)
        .map((c) => `${c} = ?`)
        .join(", ")}
       WHERE organisation_id = ? AND module_id = ? AND unit_id = ? AND staff_group = ? AND user_id = ?`,
    ),
    count: client.prepare<[number, number, string, number, number]>(
      "INSERT INTO compliance_counts (organisation_id, module_id, kind, day, n) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n",
    ),
    total: client.prepare<[number, number, string, number]>(
      "INSERT INTO compliance_totals (organisation_id, module_id, kind, n) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET n = n + excluded.n",
    ),
    clean: client.prepare<[string]>(
      "DELETE FROM compliance_dirty_users WHERE user_id IN (SELECT value FROM json_each(?))",
    ),
    isDirty: client.prepare<[string], { one: number }>("SELECT 1 AS one FROM compliance_dirty_users WHERE user_id = ?"),
    moduleCompletions: client.prepare<[string, string], Omit<CompletionRecord, "userId">>(
      "SELECT module_slug AS moduleSlug, completed_at AS completedAt, major_version AS majorVersion, expires_on AS expiresOn FROM completions WHERE user_id = ? AND module_slug = ?",
    ),
    allModulesRowsOf: client.prepare<[string], ComplianceRow>(`${SELECT_ROWS_SQL} WHERE user_id = ? AND module_id = 0`),
    pending: client.prepare<[], { n: number }>(
      "SELECT (SELECT COUNT(*) FROM compliance_dirty_users) + (SELECT COUNT(*) FROM compliance_dirty_organisations) AS n",
    ),
  };
}

const statementCache = new WeakMap<Database.Database, ReturnType<typeof prepareStatements>>();

function statements(client: Database.Database) {
  let found = statementCache.get(client);
  if (!found) {
    found = prepareStatements(client);
    statementCache.set(client, found);
  }
  return found;
}

function rowValues(row: ComplianceRow): unknown[] {
  return ROW_COLUMNS.map((c) => row[c]);
}

type Statements = ReturnType<typeof statements>;

interface CounterMoves {
  /** Adds (sign 1) or removes (sign -1) a row's contribution to the counters. Uncounted rows have none. */
  add(row: ComplianceRow, sign: 1 | -1, skipTotal?: boolean): void;
}

/**
 * Runs `work`, then writes the counter moves it made, once per counter rather than once per row: a
 * staff-list import moves the same few thousand counters hundreds of thousands of times. Every write
 * adds to a counter, so adding up the moves first, in the same transaction, gives the same figures.
 */
function withCounterMoves<T>(client: Database.Database, work: (moves: CounterMoves) => T): T {
  const counts = new Map<string, [organisationId: number, moduleId: number, kind: string, day: number, n: number]>();
  const totals = new Map<string, [organisationId: number, moduleId: number, kind: string, n: number]>();
  const count = (row: ComplianceRow, kind: string, day: number, sign: number) => {
    const key = `${row.organisationId}/${row.moduleId}/${kind}/${day}`;
    const found = counts.get(key);
    if (found) found[4] += sign;
    else counts.set(key, [row.organisationId, row.moduleId, kind, day, sign]);
  };
  const result = work({
    add(row, sign, skipTotal = false) {
      if (!row.counted) return;
      const kind = rowKind(row);
      if (!skipTotal) {
        const key = `${row.organisationId}/${row.moduleId}/${kind}`;
        const found = totals.get(key);
        if (found) found[3] += sign;
        else totals.set(key, [row.organisationId, row.moduleId, kind, sign]);
      }
      if (kind === "x") {
        count(row, "s", row.soonDay!, sign);
        count(row, "v", row.validDay, sign);
        count(row, "d", row.overdueDay!, sign);
      } else {
        count(row, kind, row.validDay, sign);
      }
    },
  });
  const s = statements(client);
  for (const c of counts.values()) if (c[4] !== 0) s.count.run(...c);
  for (const t of totals.values()) if (t[3] !== 0) s.total.run(...t);
  return result;
}

/** The module versions the rows are built with; filled from the catalogue the first time. */
export function complianceModules(client: Database.Database): ModuleVersionRow[] {
  const s = statements(client);
  const found = s.modules.all();
  if (found.length > 0) return found;
  const catalogue = catalogueVersions();
  const insert = client.prepare(
    "INSERT OR IGNORE INTO compliance_modules (id, slug, major_version, version_day) VALUES (?, ?, ?, ?)",
  );
  catalogue.forEach((m, i) => insert.run(i + 1, m.slug, m.majorVersion, m.versionDay));
  return s.modules.all();
}

function catalogueVersions(): Omit<ModuleVersionRow, "id">[] {
  return listModules("en-GB").map((m) => ({
    slug: m.slug,
    majorVersion: m.majorVersion,
    versionDay: dayOf(m.versionDate),
  }));
}

function asOfDay(client: Database.Database, today: number): number {
  const s = statements(client);
  const found = s.asOf.get();
  if (found) return found.asOfDay;
  s.setAsOf.run(today);
  return today;
}

/**
 * Recomputes one person's compliance rows and the counters, inside the caller's transaction. Call it
 * after changing a person's memberships (start or end date, unit, staff group, a new membership from an
 * import or invitation). Triggers on memberships also note the person, so a forgotten call is caught up
 * on the next read, but calling it keeps the figures right from the moment the change commits.
 */
export function refreshPersonCompliance(database: AnyDatabase, userId: string): void {
  refreshPeopleCompliance(database, [userId]);
}

/** refreshPersonCompliance for many people at once (a staff-list import), in batches. */
export function refreshPeopleCompliance(database: AnyDatabase, userIds: Iterable<string>): void {
  const client = clientOf(database);
  refreshPeople(client, userIds, complianceModules(client), asOfDay(client, ukDayOfInstant(Date.now())));
}

/** Replaces a row that keeps its key, moving the counters only as far as they change. */
function writeChangedRow(s: Statements, moves: CounterMoves, old: ComplianceRow, row: ComplianceRow): void {
  // Same kind and both counted: the total does not move, only the day counters do.
  const sameTotal = old.counted === row.counted && rowKind(old) === rowKind(row);
  if (!sameCounters(old, row)) {
    moves.add(old, -1, sameTotal);
    moves.add(row, 1, sameTotal);
  }
  const values = rowValues(row);
  s.updateRow.run(...values.slice(5), ...values.slice(0, 5));
}

/** Whether two rows feed the counters identically. */
function sameCounters(a: ComplianceRow, b: ComplianceRow): boolean {
  return (
    a.counted === b.counted &&
    a.never === b.never &&
    a.soonDay === b.soonDay &&
    a.validDay === b.validDay &&
    a.overdueDay === b.overdueDay
  );
}

/**
 * Recomputes everyone in one organisation, inside the caller's transaction: after changing that
 * organisation's requirements (a trigger also notes it, for the next read to catch up).
 */
export function refreshOrganisationCompliance(database: AnyDatabase, organisationId: number): void {
  const client = clientOf(database);
  const modules = complianceModules(client);
  const asOf = asOfDay(client, ukDayOfInstant(Date.now()));
  const people = client
    .prepare<[number, number], { userId: string }>(
      "SELECT user_id AS userId FROM memberships WHERE organisation_id = ? UNION SELECT user_id FROM compliance_rows WHERE organisation_id = ? AND module_id = 0",
    )
    .all(organisationId, organisationId);
  refreshPeople(
    client,
    people.map((p) => p.userId),
    modules,
    asOf,
  );
  client.prepare("DELETE FROM compliance_dirty_organisations WHERE organisation_id = ?").run(organisationId);
}

/**
 * What recordCompletion calls, in the completion's own transaction: the write path of every completion,
 * so it reads as little as it can. Each membership's all-modules row carries what its module rows were
 * computed from (dates, renewal and grace periods, every module's completion history), so the rows
 * before and after this completion are both recomputed from it with computePersonRows(), and only the
 * difference is written. When the stored row does not match what it would compute (or the person's
 * memberships have changed since), it falls back to recomputing the person from the facts.
 */
export function updateComplianceAfterCompletion(
  database: AnyDatabase,
  completion: { userId: string; moduleSlug: string },
): void {
  const client = clientOf(database);
  const s = statements(client);
  const modules = complianceModules(client);
  const asOf = asOfDay(client, ukDayOfInstant(Date.now()));
  const module = modules.find((m) => m.slug === completion.moduleSlug);
  if (!module) return;
  const recompute = () => refreshPeople(client, [completion.userId], modules, asOf);
  if (s.isDirty.get(completion.userId)) return recompute();
  withCounterMoves(client, (moves) => {
    const byId = new Map(modules.map((m) => [m.id, m]));
    const fresh = s.moduleCompletions.all(completion.userId, completion.moduleSlug).map(completionFact);
    for (const stored of s.allModulesRowsOf.all(completion.userId)) {
      const parts = stored.history.split("|").map((part) => {
        const [id, renewalDays, graceDays, history] = part.split(":");
        return {
          module: byId.get(Number(id)),
          renewalDays: Number(renewalDays),
          graceDays: Number(graceDays),
          history,
        };
      });
      if (parts.some((p) => !p.module)) return recompute();
      if (!parts.some((p) => p.module!.id === module.id)) continue;
      const membership: MembershipFact = {
        organisationId: stored.organisationId,
        unitId: stored.unitId || null,
        staffGroup: stored.staffGroup as MembershipFact["staffGroup"],
        startDate: isoOf(stored.startDay),
        endDate: stored.endDay === null ? null : isoOf(stored.endDay),
      };
      const requirements: RequirementFact[] = parts.map((p) => ({
        organisationId: stored.organisationId,
        staffGroup: membership.staffGroup,
        moduleSlug: p.module!.slug,
        required: true,
        renewalDays: p.renewalDays,
        graceDays: p.graceDays,
      }));
      const own = parts.map((p) => p.module!);
      const before = parts.flatMap((p) =>
        historyCompletions(p.history).map((c) => ({
          moduleSlug: p.module!.slug,
          day: c.day,
          majorVersion: c.older ? p.module!.majorVersion - 1 : p.module!.majorVersion,
          expiryDay: c.expiryDay,
        })),
      );
      const after = [...before.filter((c) => c.moduleSlug !== module.slug), ...fresh];
      const old = computePersonRows(completion.userId, [membership], before, requirements, own, asOf);
      const oldAll = old.find((r) => r.moduleId === ALL_MODULES);
      if (!oldAll || !sameRow(oldAll, stored)) return recompute();
      const oldByKey = new Map(old.map((r) => [rowKey(r), r]));
      for (const row of computePersonRows(completion.userId, [membership], after, requirements, own, asOf)) {
        const previous = oldByKey.get(rowKey(row));
        if (!previous) return recompute();
        if (sameRow(previous, row)) continue;
        writeChangedRow(s, moves, previous, row);
      }
    }
  });
}

const REFRESH_BATCH = 2_000;

/**
 * Recomputes people's rows from the facts and writes only the rows that changed. A batch of people
 * at a time, each batch's memberships, completions, requirements and stored rows read in one query
 * apiece: an import refreshes a hundred thousand people.
 */
function refreshPeople(
  client: Database.Database,
  userIds: Iterable<string>,
  modules: ModuleVersionRow[],
  asOf: number,
): void {
  const s = statements(client);
  // In key order, so that each batch reads and writes one stretch of the user_id indexes.
  const people = [...new Set(userIds)].sort();
  withCounterMoves(client, (moves) => {
    for (let i = 0; i < people.length; i += REFRESH_BATCH) {
      const batch = people.slice(i, i + REFRESH_BATCH);
      const ids = JSON.stringify(batch);
      const memberships = groupByUser(s.memberships.all(ids));
      const completions = groupByUser(s.completions.all(ids));
      const stored = groupByUser(s.rowsOf.all(ids));
      const requirements = requirementsByOrganisation(s.requirements.all(ids));
      for (const userId of batch) {
        const mine = memberships.get(userId) ?? [];
        const fresh =
          mine.length === 0 || modules.length === 0
            ? []
            : computePersonRows(
                userId,
                mine,
                (completions.get(userId) ?? []).map(completionFact),
                requirementsOf(requirements, mine),
                modules,
                asOf,
              );
        writeDifference(s, moves, stored.get(userId) ?? [], fresh);
      }
      s.clean.run(ids);
    }
  });
}

/** Brings one person's stored rows to `fresh`: new rows inserted, changed ones updated, the rest deleted. */
function writeDifference(s: Statements, moves: CounterMoves, stored: ComplianceRow[], fresh: ComplianceRow[]): void {
  const previous = new Map(stored.map((r) => [rowKey(r), r]));
  for (const row of fresh) {
    const key = rowKey(row);
    const old = previous.get(key);
    previous.delete(key);
    if (old && sameRow(old, row)) continue;
    if (old) writeChangedRow(s, moves, old, row);
    else {
      s.insertRow.run(...rowValues(row));
      moves.add(row, 1);
    }
  }
  for (const old of previous.values()) {
    moves.add(old, -1);
    s.deleteRow.run(old.organisationId, old.moduleId, old.unitId, old.staffGroup, old.userId);
  }
}

function groupByUser<T extends { userId: string }>(rows: T[]): Map<string, T[]> {
  const byUser = new Map<string, T[]>();
  for (const row of rows) {
    const list = byUser.get(row.userId);
    if (list) list.push(row);
    else byUser.set(row.userId, [row]);
  }
  return byUser;
}

function completionFact(c: Omit<CompletionRecord, "userId">): CompletionFact {
  return {
    moduleSlug: c.moduleSlug,
    day: ukDayOfInstant(c.completedAt),
    majorVersion: c.majorVersion,
    expiryDay: c.expiresOn === null ? null : dayOf(c.expiresOn),
  };
}

/** Requirement rows by organisation id, national ones under null, each list in the table's order. */
function requirementsByOrganisation(rows: RequirementRecord[]): Map<number | null, RequirementFact[]> {
  const byOrganisation = new Map<number | null, RequirementFact[]>();
  for (const r of rows) {
    const fact = { ...r, required: Boolean(r.required) };
    const list = byOrganisation.get(r.organisationId);
    if (list) list.push(fact);
    else byOrganisation.set(r.organisationId, [fact]);
  }
  return byOrganisation;
}

/** The requirement rows that can apply to a person: national ones and those of their organisations. */
function requirementsOf(
  byOrganisation: Map<number | null, RequirementFact[]>,
  memberships: MembershipFact[],
): RequirementFact[] {
  const organisations = new Set(memberships.map((m) => m.organisationId));
  return [null, ...organisations].flatMap((id) => byOrganisation.get(id) ?? []);
}

let lastCatalogueSignature = new WeakMap<Database.Database, string>();

/** For tests that rebuild the catalogue under a running process. */
export function forgetCatalogueSignature(): void {
  lastCatalogueSignature = new WeakMap();
}

/**
 * Brings the derived tables up to today before figures are read: people and organisations noted by the
 * triggers, memberships that started or ended since the last day seen, and module versions that changed
 * in the catalogue or took effect. Cheap when nothing changed: two small reads.
 */
export function ensureComplianceCurrent(database: AnyDatabase = db(), today: string = todayIso()): void {
  const client = clientOf(database);
  const day = dayOf(today);
  const catalogue = catalogueVersions();
  const signature = JSON.stringify(catalogue);
  const s = statements(client);
  const state = s.asOf.get();
  if (
    lastCatalogueSignature.get(client) === signature &&
    state?.asOfDay === day &&
    state.rulesVersion === RULES_VERSION &&
    s.pending.get()!.n === 0
  )
    return;

  client
    .transaction(() => {
      const found = s.asOf.get();
      const asOf = found?.asOfDay;
      // Rows built by other rules than these are rebuilt (at start: the server checks a second after it starts).
      let rebuildAll = found !== undefined && found.rulesVersion !== RULES_VERSION;
      // A new major version changes which completions count for everyone who has one; a version date
      // that changes or passes matters only to people whose completions are of an older major version.
      const newMajor = new Set<number>();
      const retakes = new Set<number>();
      // An empty catalogue means the content is not built: keep the versions we have.
      if (catalogue.length > 0) {
        const known = new Map(s.modules.all().map((m) => [m.slug, m]));
        let nextId = Math.max(0, ...[...known.values()].map((m) => m.id)) + 1;
        for (const m of catalogue) {
          const existing = known.get(m.slug);
          known.delete(m.slug);
          if (!existing) {
            client
              .prepare("INSERT INTO compliance_modules (id, slug, major_version, version_day) VALUES (?, ?, ?, ?)")
              .run(nextId++, m.slug, m.majorVersion, m.versionDay);
            if (asOf !== undefined) rebuildAll = true;
          } else if (existing.majorVersion !== m.majorVersion || existing.versionDay !== m.versionDay) {
            client
              .prepare("UPDATE compliance_modules SET major_version = ?, version_day = ? WHERE id = ?")
              .run(m.majorVersion, m.versionDay, existing.id);
            (existing.majorVersion !== m.majorVersion ? newMajor : retakes).add(existing.id);
          }
        }
        for (const gone of known.values()) {
          client.prepare("DELETE FROM compliance_modules WHERE id = ?").run(gone.id);
          rebuildAll = true;
        }
      }
      if (asOf === undefined) s.setAsOf.run(day);
      else if (asOf < day) rollOver(client, asOf, day, retakes);

      const dirtyOrganisations = client
        .prepare<[], { id: number }>("SELECT organisation_id AS id FROM compliance_dirty_organisations")
        .all();
      if (dirtyOrganisations.some((o) => o.id === 0)) rebuildAll = true;
      if (rebuildAll) {
        rebuildCompliance(client, day);
      } else {
        const modules = s.modules.all();
        const people = new Set<string>();
        // One index range per organisation for the module's rows (the key starts with the organisation).
        const withHistory = (id: number, pattern: string) =>
          client
            .prepare<[number, string], { userId: string }>(
              "SELECT user_id AS userId FROM compliance_rows WHERE organisation_id IN (SELECT id FROM organisations) AND module_id = ? AND history LIKE ?",
            )
            .all(id, pattern);
        for (const id of newMajor) for (const r of withHistory(id, "_%")) people.add(r.userId);
        for (const id of retakes) if (!newMajor.has(id)) for (const r of withHistory(id, "%-%")) people.add(r.userId);
        for (const o of dirtyOrganisations) {
          for (const r of client
            .prepare<[number, number], { userId: string }>(
              "SELECT user_id AS userId FROM memberships WHERE organisation_id = ? UNION SELECT user_id FROM compliance_rows WHERE organisation_id = ? AND module_id = 0",
            )
            .all(o.id, o.id))
            people.add(r.userId);
        }
        for (const r of client
          .prepare<[], { userId: string }>("SELECT user_id AS userId FROM compliance_dirty_users")
          .all())
          people.add(r.userId);
        refreshPeople(client, people, modules, day);
      }
      client.prepare("DELETE FROM compliance_dirty_organisations").run();
      client.prepare("DELETE FROM compliance_dirty_users").run();
    })
    .immediate();
  lastCatalogueSignature.set(client, signature);
}

/**
 * Moves `counted` and the version rule from one day to a later one: starters who have started count,
 * leavers whose end date has passed stop counting (and go after KEEP_LEAVERS_DAYS), and modules whose
 * new major version took effect meanwhile are noted, for the people with older completions to be recomputed.
 */
function rollOver(client: Database.Database, from: number, to: number, retakes: Set<number>): void {
  const s = statements(client);
  // Ranges of days since the last roll-over, so each day reads only that day's starters and leavers.
  const starting = client
    .prepare<[number, number, number], ComplianceRow>(
      `${SELECT_ROWS_SQL} WHERE counted = 0 AND start_day > ? AND start_day <= ? AND (end_day IS NULL OR end_day >= ?)`,
    )
    .all(from, to, to);
  const leaving = client
    .prepare<[number, number], ComplianceRow>(
      `${SELECT_ROWS_SQL} WHERE end_day IS NOT NULL AND end_day >= ? AND end_day < ? AND counted = 1`,
    )
    .all(from, to);
  const setCounted = client.prepare<[number, number, number, number, string, string]>(
    "UPDATE compliance_rows SET counted = ? WHERE organisation_id = ? AND module_id = ? AND unit_id = ? AND staff_group = ? AND user_id = ?",
  );
  withCounterMoves(client, (moves) => {
    for (const row of starting) {
      setCounted.run(1, row.organisationId, row.moduleId, row.unitId, row.staffGroup, row.userId);
      moves.add({ ...row, counted: 1 }, 1);
    }
    for (const row of leaving) {
      moves.add(row, -1);
      setCounted.run(0, row.organisationId, row.moduleId, row.unitId, row.staffGroup, row.userId);
    }
  });
  client.prepare("DELETE FROM compliance_rows WHERE end_day IS NOT NULL AND end_day < ?").run(to - KEEP_LEAVERS_DAYS);
  // Major version 1 has no older version to retake.
  for (const m of s.modules.all())
    if (m.majorVersion > 1 && m.versionDay > from && m.versionDay <= to) retakes.add(m.id);
  s.setAsOf.run(to);
}

const REBUILD_BATCH = 5_000;

/**
 * Rebuilds every derived row and counter from the facts, a batch of people at a time, with the same
 * computePersonRows() the write path uses. For a new module, a changed national requirement and the
 * benchmark's generated data. Run it inside a transaction (ensureComplianceCurrent does).
 */
export function rebuildCompliance(
  client: Database.Database,
  asOf: number,
  onProgress?: (done: number, total: number) => void,
): void {
  const s = statements(client);
  const modules = s.modules.all().length ? s.modules.all() : complianceModules(client);
  client.prepare("DELETE FROM compliance_rows").run();
  client.prepare("DELETE FROM compliance_counts").run();
  client.prepare("DELETE FROM compliance_totals").run();
  s.setAsOf.run(asOf);
  const requirements = requirementsByOrganisation(
    client.prepare<[], RequirementRecord>(`${REQUIREMENTS_SQL} ORDER BY id`).all(),
  );
  const total = client.prepare<[], { n: number }>("SELECT COUNT(DISTINCT user_id) AS n FROM memberships").get()!.n;
  const membershipBatch = client.prepare<[string, number], MembershipFact & { userId: string }>(
    `SELECT user_id AS userId, organisation_id AS organisationId, unit_id AS unitId, staff_group AS staffGroup, start_date AS startDate, end_date AS endDate
     FROM memberships WHERE user_id IN (SELECT DISTINCT user_id FROM memberships WHERE user_id > ? ORDER BY user_id LIMIT ?) ORDER BY user_id`,
  );
  const completionBatch = client.prepare<[string, string], CompletionRecord>(
    "SELECT user_id AS userId, module_slug AS moduleSlug, completed_at AS completedAt, major_version AS majorVersion, expires_on AS expiresOn FROM completions WHERE user_id >= ? AND user_id <= ? ORDER BY user_id",
  );
  let after = "";
  let done = 0;
  for (;;) {
    const memberships = membershipBatch.all(after, REBUILD_BATCH);
    if (memberships.length === 0) break;
    const first = memberships[0].userId;
    const last = memberships[memberships.length - 1].userId;
    const completions = completionBatch.all(first, last);
    let c = 0;
    for (let i = 0; i < memberships.length;) {
      const userId = memberships[i].userId;
      const mine: MembershipFact[] = [];
      for (; i < memberships.length && memberships[i].userId === userId; i++) mine.push(memberships[i]);
      while (c < completions.length && completions[c].userId < userId) c++;
      const theirs = [];
      for (; c < completions.length && completions[c].userId === userId; c++)
        theirs.push(completionFact(completions[c]));
      for (const row of computePersonRows(userId, mine, theirs, requirementsOf(requirements, mine), modules, asOf))
        s.insertRow.run(...rowValues(row));
      done++;
    }
    after = last;
    onProgress?.(done, total);
  }
  rebuildCounters(client);
  s.setRulesVersion.run();
  client.prepare("DELETE FROM compliance_dirty_users").run();
  client.prepare("DELETE FROM compliance_dirty_organisations").run();
}

/** rowKind() in SQL, over compliance_rows. */
const KIND_SQL = `CASE WHEN never = 1 THEN 'n' WHEN soon_day = valid_day - ${DUE_SOON_DAYS} AND overdue_day = valid_day THEN 'c' ELSE 'x' END`;

/** The counters as they should be, computed from the rows: the rebuild uses it, and tests compare with it. */
export const EXPECTED_COUNTS_SQL = `
  SELECT organisation_id, module_id, kind, day, SUM(n) AS n FROM (
    SELECT organisation_id, module_id, ${KIND_SQL} AS kind, valid_day AS day, 1 AS n FROM compliance_rows WHERE counted = 1 AND ${KIND_SQL} <> 'x'
    UNION ALL SELECT organisation_id, module_id, 's', soon_day, 1 FROM compliance_rows WHERE counted = 1 AND ${KIND_SQL} = 'x'
    UNION ALL SELECT organisation_id, module_id, 'v', valid_day, 1 FROM compliance_rows WHERE counted = 1 AND ${KIND_SQL} = 'x'
    UNION ALL SELECT organisation_id, module_id, 'd', overdue_day, 1 FROM compliance_rows WHERE counted = 1 AND ${KIND_SQL} = 'x'
  ) GROUP BY organisation_id, module_id, kind, day`;

export const EXPECTED_TOTALS_SQL = `SELECT organisation_id, module_id, ${KIND_SQL} AS kind, COUNT(*) AS n FROM compliance_rows WHERE counted = 1 GROUP BY 1, 2, 3`;

function rebuildCounters(client: Database.Database): void {
  client.prepare("DELETE FROM compliance_counts").run();
  client.prepare("DELETE FROM compliance_totals").run();
  client
    .prepare(`INSERT INTO compliance_counts (organisation_id, module_id, kind, day, n) ${EXPECTED_COUNTS_SQL}`)
    .run();
  client.prepare(`INSERT INTO compliance_totals (organisation_id, module_id, kind, n) ${EXPECTED_TOTALS_SQL}`).run();
}

export { ALL_MODULES };
