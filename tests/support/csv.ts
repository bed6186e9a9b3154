import { parse } from "csv-parse/sync";

/** The rows of an export's table, after the title, who-and-when lines and the blank line. */
export function csvTable(text: string): string[][] {
  const records = parse(text.replace(/^\uFEFF/, ""), { relax_column_count: true }) as string[][];
  return records.slice(records.findIndex((r) => r.length === 1 && r[0] === "") + 1);
}
