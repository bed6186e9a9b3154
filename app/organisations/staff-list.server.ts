import { z } from "zod";
import { STAFF_GROUPS, type MembershipRole, type StaffGroup } from "@db/enums";
import { dayOf } from "~/compliance/days";
import { prepared } from "~/compliance/figures.server";
import { ALL_MODULES } from "~/compliance/person-rows.server";
import { FIGURE_STATUSES, STATUS_CONDITION, STATUS_SQL, statusCaseSql, type TrainingStatus } from "~/compliance/status";
import { clientOf, ensureComplianceCurrent, type AnyDatabase } from "~/compliance/store.server";
import { db } from "~/db.server";
import { STATUS_URGENCY } from "~/learning/status";
import { todayIso } from "~/utils/dates";
import { STAFF_FAMILY_NAME_SQL, STAFF_GIVEN_NAME_SQL } from "./memberships.server";

export const STAFF_LIST_SORTS = ["name", "unit", "staffGroup", "status"] as const;
export type StaffListSort = (typeof STAFF_LIST_SORTS)[number];

const optional = <T extends z.ZodType>(schema: T) =>
  z
    .union([z.literal("").transform(() => undefined), schema])
    .optional()
    .catch(undefined);

/** The staff list's query string. A value that does not parse is dropped (the list shows everyone), never refused. */
export const StaffListQuerySchema = z.object({
  q: z.string().trim().max(200).catch("").default(""),
  unit: optional(z.coerce.number().int().positive()),
  group: optional(z.enum(STAFF_GROUPS)),
  status: optional(z.enum(FIGURE_STATUSES)),
  sort: z.enum(STAFF_LIST_SORTS).catch("name").default("name"),
  dir: z.enum(["asc", "desc"]).catch("asc").default("asc"),
  page: z.coerce.number().int().positive().max(100_000).catch(1).default(1),
});
export type StaffListQuery = z.infer<typeof StaffListQuerySchema>;

export interface StaffListRow {
  userId: string;
  givenName: string;
  familyName: string;
  email: string;
  unitName: string | null;
  staffGroup: StaffGroup;
  role: MembershipRole;
  startDate: string;
  endDate: string | null;
  accountActive: boolean;
  /** Overall status (all required training) while the membership counts; null for leavers, future starters and people with nothing required. */
  status: TrainingStatus | null;
}

export const STAFF_LIST_PAGE_SIZE = 50;

const GIVEN = STAFF_GIVEN_NAME_SQL;
const FAMILY = STAFF_FAMILY_NAME_SQL;
const STATUS = `CASE WHEN r.counted = 1 THEN ${STATUS_SQL} END`;
const BY_NAME = `${FAMILY} COLLATE NOCASE, ${GIVEN} COLLATE NOCASE, m.user_id`;
const ORDER: Record<StaffListSort, string> = {
  name: `${FAMILY} COLLATE NOCASE {dir}, ${GIVEN} COLLATE NOCASE {dir}, m.user_id`,
  unit: `un.name IS NULL, un.name COLLATE NOCASE {dir}, ${BY_NAME}`,
  staffGroup: `m.staff_group {dir}, ${BY_NAME}`,
  status: `coalesce(CASE WHEN r.counted = 1 THEN ${statusCaseSql((s) => String(STATUS_URGENCY.indexOf(s)))} END, ${STATUS_URGENCY.length}) {dir}, r.valid_day, ${BY_NAME}`,
};

/**
 * Everyone with a membership of the organisation (leavers included), searched by name (the
 * organisation's HR name, or the account's) or email, filtered, sorted and a page at a time. The
 * overall status is the compliance rows' "all required training" row, as the dashboard counts it.
 * `unitIds`: only people in these units (a unit manager's scope); absent: the whole organisation.
 */
export function searchStaff(
  organisationId: number,
  query: StaffListQuery,
  unitIds?: readonly number[],
  today = todayIso(),
  database: AnyDatabase = db(),
) {
  ensureComplianceCurrent(database, today);
  const client = clientOf(database);
  const conditions = ["m.organisation_id = :organisationId"];
  const params: Record<string, unknown> = { organisationId, today: dayOf(today), allModules: ALL_MODULES };
  if (unitIds) {
    conditions.push("m.unit_id IN (SELECT value FROM json_each(:unitIds))");
    params.unitIds = JSON.stringify(unitIds);
  }
  if (query.unit !== undefined) {
    conditions.push("m.unit_id = :unitId");
    params.unitId = query.unit;
  }
  if (query.group !== undefined) {
    conditions.push("m.staff_group = :staffGroup");
    params.staffGroup = query.group;
  }
  if (query.status !== undefined) conditions.push(`r.counted = 1 AND ${STATUS_CONDITION[query.status]}`);
  if (query.q !== "") {
    // instr, not LIKE: what was typed is matched literally, % and _ included.
    conditions.push(
      `(instr(lower(${GIVEN} || ' ' || ${FAMILY}), lower(:q)) > 0 OR instr(lower(${FAMILY} || ', ' || ${GIVEN}), lower(:q)) > 0
        OR instr(lower(u.email), lower(:q)) > 0)`,
    );
    params.q = query.q;
  }
  const from = `FROM memberships m JOIN users u ON u.id = m.user_id LEFT JOIN units un ON un.id = m.unit_id
    LEFT JOIN compliance_rows r ON r.organisation_id = m.organisation_id AND r.user_id = m.user_id AND r.module_id = :allModules
    WHERE ${conditions.join(" AND ")}`;
  const total = prepared<[Record<string, unknown>], { n: number }>(client, `SELECT COUNT(*) AS n ${from}`).get(
    params,
  )!.n;
  const pageCount = Math.max(1, Math.ceil(total / STAFF_LIST_PAGE_SIZE));
  const page = Math.min(query.page, pageCount);
  const rows = prepared<[Record<string, unknown>], Omit<StaffListRow, "accountActive"> & { accountActive: number }>(
    client,
    `SELECT m.user_id AS userId, ${GIVEN} AS givenName, ${FAMILY} AS familyName, u.email AS email, un.name AS unitName,
       m.staff_group AS staffGroup, m.role AS role, m.start_date AS startDate, m.end_date AS endDate,
       u.password_hash IS NOT NULL AS accountActive, ${STATUS} AS status
     ${from}
     ORDER BY ${ORDER[query.sort].replaceAll("{dir}", query.dir === "desc" ? "DESC" : "ASC")}
     LIMIT :limit OFFSET :offset`,
  ).all({ ...params, limit: STAFF_LIST_PAGE_SIZE, offset: (page - 1) * STAFF_LIST_PAGE_SIZE });
  return {
    rows: rows.map((row): StaffListRow => ({ ...row, accountActive: row.accountActive === 1 })),
    total,
    page,
    pageCount,
  };
}
