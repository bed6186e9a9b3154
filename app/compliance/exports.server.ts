import { PassThrough } from "node:stream";
import Database from "better-sqlite3";
import type ExcelJS from "exceljs";
import { createInstance, type TFunction } from "i18next";
import { STAFF_GROUPS } from "@db/enums";
import type { Organisation } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import type { ContentLanguage } from "~/content/types";
import { db } from "~/db.server";
import { FALLBACK_LANGUAGE } from "~/i18n/config";
import { resources } from "~/i18n/resources";
import { STAFF_FAMILY_NAME_SQL, STAFF_GIVEN_NAME_SQL } from "~/organisations/memberships.server";
import { listUnits } from "~/organisations/staff.server";
import { todayIso } from "~/utils/dates";
import { dayOf } from "./days";
import { UNITS_CONDITION, moduleInfo, organisationCells, sumBy, type Filters } from "./figures.server";
import { ALL_MODULES } from "./person-rows.server";
import type { ExportFormat, ExportKind } from "./queries.server";
import { STATUS_SQL, meetsTarget, percent, statusCaseSql, type Tally } from "./status";
import type { Db } from "@db/client";
import { ensureComplianceCurrent } from "./store.server";

/**
 * Organisation summary and staff-level exports as CSV (UTF-8 with a byte order mark, for Excel),
 * XLSX and JSON. The web routes and scripts/export-compliance.ts both call exportCompliance(). Staff
 * lists stream: each CSV or JSON line is built inside SQLite and read with iterate() on a read-only
 * connection of its own, a chunk at a time as the client takes them, so memory stays flat.
 */

export interface Exporter {
  /** "Grace Okafor (manager@riverside.example)" or "jo (command line)". */
  description: string;
  userId: string | null;
  via: "web" | "command line";
}

export interface ExportRequest {
  organisation: Pick<Organisation, "id" | "code" | "name" | "complianceTarget">;
  kind: ExportKind;
  format: ExportFormat;
  filters?: Filters;
  language: ContentLanguage;
  by: Exporter;
  /** The SQLite file, for the staff list's own read-only connection. */
  databasePath: string;
  today?: string;
  now?: Date;
}

export interface ExportResult {
  fileName: string;
  contentType: string;
  /** Text or bytes, a chunk at a time. */
  body: AsyncIterable<string | Uint8Array>;
}

const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  json: "application/json; charset=utf-8",
};

const translators = new Map<ContentLanguage, Promise<TFunction>>();

/** Server-side t() for a language, without the request (the command line has none). */
export function translatorFor(language: ContentLanguage): Promise<TFunction> {
  let found = translators.get(language);
  if (!found) {
    const i18n = createInstance();
    found = i18n
      .init({ lng: language, fallbackLng: FALLBACK_LANGUAGE, resources, interpolation: { escapeValue: false } })
      .then(() => i18n.t);
    translators.set(language, found);
  }
  return found;
}

/** Records the export in the audit trail, then returns the file to send. */
export async function exportCompliance(request: ExportRequest, database: Db = db()): Promise<ExportResult> {
  const now = request.now ?? new Date();
  const today = request.today ?? todayIso(now);
  ensureComplianceCurrent(database, today);
  recordAudit(
    {
      action: "export-downloaded",
      actorUserId: request.by.userId,
      organisationId: request.organisation.id,
      details: {
        export: request.kind,
        format: request.format,
        via: request.by.via,
        by: request.by.description,
        filters: request.filters ?? {},
      },
    },
    database,
  );
  const t = await translatorFor(request.language);
  const filters = describeFilters(request, t, database);
  const baseTitle = t(request.kind === "staff" ? "compliance.exports.staffTitle" : "compliance.exports.summaryTitle");
  const provenance: Provenance = {
    title: filters.text
      ? t("compliance.exports.filteredTitle", { title: baseTitle, filters: filters.text })
      : baseTitle,
    rows: [
      [t("compliance.exports.organisation"), `${request.organisation.name} (${request.organisation.code})`],
      [t("compliance.exports.filters"), filters.text || t("compliance.exports.noFilters")],
      [t("compliance.exports.figuresFor"), today, "date"],
      [t("compliance.exports.exportedBy"), request.by.description],
      [t("compliance.exports.exportedAt"), now.toISOString(), "date-time"],
    ],
  };
  const fileName = `${request.organisation.code}-${request.kind === "staff" ? "staff-training" : "training-summary"}${filters.fileSuffix}-${today}.${request.format}`;
  const body =
    request.kind === "staff"
      ? staffExport(request, t, provenance, today, now)
      : summaryExport(
          request,
          t,
          provenance,
          summaryRows(
            request,
            t,
            today,
            database,
            filters.text
              ? t("compliance.exports.filteredTitle", { title: request.organisation.name, filters: filters.text })
              : request.organisation.name,
          ),
          today,
          now,
        );
  return { fileName, contentType: CONTENT_TYPES[request.format], body };
}

/**
 * The filters of an export in words, for its title block, and as a file-name suffix, so a filtered
 * file never reads as the whole organisation's figures.
 */
function describeFilters(request: ExportRequest, t: TFunction, database: Db): { text: string; fileSuffix: string } {
  const f = request.filters ?? {};
  const parts: string[] = [];
  const suffix: string[] = [];
  if (f.moduleId !== undefined && f.moduleId !== ALL_MODULES) {
    const module = moduleInfo(request.language, database).find((m) => m.id === f.moduleId);
    parts.push(t("compliance.exports.filterModule", { value: module?.title ?? String(f.moduleId) }));
    suffix.push(`module-${module?.slug ?? f.moduleId}`);
  }
  if (f.unitId !== undefined) {
    const unit = listUnits(request.organisation.id).find((u) => u.id === f.unitId);
    parts.push(t("compliance.exports.filterUnit", { value: unit?.name ?? String(f.unitId) }));
    suffix.push(`unit-${f.unitId}`);
  } else if (f.unitIds !== undefined) {
    // A unit manager's export: their units, never read as the whole organisation's.
    const names = listUnits(request.organisation.id)
      .filter((u) => f.unitIds!.includes(u.id))
      .map((u) => u.name);
    parts.push(t("compliance.exports.filterUnit", { value: names.join(", ") }));
    suffix.push(`units-${f.unitIds.join("-")}`);
  }
  if (f.staffGroup !== undefined) {
    parts.push(t("compliance.exports.filterGroup", { value: t(`auth.staffGroups.${f.staffGroup}`) }));
    suffix.push(`group-${f.staffGroup}`);
  }
  return { text: parts.join("; "), fileSuffix: suffix.map((s) => `-${s}`).join("") };
}

/** A title-block row: label and value, and whether the value is an ISO date or date-time (a real date in a workbook). */
export type ProvenanceRow = [label: string, value: string, kind?: "date" | "date-time"];

export interface Provenance {
  title: string;
  rows: ProvenanceRow[];
}

// ---- CSV text ----

const FORMULA_START = /^[=+\-@\t\r]/;

/** One CSV field: always quoted, quotes doubled, and a leading = + - @ neutralised so a spreadsheet never runs it as a formula. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '""';
  if (typeof value === "number") return String(value);
  const safe = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${safe.replaceAll('"', '""')}"`;
}

export function csvLine(values: (string | number | null | undefined)[]): string {
  return values.map(csvField).join(",") + "\r\n";
}

/** csvField() as an SQL expression over a text expression (unicode() is the first character's code). */
function sqlCsvField(expression: string, nullable = true): string {
  const x = nullable ? `ifnull(${expression}, '')` : expression;
  return `'"' || replace(CASE WHEN unicode(${x}) IN (61, 43, 45, 64, 9, 13) THEN '''' || ${x} ELSE ${x} END, '"', '""') || '"'`;
}

function sqlLiteral(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

function sqlLabel(expression: string, labels: [string | number, string][], csv: boolean): string {
  const value = (v: string | number) => (typeof v === "number" ? String(Math.trunc(v)) : sqlLiteral(v));
  return `CASE ${expression} ${labels.map(([v, label]) => `WHEN ${value(v)} THEN ${sqlLiteral(csv ? csvField(label) : label)}`).join(" ")} ELSE '' END`;
}

// ---- staff-level ----

function staffColumns(t: TFunction): string[] {
  return [
    t("compliance.exports.columns.familyName"),
    t("compliance.exports.columns.givenName"),
    t("compliance.exports.columns.email"),
    t("compliance.exports.columns.employeeNumber"),
    t("compliance.columns.unit"),
    t("compliance.columns.group"),
    t("compliance.columns.module"),
    t("compliance.columns.status"),
    t("compliance.exports.columns.lastCompleted"),
    t("compliance.exports.columns.expiresOrDue"),
    t("compliance.exports.columns.recordedIn"),
  ];
}

interface StaffQueryOptions {
  organisationId: number;
  filters: Filters;
  day: number;
  modules: { id: number; slug: string; title: string }[];
  t: TFunction;
  /** Whether any completion was recorded elsewhere (anyRecordedElsewhere): if not, the column is simply empty. */
  recordedElsewhere?: boolean;
}

/** Whether any completion anywhere was imported from another system: the partial index answers at once. */
export function anyRecordedElsewhere(database: Database.Database): boolean {
  return Boolean(database.prepare("SELECT EXISTS (SELECT 1 FROM completions WHERE source IS NOT NULL)").pluck().get());
}

/**
 * The system a row's last completion was recorded in, '' when it was done here: an imported
 * completion of that module on the row's last day. Imported completions are at noon UTC of their day.
 */
function sqlRecordedIn(o: StaffQueryOptions, moduleSlug: string): string {
  if (!o.recordedElsewhere) return "''";
  return `ifnull((SELECT c.source FROM completions c INDEXED BY completions_imported_idx
    WHERE c.source IS NOT NULL AND c.user_id = r.user_id AND c.module_slug = ${moduleSlug}
      AND c.completed_at >= r.last_day * 86400000 AND c.completed_at < (r.last_day + 1) * 86400000 LIMIT 1), '')`;
}

/** Whether the filters pick one module rather than all required ones. */
function oneModule(filters: Filters): boolean {
  return filters.moduleId !== undefined && filters.moduleId !== ALL_MODULES;
}

function staffWhere(filters: Filters): string {
  return [
    "r.organisation_id = :organisationId AND r.counted = 1",
    oneModule(filters) ? "AND r.module_id = :moduleId" : "AND r.module_id > 0",
    filters.unitId !== undefined ? "AND r.unit_id = :unitId" : "",
    filters.unitIds !== undefined ? UNITS_CONDITION : "",
    filters.staffGroup !== undefined ? "AND r.staff_group = :staffGroup" : "",
  ].join(" ");
}

const STAFF_FROM = `FROM compliance_rows r JOIN users u ON u.id = r.user_id LEFT JOIN units un ON un.id = r.unit_id
  LEFT JOIN memberships m ON m.user_id = r.user_id AND m.organisation_id = r.organisation_id`;
const GIVEN = STAFF_GIVEN_NAME_SQL;
const FAMILY = STAFF_FAMILY_NAME_SQL;
const STAFF_ORDER = `ORDER BY ${FAMILY} COLLATE NOCASE, ${GIVEN} COLLATE NOCASE, r.user_id, r.module_id`;

function staffParams(o: StaffQueryOptions): Record<string, unknown> {
  const params: Record<string, unknown> = { organisationId: o.organisationId, today: o.day };
  if (oneModule(o.filters)) params.moduleId = o.filters.moduleId;
  if (o.filters.unitId !== undefined) params.unitId = o.filters.unitId;
  if (o.filters.unitIds !== undefined) params.unitIds = JSON.stringify(o.filters.unitIds);
  if (o.filters.staffGroup !== undefined) params.staffGroup = o.filters.staffGroup;
  return params;
}

/** A CASE expression giving each status its label, straight from the row's dates. */
function sqlStatusLabel(label: (status: string) => string): string {
  return statusCaseSql((status) => sqlLiteral(label(status)));
}

/**
 * The SQL for the staff CSV: one result per person (sorted by name), holding that person's finished
 * CSV lines, one per required module in module order, joined by line breaks.
 *
 * The organisation's rows are read once in key order and grouped by person with one sort. Fetching
 * each person's module rows through the user index instead costs two B-tree seeks a line, which was
 * most of the export's time. A person has one membership in an organisation, so their rows share its
 * unit and staff group, and grouping by the person alone keeps SQLite's quicker one-key sort. Each
 * module's line has an aggregate of its own, so concat_ws() keeps them in order and skips the modules
 * a person has no row for.
 */
export function staffCsvSql(o: StaffQueryOptions): string {
  const groups = STAFF_GROUPS.map((g): [string, string] => [g, o.t(`auth.staffGroups.${g}`)]);
  const person = [
    sqlCsvField(FAMILY, false),
    sqlCsvField(GIVEN, false),
    sqlCsvField("u.email", false),
    sqlCsvField("m.employee_number"),
    sqlCsvField("un.name"),
    sqlLabel("p.staff_group", groups, true),
  ].join(" || ',' || ");
  // The module's title and the status come from one CASE, and each date in one call (date(NULL) is NULL):
  // every concatenation here is done once per line, millions of times in a national export.
  const titleAndStatus = (title: string) =>
    sqlStatusLabel((s) => `${csvField(title)},${csvField(o.t(`compliance.statuses.${s}`))},`);
  const dates = `ifnull(date(r.last_day * 86400, 'unixepoch') || ',', ',') || date((r.valid_day - 1) * 86400, 'unixepoch')`;
  // With nothing recorded elsewhere the column is a constant: no per-line quoting work.
  const recordedIn = (slug: string) =>
    o.recordedElsewhere ? `',' || ${sqlCsvField(sqlRecordedIn(o, sqlLiteral(slug)), false)}` : `',""'`;
  const modules = [...o.modules]
    .sort((a, b) => a.id - b.id)
    .filter((m) => !oneModule(o.filters) || m.id === o.filters.moduleId);
  if (modules.length === 0) return "SELECT NULL WHERE 0"; // a filter for a module that does not exist
  const lines = modules.map((m) => `l${Math.trunc(m.id)}`);
  const moduleLines = modules.map(
    (m, i) =>
      `group_concat(${titleAndStatus(m.title)} || ${dates} || ${recordedIn(m.slug)}) FILTER (WHERE r.module_id = ${Math.trunc(m.id)}) AS ${lines[i]}`,
  );
  return `SELECT prefix || concat_ws(char(13, 10) || prefix, ${lines.join(", ")}) FROM (
    SELECT ${person} || ',' AS prefix, ${lines.join(", ")}
    FROM (SELECT r.user_id, r.unit_id, r.staff_group, ${moduleLines.join(",\n        ")}
      FROM compliance_rows r WHERE ${staffWhere(o.filters)}
      GROUP BY r.user_id) p
    JOIN users u ON u.id = p.user_id LEFT JOIN units un ON un.id = p.unit_id
    LEFT JOIN memberships m ON m.user_id = p.user_id AND m.organisation_id = :organisationId
    ORDER BY ${FAMILY} COLLATE NOCASE, ${GIVEN} COLLATE NOCASE, p.user_id)`;
}

function staffJsonSql(o: StaffQueryOptions): string {
  const modules = o.modules.map((m): [number, string] => [m.id, m.slug]);
  return `SELECT json_object('familyName', ${FAMILY}, 'givenName', ${GIVEN}, 'email', u.email, 'employeeNumber', m.employee_number, 'unit', un.name,
      'staffGroup', r.staff_group, 'module', ${sqlLabel("r.module_id", modules, false)}, 'status', (${STATUS_SQL}),
      'lastCompleted', CASE WHEN r.last_day IS NULL THEN NULL ELSE date(r.last_day * 86400, 'unixepoch') END,
      'expiresOrDue', date((r.valid_day - 1) * 86400, 'unixepoch'),
      'recordedIn', nullif(${sqlRecordedIn(o, sqlLabel("r.module_id", modules, false))}, ''))
    ${STAFF_FROM} WHERE ${staffWhere(o.filters)} ${STAFF_ORDER}`;
}

const CHUNK_CHARS = 64 * 1024;

/**
 * Reads the lines of a one-column query on its own read-only connection, joined into chunks. The
 * connection closes when the last chunk is read or the reader stops early (a cancelled download).
 */
export function* streamLines(
  databasePath: string,
  sql: string | ((reader: Database.Database) => string),
  params: Record<string, unknown>,
  separator: string,
): Generator<string> {
  const reader = new Database(databasePath, { readonly: true, fileMustExist: true });
  try {
    reader.pragma("busy_timeout = 5000");
    // The staff CSV sorts an organisation's rows by person, in memory up to the cache size and in a
    // temporary file beyond it: 8 MB keeps the sort of a trust of about 15,000 staff in memory.
    reader.pragma("cache_size = -8000");
    // One snapshot for the SQL's making and its lines (a WAL reader otherwise takes one per statement).
    reader.exec("BEGIN");
    const statement = reader.prepare(typeof sql === "string" ? sql : sql(reader)).pluck();
    let parts: string[] = [];
    let size = 0;
    let first = true;
    for (const line of statement.iterate(params) as IterableIterator<string>) {
      parts.push(line);
      size += line.length;
      if (size >= CHUNK_CHARS) {
        yield (first ? "" : separator) + parts.join(separator);
        first = false;
        parts = [];
        size = 0;
      }
    }
    if (parts.length) yield (first ? "" : separator) + parts.join(separator);
  } finally {
    reader.close();
  }
}

async function* staffExport(
  request: ExportRequest,
  t: TFunction,
  provenance: Provenance,
  today: string,
  now: Date,
): AsyncGenerator<string | Uint8Array> {
  const options: StaffQueryOptions = {
    organisationId: request.organisation.id,
    filters: request.filters ?? {},
    day: dayOf(today),
    modules: moduleInfo(request.language),
    t,
  };
  const params = staffParams(options);
  if (request.format === "csv") {
    yield (
      "\uFEFF" +
      csvLine([provenance.title]) +
      provenance.rows.map(([label, value]) => csvLine([label, value])).join("") +
      "\r\n" +
      csvLine(staffColumns(t))
    );
    let any = false;
    const sql = (reader: Database.Database) =>
      staffCsvSql({
        ...options,
        modules: modulesWithRows(reader, options),
        recordedElsewhere: anyRecordedElsewhere(reader),
      });
    for (const chunk of streamLines(request.databasePath, sql, params, "\r\n")) {
      any = true;
      yield chunk;
    }
    if (any) yield "\r\n";
  } else if (request.format === "json") {
    yield `{"title":${JSON.stringify(provenance.title)},"organisation":${JSON.stringify({ code: request.organisation.code, name: request.organisation.name })},"filters":${JSON.stringify(provenance.rows[1][1])},"figuresFor":${JSON.stringify(today)},"exportedBy":${JSON.stringify(request.by.description)},"exportedAt":${JSON.stringify(now.toISOString())},"rows":[`;
    const sql = (reader: Database.Database) =>
      staffJsonSql({ ...options, recordedElsewhere: anyRecordedElsewhere(reader) });
    yield* streamLines(request.databasePath, sql, params, ",");
    yield "]}\n";
  } else {
    yield* staffXlsx(request, t, provenance, options, params);
  }
}

async function* staffXlsx(
  request: ExportRequest,
  t: TFunction,
  provenance: Provenance,
  options: StaffQueryOptions,
  params: Record<string, unknown>,
): AsyncGenerator<Uint8Array> {
  const { default: Excel } = await import("exceljs");
  const out = new PassThrough();
  const workbook = new Excel.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  const writing = (async () => {
    const sheet = workbook.addWorksheet(t("compliance.exports.staffSheet"));
    // Wide enough for a date (Excel shows #### in a narrower column) and, in column 2, the export time.
    sheet.columns = [20, 24, 30, 16, 24, 24, 30, 16, 13, 13, 16].map((width) => ({ width }));
    const headerRow = addProvenance(sheet, provenance);
    const header = sheet.addRow(staffColumns(t));
    header.font = { bold: true };
    header.commit();
    sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: 11 } };
    const groups = new Map(STAFF_GROUPS.map((g) => [g, t(`auth.staffGroups.${g}`)]));
    const modules = new Map(options.modules.map((m) => [m.id, m.title]));
    const reader = new Database(request.databasePath, { readonly: true, fileMustExist: true });
    try {
      const rows = reader
        .prepare(
          `SELECT ${FAMILY} AS familyName, ${GIVEN} AS givenName, u.email, m.employee_number AS employeeNumber, un.name AS unitName, r.staff_group AS staffGroup,
             r.module_id AS moduleId, (${STATUS_SQL}) AS status, r.last_day AS lastDay, r.valid_day - 1 AS validDay,
             ${sqlRecordedIn(
               { ...options, recordedElsewhere: anyRecordedElsewhere(reader) },
               sqlLabel(
                 "r.module_id",
                 options.modules.map((m): [number, string] => [m.id, m.slug]),
                 false,
               ),
             )} AS recordedIn
           ${STAFF_FROM} WHERE ${staffWhere(options.filters)} ${STAFF_ORDER}`,
        )
        .iterate(params) as IterableIterator<{
        familyName: string;
        givenName: string;
        email: string;
        employeeNumber: string | null;
        unitName: string | null;
        staffGroup: string;
        moduleId: number;
        status: string;
        lastDay: number | null;
        validDay: number;
        recordedIn: string;
      }>;
      let n = 0;
      for (const r of rows) {
        const row = sheet.addRow([
          r.familyName,
          r.givenName,
          r.email,
          r.employeeNumber ?? "",
          r.unitName ?? "",
          groups.get(r.staffGroup as (typeof STAFF_GROUPS)[number]) ?? r.staffGroup,
          modules.get(r.moduleId) ?? "",
          t(`compliance.statuses.${r.status}`),
          excelDate(r.lastDay),
          excelDate(r.validDay),
          r.recordedIn || null,
        ]);
        row.getCell(STAFF_DATE_COLUMNS[0]).numFmt = EXCEL_DATE;
        row.getCell(STAFF_DATE_COLUMNS[1]).numFmt = EXCEL_DATE;
        row.commit();
        if (++n % 1000 === 0 && out.writableNeedDrain) await new Promise((resolve) => out.once("drain", resolve));
      }
    } finally {
      reader.close();
    }
    sheet.commit();
    await workbook.commit();
  })();
  writing.catch((error: unknown) => out.destroy(error as Error));
  for await (const chunk of out) yield chunk as Uint8Array;
  await writing;
}

/** The staff sheet's "Last completed" and "Valid until or due by" columns. */
const STAFF_DATE_COLUMNS = [9, 10] as const;

/** Day-first, as UK staff read dates; the cell holds a real date, so Excel sorts and filters it as one. */
export const EXCEL_DATE = "dd/mm/yyyy";
/** The export time, which is UTC: the format says so, as Excel dates carry no time zone. */
export const EXCEL_DATE_TIME = 'dd/mm/yyyy hh:mm:ss "UTC"';

/**
 * A day number as the Date exceljs writes as that calendar day: exceljs turns a Date into Excel's serial
 * number from its UTC time, so UTC midnight is the whole day with no time-zone shift.
 */
function excelDate(day: number | null): Date | null {
  return day === null ? null : new Date(day * 86_400_000);
}

/** Title and who exported when, above the table; returns the header row's number. */
export function addProvenance(sheet: ExcelJS.Worksheet, provenance: Provenance): number {
  const title = sheet.addRow([provenance.title]);
  title.font = { bold: true, size: 14 };
  title.commit();
  for (const [label, value, kind] of provenance.rows) {
    const row = sheet.addRow([
      label,
      kind === "date" ? new Date(`${value}T00:00:00Z`) : kind ? new Date(value) : value,
    ]);
    if (kind) row.getCell(2).numFmt = kind === "date" ? EXCEL_DATE : EXCEL_DATE_TIME;
    row.commit();
  }
  sheet.addRow([]).commit();
  return provenance.rows.length + 3;
}

// ---- summary ----

export interface SummaryRow {
  breakdown: "organisation" | "unit" | "staff-group";
  name: string;
  module: string;
  moduleTitle: string;
  people: number;
  newStarters: number;
  counted: number;
  inDate: number;
  percent: number | null;
  target: number;
  meetsTarget: boolean | null;
  overdue: number;
  dueSoon: number;
  notStarted: number;
}

function summaryRows(
  request: ExportRequest,
  t: TFunction,
  today: string,
  database: Db,
  wholeLabel: string,
): SummaryRow[] {
  const filters = { ...request.filters, moduleId: undefined };
  const cells = organisationCells(request.organisation.id, filters, today, database);
  const modules = [
    { id: ALL_MODULES, slug: "all", title: t("compliance.allRequired") },
    ...moduleInfo(request.language, database),
  ];
  const present = new Set(cells.map((c) => c.moduleId));
  const wanted = modules.filter(
    (m) => present.has(m.id) && (request.filters?.moduleId === undefined || request.filters.moduleId === m.id),
  );
  const units = new Map(listUnits(request.organisation.id).map((u) => [u.id, u.name]));
  const target = request.organisation.complianceTarget;
  const row = (
    breakdown: SummaryRow["breakdown"],
    name: string,
    module: (typeof modules)[number],
    tally: Tally,
  ): SummaryRow => ({
    breakdown,
    name,
    module: module.slug,
    moduleTitle: module.title,
    people: tally.people,
    newStarters: tally.newStarters,
    counted: tally.people - tally.newStarters,
    inDate: tally.compliant + tally.dueSoon,
    percent: percent(tally),
    target,
    meetsTarget: meetsTarget(tally, target),
    overdue: tally.overdue,
    dueSoon: tally.dueSoon,
    notStarted: tally.notStarted,
  });
  const byModule = sumBy(cells, (c) => c.moduleId);
  const byUnit = sumBy(cells, (c) => `${c.unitId}/${c.moduleId}`);
  const byGroup = sumBy(cells, (c) => `${c.staffGroup}/${c.moduleId}`);
  const unitIds = [...new Set(cells.map((c) => c.unitId))].sort((a, b) =>
    (units.get(a) ?? "~").localeCompare(units.get(b) ?? "~"),
  );
  const groups = [...new Set(cells.map((c) => c.staffGroup))].sort();
  const rows: SummaryRow[] = [];
  for (const m of wanted) rows.push(row("organisation", wholeLabel, m, byModule.get(m.id)!));
  for (const u of unitIds)
    for (const m of wanted)
      if (byUnit.has(`${u}/${m.id}`))
        rows.push(row("unit", units.get(u) ?? t("compliance.noUnit"), m, byUnit.get(`${u}/${m.id}`)!));
  for (const g of groups)
    for (const m of wanted)
      if (byGroup.has(`${g}/${m.id}`))
        rows.push(row("staff-group", t(`auth.staffGroups.${g}`), m, byGroup.get(`${g}/${m.id}`)!));
  return rows;
}

function summaryColumns(t: TFunction): string[] {
  return [
    t("compliance.exports.columns.breakdown"),
    t("compliance.exports.columns.name"),
    t("compliance.columns.module"),
    t("compliance.exports.columns.people"),
    t("compliance.statuses.new-starter"),
    t("compliance.exports.columns.counted"),
    t("compliance.exports.columns.inDate"),
    t("compliance.exports.columns.percent"),
    t("compliance.exports.columns.target"),
    t("compliance.exports.columns.meetsTarget"),
    t("compliance.statuses.overdue"),
    t("compliance.statuses.due-soon"),
    t("compliance.statuses.not-started"),
  ];
}

function summaryValues(r: SummaryRow, t: TFunction): (string | number)[] {
  return [
    t(`compliance.exports.breakdowns.${r.breakdown}`),
    r.name,
    r.moduleTitle,
    r.people,
    r.newStarters,
    r.counted,
    r.inDate,
    r.percent ?? "",
    r.target,
    r.meetsTarget === null ? "" : r.meetsTarget ? t("compliance.exports.yes") : t("compliance.exports.no"),
    r.overdue,
    r.dueSoon,
    r.notStarted,
  ];
}

async function* summaryExport(
  request: ExportRequest,
  t: TFunction,
  provenance: Provenance,
  rows: SummaryRow[],
  today: string,
  now: Date,
): AsyncGenerator<string | Uint8Array> {
  if (request.format === "csv") {
    yield (
      "\uFEFF" +
      csvLine([provenance.title]) +
      provenance.rows.map(([label, value]) => csvLine([label, value])).join("") +
      "\r\n" +
      csvLine(summaryColumns(t)) +
      rows.map((r) => csvLine(summaryValues(r, t))).join("")
    );
  } else if (request.format === "json") {
    yield (
      JSON.stringify(
        {
          title: provenance.title,
          organisation: { code: request.organisation.code, name: request.organisation.name },
          filters: provenance.rows[1][1],
          figuresFor: today,
          exportedBy: request.by.description,
          exportedAt: now.toISOString(),
          target: request.organisation.complianceTarget,
          definitions: {
            counted: t("compliance.howWeCount.module"),
            inDate: t("compliance.howWeCount.inDate"),
            newStarters: t("compliance.howWeCount.newStarters"),
            all: t("compliance.howWeCount.all"),
          },
          rows: rows.map(({ moduleTitle: _title, ...r }) => r),
        },
        null,
        2,
      ) + "\n"
    );
  } else {
    const { default: Excel } = await import("exceljs");
    const workbook = new Excel.Workbook();
    const sheet = workbook.addWorksheet(t("compliance.exports.summarySheet"));
    const headerRow = addProvenance(sheet, provenance);
    sheet.addRow(summaryColumns(t)).font = { bold: true };
    for (const r of rows) sheet.addRow(summaryValues(r, t));
    sheet.autoFilter = { from: { row: headerRow, column: 1 }, to: { row: headerRow, column: 13 } };
    sheet.columns.forEach((column, i) => (column.width = i < 3 ? 30 : 14));
    yield new Uint8Array(await workbook.xlsx.writeBuffer());
  }
}

/** A web response for an export: streamed, downloaded as a file, never cached. */
export function exportResponse(result: ExportResult): Response {
  const encoder = new TextEncoder();
  const iterator = result.body[Symbol.asyncIterator]();
  const stream = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = await iterator.next();
        if (next.done) controller.close();
        else controller.enqueue(typeof next.value === "string" ? encoder.encode(next.value) : next.value);
      },
      async cancel() {
        await iterator.return?.(undefined);
      },
    },
    { highWaterMark: 2 },
  );
  return new Response(stream, {
    headers: {
      "Content-Type": result.contentType,
      "Content-Disposition": `attachment; filename="${result.fileName}"`,
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}

/** Collects an export into one buffer (tests, small files). */
export async function exportToBuffer(result: ExportResult): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const chunk of result.body)
    parts.push(typeof chunk === "string" ? Buffer.from(chunk, "utf8") : Buffer.from(chunk));
  return Buffer.concat(parts);
}

/**
 * The modules the organisation has counted rows for: each module in the staff CSV's SQL costs an
 * aggregate step on every row, and the catalogue has more modules than most organisations require.
 */
function modulesWithRows(reader: Database.Database, o: StaffQueryOptions): StaffQueryOptions["modules"] {
  const hasRows = reader
    .prepare(
      "SELECT EXISTS (SELECT 1 FROM compliance_rows WHERE organisation_id = ? AND module_id = ? AND counted = 1)",
    )
    .pluck();
  return o.modules.filter((m) => hasRows.get(o.organisationId, m.id));
}
