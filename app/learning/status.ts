/**
 * The training status rules, in one place: README's "Compliance: how we count". The learner's
 * dashboard, reminders, certificates, the derived compliance rows, the trend and every SQL that
 * classifies a person (generated in app/compliance/status.ts) use these functions and constants.
 * Days are whole days since 1970-01-01 (UK dates); "until X" means up to the day before X.
 */

/** A completion is "due soon" in its last 30 days. */
export const DUE_SOON_DAYS = 30;
/** The renewal period and new starters' grace period when no requirement row says otherwise. */
export const DEFAULT_RENEWAL_DAYS = 365;
export const DEFAULT_GRACE_DAYS = 30;

/**
 * The version of these rules. The derived compliance tables record the version that built them and are
 * rebuilt at start when it changes: raise it whenever a rule here changes what a row holds.
 */
export const RULES_VERSION = 3;

export type TrainingStatus = "compliant" | "due-soon" | "overdue" | "not-started" | "new-starter";

/** Most urgent first: the order the learner's dashboard and the manager's lists use. */
export const STATUS_URGENCY: TrainingStatus[] = ["overdue", "not-started", "due-soon", "new-starter", "compliant"];

export function isCompliant(status: TrainingStatus): boolean {
  return status === "compliant" || status === "due-soon";
}

export interface DayCompletion {
  /** UK day of the completion. */
  day: number;
  /** Of an older major version than the module's current one. */
  older: boolean;
  /**
   * Prior learning with an expiry date: the first day it no longer counts (ESR's expiry date), in
   * place of the day + the renewal period. Absent or null: the renewal period applies.
   */
  expiryDay?: number | null;
}

export interface ModuleRelease {
  /** The day the current major version was released (R). */
  versionDay: number;
}

/**
 * Where a person stands with one module on a day, from their completions:
 * - none: nothing that counts;
 * - completed: the latest completion that counts, in date until `untilDay` (its day + renewal period);
 * - retake: an older major version's completion that was in date on the release day R: it keeps
 *   counting, as due soon, until and including R + grace (`untilDay` is the day after).
 */
export type Standing =
  | { kind: "none" }
  | { kind: "completed"; lastDay: number; untilDay: number }
  | { kind: "retake"; lastDay: number; untilDay: number };

/**
 * The retake rule. On and after a new major version's release day R: an older major version's
 * completion made on or after R does not count at all; one made before R that was in date on R keeps
 * counting as due soon until R + G; one that had run out before R stays what it was (overdue).
 * Completions after `day` have not happened yet. Before R every completion counts as usual.
 * Of the completions that count, the one that keeps the person in date longest is the one that
 * counts (the later one when two end on the same day): with one renewal period for all, the latest;
 * with prior learning's own expiry dates, an earlier completion may outlast a later one.
 */
export function standingOn(
  completions: Iterable<DayCompletion>,
  release: ModuleRelease,
  renewalDays: number,
  graceDays: number,
  day: number,
): Standing {
  let best: { completion: DayCompletion; standing: Exclude<Standing, { kind: "none" }> } | null = null;
  for (const c of completions) {
    const standing = standingOfOne(c, release, renewalDays, graceDays, day);
    if (!standing) continue;
    if (
      !best ||
      standing.untilDay > best.standing.untilDay ||
      (standing.untilDay === best.standing.untilDay &&
        (c.day > best.completion.day || (c.day === best.completion.day && best.completion.older && !c.older)))
    )
      best = { completion: c, standing };
  }
  return best ? best.standing : { kind: "none" };
}

/** What one completion gives on `day` by itself, or null when it does not count (yet, or at all). */
function standingOfOne(
  c: DayCompletion,
  release: ModuleRelease,
  renewalDays: number,
  graceDays: number,
  day: number,
): Exclude<Standing, { kind: "none" }> | null {
  const R = release.versionDay;
  if (c.day > day || (c.older && c.day >= R)) return null;
  const untilDay = c.expiryDay ?? c.day + renewalDays;
  if (c.older && day >= R && untilDay > R) return { kind: "retake", lastDay: c.day, untilDay: R + graceDays + 1 };
  return { kind: "completed", lastDay: c.day, untilDay };
}

/** The status a standing gives on `day`; a person with nothing that counts is a new starter until start + grace. */
export function statusOn(standing: Standing, startDay: number, graceDays: number, day: number): TrainingStatus {
  if (standing.kind === "none") return day < startDay + graceDays ? "new-starter" : "not-started";
  if (day >= standing.untilDay) return "overdue";
  if (standing.kind === "retake") return "due-soon";
  return day >= standing.untilDay - DUE_SOON_DAYS ? "due-soon" : "compliant";
}

/**
 * The last day the person's training counts or is due (inclusive): what every page, export and
 * certificate shows as "valid until", "complete by" or "was due on".
 */
export function lastDayOf(standing: Standing, startDay: number, graceDays: number): number {
  return (standing.kind === "none" ? startDay + graceDays : standing.untilDay) - 1;
}

/**
 * The last day one completion counts (inclusive), or null when it never counted (an older major
 * version's, made on or after the new version's release): the certificate and the public check.
 */
export function completionValidUntil(
  completion: DayCompletion,
  release: ModuleRelease,
  renewalDays: number,
  graceDays: number,
  today: number,
): number | null {
  const standing = standingOn([completion], release, renewalDays, graceDays, Math.max(today, completion.day));
  return standing.kind === "none" ? null : standing.untilDay - 1;
}
