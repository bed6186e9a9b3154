import type { TrainingStatus } from "~/learning/status";

export type { TrainingStatus };

/** The statuses a manager filters by, in the order the dashboard shows them. */
export const FIGURE_STATUSES = ["compliant", "due-soon", "overdue", "not-started", "new-starter"] as const satisfies readonly TrainingStatus[];

export interface StatusDates {
  never: number;
  soonDay: number | null;
  validDay: number;
  overdueDay: number | null;
}

/** A compliance row's status on a day; the same rule as the SQL in statusSql(). */
export function rowStatus(row: StatusDates, day: number): TrainingStatus {
  if (row.never) return row.validDay > day ? "new-starter" : "not-started";
  if (row.soonDay! > day) return "compliant";
  if (row.validDay > day) return "due-soon";
  if (row.overdueDay! > day) return "not-started";
  return "overdue";
}

/** rowStatus() as an SQL expression over compliance_rows (alias r); :today is a day number. */
export const STATUS_SQL = `CASE WHEN r.never = 1 THEN (CASE WHEN r.valid_day > :today THEN 'new-starter' ELSE 'not-started' END)
  WHEN r.soon_day > :today THEN 'compliant' WHEN r.valid_day > :today THEN 'due-soon'
  WHEN r.overdue_day > :today THEN 'not-started' ELSE 'overdue' END`;

/** SQL conditions selecting one status, for drill-down lists (same rule again). */
export const STATUS_CONDITION: Record<TrainingStatus, string> = {
  "new-starter": "r.never = 1 AND r.valid_day > :today",
  compliant: "r.never = 0 AND r.soon_day > :today",
  "due-soon": "r.never = 0 AND r.soon_day <= :today AND r.valid_day > :today",
  "not-started": "((r.never = 1 AND r.valid_day <= :today) OR (r.never = 0 AND r.valid_day <= :today AND r.overdue_day > :today))",
  overdue: "r.never = 0 AND r.overdue_day <= :today",
};

export interface Tally {
  /** Active people the requirement applies to, new starters included. */
  people: number;
  compliant: number;
  dueSoon: number;
  overdue: number;
  notStarted: number;
  newStarters: number;
}

export const EMPTY_TALLY: Tally = { people: 0, compliant: 0, dueSoon: 0, overdue: 0, notStarted: 0, newStarters: 0 };

export function addTally(a: Tally, b: Tally): Tally {
  return {
    people: a.people + b.people,
    compliant: a.compliant + b.compliant,
    dueSoon: a.dueSoon + b.dueSoon,
    overdue: a.overdue + b.overdue,
    notStarted: a.notStarted + b.notStarted,
    newStarters: a.newStarters + b.newStarters,
  };
}

/** People counted for compliance: everyone the requirement applies to except new starters in grace. */
export function denominator(t: Pick<Tally, "people" | "newStarters">): number {
  return t.people - t.newStarters;
}

/** Compliant or due soon: their training is in date. */
export function numerator(t: Pick<Tally, "compliant" | "dueSoon">): number {
  return t.compliant + t.dueSoon;
}

/** Percent in date, or null when nobody is counted. Rounded down to one decimal place, so 94.96 never shows as 95. */
export function percent(t: Pick<Tally, "people" | "newStarters" | "compliant" | "dueSoon">): number | null {
  const d = denominator(t);
  if (d <= 0) return null;
  return Math.floor((numerator(t) * 1000) / d) / 10;
}

export function meetsTarget(t: Pick<Tally, "people" | "newStarters" | "compliant" | "dueSoon">, target: number): boolean | null {
  const d = denominator(t);
  if (d <= 0) return null;
  return numerator(t) * 100 >= target * d;
}

export interface PointInTimeRow {
  history: string;
  startDay: number;
  endDay: number | null;
  renewalDays: number;
  graceDays: number;
}

export type PointInTime = "inactive" | "in-grace" | "compliant" | "not-compliant";

/**
 * Whether a module row's person was in date on a past day, from the completions it records: the
 * latest completion by then that counted (an older major version counts until the version's day),
 * else a retake window after that day, else the grace period from their start. Matches rowStatus()
 * on the day the row was computed.
 */
export function moduleOnDay(row: PointInTimeRow, module: { versionDay: number }, day: number): PointInTime {
  if (row.startDay > day || (row.endDay !== null && row.endDay < day)) return "inactive";
  let latest = -1;
  let superseded = false;
  if (row.history) {
    for (const part of row.history.split(",")) {
      const value = Number(part);
      const completedOn = Math.abs(value);
      if (completedOn > day) continue;
      if (value > 0 || day < module.versionDay) latest = Math.max(latest, completedOn);
      else superseded = true;
    }
  }
  if (latest >= 0) return day < latest + row.renewalDays ? "compliant" : "not-compliant";
  if (superseded) return day < module.versionDay + row.graceDays ? "compliant" : "not-compliant";
  return day < row.startDay + row.graceDays ? "in-grace" : "not-compliant";
}

/** All required training on a day, from the person's module results that day. */
export function allOnDay(results: PointInTime[]): PointInTime {
  if (results.length === 0 || results[0] === "inactive") return "inactive";
  const outOfGrace = results.filter((r) => r !== "in-grace");
  if (outOfGrace.length === 0) return "in-grace";
  return outOfGrace.every((r) => r === "compliant") ? "compliant" : "not-compliant";
}
