import { isCompliant, standingOn, statusOn, type DayCompletion, type TrainingStatus } from "~/learning/status";

export type { TrainingStatus };

/** The statuses a manager filters by, in the order the dashboard shows them. */
export const FIGURE_STATUSES = [
  "compliant",
  "due-soon",
  "overdue",
  "not-started",
  "new-starter",
] as const satisfies readonly TrainingStatus[];

export interface StatusDates {
  never: number;
  soonDay: number | null;
  validDay: number;
  overdueDay: number | null;
}

/**
 * A compliance row's status on a day. Every SQL below is generated from STATUS_RULES, the same
 * conditions in order, so the TypeScript and the SQL cannot drift apart: the first that holds wins.
 */
type Cmp = { column: "soon_day" | "valid_day" | "overdue_day"; after: boolean };
const STATUS_RULES: { status: TrainingStatus; never: 0 | 1; test: Cmp | null }[] = [
  { status: "new-starter", never: 1, test: { column: "valid_day", after: true } },
  { status: "not-started", never: 1, test: null },
  { status: "compliant", never: 0, test: { column: "soon_day", after: true } },
  { status: "due-soon", never: 0, test: { column: "valid_day", after: true } },
  // Only "all required training" rows: a requirement's grace has ended with nothing done, the rest in date.
  { status: "not-started", never: 0, test: { column: "overdue_day", after: true } },
  { status: "overdue", never: 0, test: null },
];

const FIELD: Record<Cmp["column"], keyof StatusDates> = {
  soon_day: "soonDay",
  valid_day: "validDay",
  overdue_day: "overdueDay",
};

export function rowStatus(row: StatusDates, day: number): TrainingStatus {
  for (const rule of STATUS_RULES) {
    if (rule.never !== (row.never ? 1 : 0)) continue;
    if (!rule.test || (row[FIELD[rule.test.column]] as number) > day) return rule.status;
  }
  throw new Error("unreachable: the last rule of each kind always holds");
}

/** The condition of one rule in SQL over compliance_rows (alias r), :today a day number. */
function ruleSql(rule: (typeof STATUS_RULES)[number]): string {
  return [`r.never = ${rule.never}`, rule.test ? `r.${rule.test.column} > :today` : null].filter(Boolean).join(" AND ");
}

/** A CASE giving each row's status as a value: the status name, or a label of it (exports). */
export function statusCaseSql(value: (status: TrainingStatus) => string = (s) => `'${s}'`): string {
  return `CASE ${STATUS_RULES.map((rule) => `WHEN ${ruleSql(rule)} THEN ${value(rule.status)}`).join(" ")} END`;
}

/** rowStatus() as an SQL expression over compliance_rows (alias r); :today is a day number. */
export const STATUS_SQL = statusCaseSql();

/** SQL conditions selecting one status, for drill-down lists and the dashboard's counts. */
export const STATUS_CONDITION = Object.fromEntries(
  FIGURE_STATUSES.map((status) => {
    // A rule matches when its own condition holds and no earlier rule of the same kind did.
    const parts: string[] = [];
    STATUS_RULES.forEach((rule, i) => {
      if (rule.status !== status) return;
      const earlier = STATUS_RULES.slice(0, i).filter((e) => e.never === rule.never && e.test);
      parts.push(`(${[ruleSql(rule), ...earlier.map((e) => `r.${e.test!.column} <= :today`)].join(" AND ")})`);
    });
    return [status, `(${parts.join(" OR ")})`];
  }),
) as Record<TrainingStatus, string>;

/**
 * The dashboard's totals, each a set of statuses that a drill-down can list as one: people in date
 * (isCompliant: in date, due soon included) and people counted (everyone but new starters in grace).
 */
export const STATUS_TOTALS = {
  "in-date": FIGURE_STATUSES.filter(isCompliant),
  counted: FIGURE_STATUSES.filter((s) => s !== "new-starter"),
} as const satisfies Record<string, TrainingStatus[]>;
export type StatusTotal = keyof typeof STATUS_TOTALS;

/** What a drill-down can list: one status or one total. */
export const FIGURE_FILTERS = [...FIGURE_STATUSES, "in-date", "counted"] as const satisfies readonly (
  TrainingStatus | StatusTotal
)[];
export type FigureFilter = (typeof FIGURE_FILTERS)[number];

/** The SQL condition over compliance_rows (alias r) selecting one status or total. */
export function figureFilterCondition(filter: FigureFilter): string {
  const statuses: readonly TrainingStatus[] =
    filter in STATUS_TOTALS ? STATUS_TOTALS[filter as StatusTotal] : [filter as TrainingStatus];
  return `(${statuses.map((s) => STATUS_CONDITION[s]).join(" OR ")})`;
}

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

export function meetsTarget(
  t: Pick<Tally, "people" | "newStarters" | "compliant" | "dueSoon">,
  target: number,
): boolean | null {
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
 * Whether a module row's person was in date on a past day, from the completions it records (negative
 * days: an older major version), with standingOn() and statusOn(): the rules of today's figures.
 */
export function moduleOnDay(row: PointInTimeRow, module: { versionDay: number }, day: number): PointInTime {
  if (row.startDay > day || (row.endDay !== null && row.endDay < day)) return "inactive";
  const status = statusOn(
    standingOn(historyCompletions(row.history), module, row.renewalDays, row.graceDays, day),
    row.startDay,
    row.graceDays,
    day,
  );
  return status === "new-starter" ? "in-grace" : isCompliant(status) ? "compliant" : "not-compliant";
}

/**
 * A row's history ("day,-day,day~expiry,..."; negative for an older major version, "~" and the
 * expiry day for prior learning that has one) as completions.
 */
export function historyCompletions(history: string): DayCompletion[] {
  if (!history) return [];
  return history.split(",").map((part) => {
    const [dayText, expiryText] = part.split("~");
    const value = Number(dayText);
    return { day: Math.abs(value), older: value < 0, expiryDay: expiryText === undefined ? null : Number(expiryText) };
  });
}

/** All required training on a day, from the person's module results that day. */
export function allOnDay(results: PointInTime[]): PointInTime {
  if (results.length === 0 || results[0] === "inactive") return "inactive";
  const outOfGrace = results.filter((r) => r !== "in-grace");
  if (outOfGrace.length === 0) return "in-grace";
  return outOfGrace.every((r) => r === "compliant") ? "compliant" : "not-compliant";
}
