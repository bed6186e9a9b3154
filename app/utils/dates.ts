/** Today's date in the UK as YYYY-MM-DD. */
export function todayIso(now?: Date): string {
  if (now) return ukDate(now);
  // The UK date only changes on a minute boundary: work it out once a minute, not on every request.
  const ms = Date.now();
  if (ms >= todayValidUntil || ms < todayValidUntil - 60_000) {
    today = ukDate(new Date(ms));
    todayValidUntil = ms - (ms % 60_000) + 60_000;
  }
  return today;
}
let today = "";
let todayValidUntil = 0;

// Building a formatter is slow; toLocaleDateString builds one per call.
const UK_DATE = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/London",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The UK calendar date of an instant, as YYYY-MM-DD. */
export function ukDate(instant: Date): string {
  return UK_DATE.format(instant);
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** Whole days from one date to a later one (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}
