/** Formatting shared by the compliance pages; safe for the browser. */

export function formatPercent(value: number | null, language: string): string {
  if (value === null) return "–";
  return `${new Intl.NumberFormat(language, { maximumFractionDigits: 1 }).format(value)}%`;
}

export function formatNumber(value: number, language: string): string {
  return new Intl.NumberFormat(language).format(value);
}

/** 26 November 2026, in the page's language, for a YYYY-MM-DD date or a day number. */
export function formatDate(date: string | number | null, language: string): string {
  if (date === null) return "";
  const iso = typeof date === "number" ? new Date(date * 86_400_000).toISOString().slice(0, 10) : date;
  return new Intl.DateTimeFormat(language, { day: "numeric", month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
}

export function formatMonth(iso: string, language: string): string {
  return new Intl.DateTimeFormat(language, { month: "long", year: "numeric", timeZone: "UTC" }).format(new Date(`${iso}T00:00:00Z`));
}

/** A query string from the values that are set. */
export function queryString(values: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== null && value !== undefined && value !== "") params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}
