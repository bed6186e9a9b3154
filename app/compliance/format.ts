import {
  formatDate as formatIsoDate,
  formatNumber as formatPlainNumber,
  formatPercentValue,
} from "~/utils/format-date";

/** Formatting shared by the compliance pages; safe for the browser, and the same on server and client. */

export { formatMonth } from "~/utils/format-date";

export function formatPercent(value: number | null, _language: string): string {
  if (value === null) return "–";
  return formatPercentValue(value);
}

export function formatNumber(value: number, _language: string): string {
  return formatPlainNumber(value);
}

/** 26 November 2026, in the page's language, for a YYYY-MM-DD date or a day number. */
export function formatDate(date: string | number | null, language: string): string {
  if (date === null) return "";
  const iso = typeof date === "number" ? new Date(date * 86_400_000).toISOString().slice(0, 10) : date;
  return formatIsoDate(iso, language);
}

/** A query string from the values that are set. */
export function queryString(values: Record<string, string | number | null | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values))
    if (value !== null && value !== undefined && value !== "") params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}
