import { Readable } from "node:stream";
import { parse as parseCsv } from "csv-parse";
import type ExcelJS from "exceljs";
import iconv from "iconv-lite";
import type { Problem } from "./problems";

/** One line of the spreadsheet: its number as the spreadsheet shows it (first line = 1) and its cells as text. */
export interface TableRow {
  row: number;
  cells: string[];
}

export type ReadTableResult = { ok: true; rows: TableRow[]; format: "csv" | "xlsx" } | { ok: false; problem: Problem };

export interface ReadTableOptions {
  /** The workbook sheet to read, by name; the first sheet when not given. */
  sheet?: string;
}

/** Gives the event loop a turn: a big file is read in slices so the server keeps answering. */
export const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/** Says when a slice of work has had its share of the event loop (a few milliseconds), so a loop can yield then. */
export function createSlicer(budgetMs = 10): { due(): boolean } {
  let sliceStart = performance.now();
  return {
    due() {
      const now = performance.now();
      if (now - sliceStart < budgetMs) return false;
      sliceStart = now;
      return true;
    },
  };
}

const startsWith = (bytes: Uint8Array, prefix: number[]) => prefix.every((b, i) => bytes[i] === b);
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
const UTF8_BOM = [0xef, 0xbb, 0xbf];
const UTF16LE_BOM = [0xff, 0xfe];

/** Reads an uploaded staff list, a CSV (or tab-separated) text file or an Excel workbook, as rows of text cells. */
export async function readTable(bytes: Uint8Array, options: ReadTableOptions = {}): Promise<ReadTableResult> {
  if (bytes.length === 0) return { ok: false, problem: { key: "staffImport.errors.fileEmpty" } };
  if (startsWith(bytes, ZIP)) return readWorkbook(bytes, options);
  if (startsWith(bytes, OLE)) return { ok: false, problem: { key: "staffImport.errors.oldExcel" } };
  const text = decodeText(bytes);
  if (text === null) return { ok: false, problem: { key: "staffImport.errors.fileNotText" } };
  return readCsv(text);
}

/**
 * The file's text: UTF-8 (with or without a byte order mark), UTF-16 with a byte order mark (Excel's
 * "Unicode text"), or else Windows-1252, which Excel on Windows writes for "CSV". Node's own
 * windows-1252 decoder turns 0x80-0x9F (’, €, “) into control characters, so iconv-lite's table
 * is used. Null for a file that is none of these (a binary file, or bytes 1252 leaves undefined).
 */
export function decodeText(bytes: Uint8Array): string | null {
  if (startsWith(bytes, UTF8_BOM)) return strictUtf8(bytes.subarray(3));
  if (startsWith(bytes, UTF16LE_BOM))
    return iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset + 2, bytes.length - 2), "utf16le");
  const utf8 = strictUtf8(bytes);
  if (utf8 !== null) return utf8.includes("\0") ? null : utf8;
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length), "win1252");
  return /[\0\uFFFD]/.test(text) ? null : text;
}

function strictUtf8(bytes: Uint8Array): string | null {
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return null;
  }
}

/** The separator the first lines use most: comma, semicolon (Excel in much of Europe) or tab. */
export function detectDelimiter(text: string): string {
  const sample = text
    .slice(0, 64 * 1024)
    .split(/\r?\n/, 20)
    .join("\n")
    .replace(/"[^"]*"/g, "");
  let best = ",";
  let bestCount = 0;
  for (const delimiter of [",", ";", "\t"]) {
    const count = sample.split(delimiter).length - 1;
    if (count > bestCount) [best, bestCount] = [delimiter, count];
  }
  return best;
}

const SLICE = 32 * 1024;

async function readCsv(text: string): Promise<ReadTableResult> {
  const parser = parseCsv({
    delimiter: detectDelimiter(text),
    relax_column_count: true,
    skip_empty_lines: false,
    bom: true,
  });
  const rows: TableRow[] = [];
  // Fed in slices, so a 20 MB file never holds the event loop for long.
  Readable.from(
    (function* () {
      for (let i = 0; i < text.length; i += SLICE) yield text.slice(i, i + SLICE);
    })(),
  ).pipe(parser);
  try {
    let row = 0;
    // The stream hands records over in microtasks, never a turn of the event loop: yield by time.
    const slicer = createSlicer();
    for await (const record of parser as AsyncIterable<string[]>) {
      if (slicer.due()) await yieldToEventLoop();
      // A record is one spreadsheet row however many line breaks its quoted cells hold.
      row++;
      if (record.some((cell) => cell.trim() !== "")) rows.push({ row, cells: record });
    }
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { ok: false, problem: { key: "staffImport.errors.fileNotCsv", values: { line: String(line ?? 1) } } };
  }
  if (rows.length === 0) return { ok: false, problem: { key: "staffImport.errors.fileEmpty" } };
  return { ok: true, rows, format: "csv" };
}

const isoDate = (date: Date) => (Number.isNaN(date.getTime()) ? "" : date.toISOString().slice(0, 10));

/** A cell as text: dates as YYYY-MM-DD, numbers as written, formulas by their result, rich text as its text. */
export function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return "";
  if (value instanceof Date) return isoDate(value);
  if (typeof value === "string") return value;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if ("richText" in value) return value.richText.map((part) => part.text).join("");
  if ("text" in value && typeof value.text === "string") return value.text;
  if ("result" in value) return cellText((value.result ?? null) as ExcelJS.CellValue);
  return "";
}

type Excel = typeof ExcelJS;

async function readWorkbook(bytes: Uint8Array, options: ReadTableOptions): Promise<ReadTableResult> {
  // Loaded only for a workbook: exceljs takes a quarter of a second to load, which a CSV never needs.
  const { default: Excel } = await import("exceljs");
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  // exceljs's streaming reader, which keeps a big workbook out of memory, loses its place in a zip
  // whose parts are stored uncompressed (SheetJS writes them so by default) and stops before the
  // parts that come after a sheet: the workbook's sheet list, or the shared strings the cells name.
  // Such a workbook is rewritten before it is read; any other the reader fails on, after.
  const read = async (rewritten: boolean) => {
    try {
      return await streamWorkbook(Excel, rewritten ? await rezipped(buffer) : buffer, options);
    } catch {
      return null;
    }
  };
  const result = storedUncompressed(buffer) ? await read(true) : ((await read(false)) ?? (await read(true)));
  return result ?? { ok: false, problem: { key: "staffImport.errors.workbookDamaged" } };
}

/** Whether the zip's first part is stored without compression (byte 8 of a local file header is its method). */
const storedUncompressed = (zip: Buffer) => zip.length > 10 && zip.readUInt16LE(8) === 0;

/** The parts the streaming reader needs before the sheets, first. */
function partRank(name: string): number {
  if (name === "xl/workbook.xml") return 0;
  if (name.startsWith("xl/_rels/")) return 1;
  if (name === "xl/sharedStrings.xml") return 2;
  return name.startsWith("xl/worksheets/") ? 4 : 3;
}

/**
 * The workbook written again as Excel writes it, compressed, with the workbook part, its relationships
 * and the shared strings before the sheets: JSZip finds each part by the zip's index, whatever the order.
 */
async function rezipped(zip: Buffer): Promise<Buffer> {
  const { default: JSZip } = await import("jszip");
  const source = await JSZip.loadAsync(zip);
  const target = new JSZip();
  const parts = Object.values(source.files)
    .filter((part) => !part.dir)
    .sort((a, b) => partRank(a.name) - partRank(b.name));
  for (const part of parts) target.file(part.name, await part.async("nodebuffer"));
  return target.generateAsync({ type: "nodebuffer", compression: "DEFLATE", compressionOptions: { level: 1 } });
}

const sameSheet = (name: string, wanted: string) => name.trim().toLowerCase() === wanted.trim().toLowerCase();
const sheetEmpty = (sheet: string): ReadTableResult => ({
  ok: false,
  problem: { key: "staffImport.errors.sheetEmpty", values: { sheet } },
});
const sheetNotFound = (sheet: string, names: string[]): ReadTableResult => ({
  ok: false,
  problem: { key: "staffImport.errors.sheetNotFound", values: { sheet, sheets: names.join(", ") } },
});

/** A worksheet row's cells as text; row.values counts columns from 1. */
function rowCells(values: ExcelJS.CellValue[]): string[] {
  const cells: string[] = [];
  for (let i = 1; i < values.length; i++) cells.push(cellText(values[i]).trim());
  return cells;
}

/** Reads the sheet as the file streams in; null when the reader found no sheet at all. */
async function streamWorkbook(
  Excel: Excel,
  buffer: Buffer,
  options: ReadTableOptions,
): Promise<ReadTableResult | null> {
  const reader = new Excel.stream.xlsx.WorkbookReader(Readable.from([buffer]), {
    sharedStrings: "cache",
    styles: "cache",
    hyperlinks: "ignore",
    worksheets: "emit",
    entries: "ignore",
  });
  const names: string[] = [];
  for await (const sheet of reader) {
    const { id, name: fallback } = sheet as unknown as { id: number; name: string };
    const name = sheetName(reader, id) ?? fallback;
    names.push(name);
    if (options.sheet && !sameSheet(name, options.sheet)) continue;
    const rows: TableRow[] = [];
    const slicer = createSlicer();
    for await (const row of sheet) {
      const cells = rowCells(row.values as ExcelJS.CellValue[]);
      if (cells.some((c) => c !== "")) rows.push({ row: row.number, cells });
      if (slicer.due()) await yieldToEventLoop();
    }
    return rows.length === 0 ? sheetEmpty(name) : { ok: true, rows, format: "xlsx" };
  }
  if (names.length === 0) return null;
  return sheetNotFound(options.sheet ?? "", names);
}

/** The name Excel shows for worksheet file sheetN.xml, from the workbook's own list, when it came first in the file. */
function sheetName(reader: ExcelJS.stream.xlsx.WorkbookReader, fileNumber: number): string | null {
  const internal = reader as unknown as {
    model?: { sheets?: Array<{ name: string; rId: string }> };
    workbookRels?: Array<{ Id: string; Target: string }>;
  };
  const rel = internal.workbookRels?.find(
    (r) => r.Target.replace(/^\/?xl\//, "") === `worksheets/sheet${fileNumber}.xml`,
  );
  return internal.model?.sheets?.find((s) => s.rId === rel?.Id)?.name ?? null;
}
