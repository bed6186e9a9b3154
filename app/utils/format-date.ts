/** "26 November 2026" (or "26 Tachwedd 2026") for a YYYY-MM-DD date. */
export function formatDate(isoDate: string, language: string): string {
  return new Intl.DateTimeFormat(language, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${isoDate}T00:00:00Z`));
}
