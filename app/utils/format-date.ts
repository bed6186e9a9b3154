/**
 * Dates and numbers written the same way by the server (Node's full ICU) and every browser: browsers
 * ship without Welsh locale data and fall back to US English ("November 26, 2026"), which broke
 * hydration of Welsh pages (React #418). So month names come from these tables, not from Intl.
 */

const MONTHS: Record<"en" | "cy", string[]> = {
  en: [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
  ],
  cy: [
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
  ],
};
const SHORT_MONTHS: Record<"en" | "cy", string[]> = {
  en: ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"],
  cy: ["Ion", "Chw", "Maw", "Ebr", "Mai", "Meh", "Gor", "Awst", "Medi", "Hyd", "Tach", "Rhag"],
};
/** "26 November 2026 at 14:05" / "26 Tachwedd 2026 am 14:05" */
const AT: Record<"en" | "cy", string> = { en: "at", cy: "am" };

const lang = (language: string): "en" | "cy" => (language.toLowerCase().startsWith("cy") ? "cy" : "en");

function parts(isoDate: string): { year: number; month: number; day: number } {
  const [year, month, day] = isoDate.slice(0, 10).split("-").map(Number);
  return { year, month: month - 1, day };
}

/** "26 November 2026" (or "26 Tachwedd 2026") for a YYYY-MM-DD date. */
export function formatDate(isoDate: string, language: string): string {
  const { year, month, day } = parts(isoDate);
  return `${day} ${MONTHS[lang(language)][month]} ${year}`;
}

/** "November 2026" / "Tachwedd 2026". */
export function formatMonth(isoDate: string, language: string): string {
  const { year, month } = parts(isoDate);
  return `${MONTHS[lang(language)][month]} ${year}`;
}

/** "Nov" / "Tach". */
export function formatMonthShort(isoDate: string, language: string): string {
  return SHORT_MONTHS[lang(language)][parts(isoDate).month];
}

/** UK summer time runs from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last Sunday of October. */
function lastSundayAt1Utc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/** The UK wall-clock time of an instant as YYYY-MM-DDTHH:MM. */
export function ukDateTime(instant: Date | string | number): string {
  const ms = new Date(instant).getTime();
  const year = new Date(ms).getUTCFullYear();
  const summer = ms >= lastSundayAt1Utc(year, 2) && ms < lastSundayAt1Utc(year, 9);
  return new Date(ms + (summer ? 3_600_000 : 0)).toISOString().slice(0, 16);
}

/** "26 November 2026 at 14:05" in UK time. */
export function formatDateTime(instant: Date | string | number, language: string): string {
  const local = ukDateTime(instant);
  return `${formatDate(local, language)} ${AT[lang(language)]} ${local.slice(11, 16)}`;
}

const NUMBER = new Intl.NumberFormat("en-GB");
const ONE_DECIMAL = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 1 });

/** "12,345": English and Welsh group digits the same way, and every browser has en-GB. */
export function formatNumber(value: number): string {
  return NUMBER.format(value);
}

/** "95.5%". */
export function formatPercentValue(value: number): string {
  return `${ONE_DECIMAL.format(value)}%`;
}
