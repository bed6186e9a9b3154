/**
 * Whole days since 1970-01-01, the unit of every date in the compliance tables: small, and compared
 * with integer arithmetic in SQL. A completion's day is its date in the UK.
 */

const MS_PER_DAY = 86_400_000;

export function dayOf(isoDate: string): number {
  return Math.round(Date.parse(`${isoDate}T00:00:00Z`) / MS_PER_DAY);
}

export function isoOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

/** UK summer time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October. */
const summerTime = new Map<number, [number, number]>();

function lastSundayAt1Utc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/**
 * The UK calendar day of an instant: the same answer as ukDate() in app/utils/dates.ts, about
 * fifty times faster, which matters when rebuilding millions of rows.
 */
export function ukDayOfInstant(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  let bounds = summerTime.get(year);
  if (!bounds) {
    bounds = [lastSundayAt1Utc(year, 2), lastSundayAt1Utc(year, 9)];
    summerTime.set(year, bounds);
  }
  const offset = ms >= bounds[0] && ms < bounds[1] ? 3_600_000 : 0;
  return Math.floor((ms + offset) / MS_PER_DAY);
}

/** The last day of each of the `count` whole months before the month of `day`, oldest first. */
export function monthEnds(day: number, count: number): number[] {
  const date = new Date(day * MS_PER_DAY);
  const result: number[] = [];
  for (let i = count - 1; i >= 0; i--) {
    result.push(Math.round(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() - i, 0) / MS_PER_DAY));
  }
  return result;
}
