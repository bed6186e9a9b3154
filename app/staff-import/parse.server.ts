import { parse } from "csv-parse/sync";
import type { StaffGroup } from "@db/enums";
import { EmailSchema } from "~/auth/forms.server";
import { staffGroupFromText } from "./staff-groups";

/** A reason a file or a row cannot be imported: an i18n key and the values it mentions. */
export interface Problem {
  key: string;
  values?: Record<string, string>;
}

export interface RowProblem {
  /** As a spreadsheet numbers it: the header is row 1. */
  row: number;
  problems: Problem[];
}

export interface StaffRow {
  row: number;
  employeeNumber: string | null;
  givenName: string;
  familyName: string;
  /** Trimmed and lower-case. */
  email: string;
  /** undefined when the file has no such column: what is on record stays as it is. */
  department: string | null | undefined;
  staffGroup: StaffGroup;
  jobRole: string | undefined;
  startDate: string;
  /** null: the cell is empty (still employed); undefined: the file has no End Date column. */
  endDate: string | null | undefined;
}

export interface ParsedStaffList {
  /** Set when the file as a whole cannot be read; then there are no rows. */
  fileProblem: Problem | null;
  rows: StaffRow[];
  rowProblems: RowProblem[];
  /** Every employee number and email the file mentions, valid rows or not: no one named here is treated as missing. */
  mentionedEmployeeNumbers: Set<string>;
  mentionedEmails: Set<string>;
  /** Data rows read (not counting the header or blank lines). */
  rowCount: number;
}

const COLUMNS = {
  employeeNumber: "employeenumber",
  givenName: "firstname",
  familyName: "lastname",
  email: "email",
  organisationCode: "organisationcode",
  department: "department",
  staffGroup: "staffgroup",
  jobRole: "jobrole",
  startDate: "startdate",
  endDate: "enddate",
} as const;
type Column = keyof typeof COLUMNS;

/** The columns a file must have; the others may be left out. */
const REQUIRED_COLUMNS: Column[] = ["givenName", "familyName", "email", "staffGroup", "startDate"];
/** The header names as the file format documents them, for messages. */
export const COLUMN_LABELS: Record<Column, string> = {
  employeeNumber: "Employee Number",
  givenName: "First Name",
  familyName: "Last Name",
  email: "Email",
  organisationCode: "Organisation Code",
  department: "Department",
  staffGroup: "Staff Group",
  jobRole: "Job Role",
  startDate: "Start Date",
  endDate: "End Date",
};

const MAX_NAME = 100;
const MAX_TEXT = 200;

const headerKey = (text: string) => text.toLowerCase().replace(/[\s_]+/g, "");

/** YYYY-MM-DD or DD/MM/YYYY, a real calendar date, as YYYY-MM-DD; null otherwise. */
export function parseDate(text: string): string | null {
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  let year: number, month: number, day: number;
  if (match) [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else if ((match = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text))) [day, month, year] = [Number(match[1]), Number(match[2]), Number(match[3])];
  else return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || year < 1900) return null;
  return date.toISOString().slice(0, 10);
}

/** Decodes an uploaded file: UTF-8, with or without a byte order mark. Null when it is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string | null {
  try {
    // The decoder drops a leading byte order mark.
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
}

const empty = (): ParsedStaffList => ({ fileProblem: null, rows: [], rowProblems: [], mentionedEmployeeNumbers: new Set(), mentionedEmails: new Set(), rowCount: 0 });

/**
 * Reads a staff list CSV and checks every row on its own and against the other rows. What the
 * database already holds is not looked at here (see plan.server.ts).
 */
export function parseStaffList(content: string, organisationCode: string): ParsedStaffList {
  const result = empty();
  let records: string[][];
  try {
    records = parse(content, { bom: true, relax_column_count: true, skip_empty_lines: true, relax_quotes: false });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    return { ...result, fileProblem: { key: "staffImport.errors.fileNotCsv", values: { line: String(line ?? 1) } } };
  }
  if (records.length === 0) return { ...result, fileProblem: { key: "staffImport.errors.fileEmpty" } };

  const header = records[0].map(headerKey);
  const index = {} as Record<Column, number>;
  for (const [column, key] of Object.entries(COLUMNS) as Array<[Column, string]>) index[column] = header.indexOf(key);
  const missing = REQUIRED_COLUMNS.filter((c) => index[c] < 0);
  if (missing.length) {
    return { ...result, fileProblem: { key: "staffImport.errors.missingColumns", values: { columns: missing.map((c) => COLUMN_LABELS[c]).join(", ") } } };
  }

  const has = (column: Column) => index[column] >= 0;
  const ownCode = organisationCode.trim().toUpperCase();
  const byEmployeeNumber = new Map<string, number[]>();
  const byEmail = new Map<string, number[]>();
  const problemsByRow = new Map<number, Problem[]>();
  const candidates: StaffRow[] = [];
  const note = (row: number, problem: Problem) => {
    const list = problemsByRow.get(row);
    if (list) list.push(problem);
    else problemsByRow.set(row, [problem]);
  };

  for (let i = 1; i < records.length; i++) {
    const record = records[i];
    if (record.every((v) => v.trim() === "")) continue;
    const row = i + 1;
    result.rowCount++;
    const cell = (column: Column) => (index[column] >= 0 ? (record[index[column]] ?? "").trim() : "");
    const problems: Problem[] = [];

    const employeeNumber = cell("employeeNumber") || null;
    if (employeeNumber) {
      result.mentionedEmployeeNumbers.add(employeeNumber);
      byEmployeeNumber.set(employeeNumber, [...(byEmployeeNumber.get(employeeNumber) ?? []), row]);
      if (employeeNumber.length > MAX_NAME) problems.push({ key: "staffImport.errors.tooLong", values: { column: COLUMN_LABELS.employeeNumber } });
    }

    const rawEmail = cell("email");
    let email = "";
    if (!rawEmail) problems.push({ key: "staffImport.errors.emailMissing" });
    else {
      const parsed = EmailSchema.safeParse(rawEmail);
      if (parsed.success) {
        email = parsed.data;
        result.mentionedEmails.add(email);
        byEmail.set(email, [...(byEmail.get(email) ?? []), row]);
      } else {
        result.mentionedEmails.add(rawEmail.toLowerCase());
        problems.push({ key: "staffImport.errors.emailInvalid", values: { value: rawEmail } });
      }
    }

    const givenName = cell("givenName");
    const familyName = cell("familyName");
    if (!givenName) problems.push({ key: "staffImport.errors.firstNameMissing" });
    if (!familyName) problems.push({ key: "staffImport.errors.lastNameMissing" });
    for (const column of ["givenName", "familyName"] as const) {
      if (cell(column).length > MAX_NAME) problems.push({ key: "staffImport.errors.tooLong", values: { column: COLUMN_LABELS[column] } });
    }
    for (const column of ["department", "jobRole"] as const) {
      if (cell(column).length > MAX_TEXT) problems.push({ key: "staffImport.errors.tooLong", values: { column: COLUMN_LABELS[column] } });
    }

    const code = cell("organisationCode");
    if (code && code.toUpperCase() !== ownCode) problems.push({ key: "staffImport.errors.otherOrganisation", values: { code, own: ownCode } });

    const groupText = cell("staffGroup");
    const staffGroup = groupText ? staffGroupFromText(groupText) : null;
    if (!groupText) problems.push({ key: "staffImport.errors.staffGroupMissing" });
    else if (!staffGroup) problems.push({ key: "staffImport.errors.staffGroupUnknown", values: { value: groupText } });

    const startText = cell("startDate");
    const startDate = startText ? parseDate(startText) : null;
    if (!startText) problems.push({ key: "staffImport.errors.startDateMissing" });
    else if (!startDate) problems.push({ key: "staffImport.errors.startDateInvalid", values: { value: startText } });
    const endText = cell("endDate");
    const endDate = endText ? parseDate(endText) : null;
    if (endText && !endDate) problems.push({ key: "staffImport.errors.endDateInvalid", values: { value: endText } });
    if (startDate && endDate && endDate < startDate) problems.push({ key: "staffImport.errors.endBeforeStart", values: { start: startDate, end: endDate } });

    if (problems.length) problemsByRow.set(row, problems);
    else {
      candidates.push({
        row,
        employeeNumber,
        givenName,
        familyName,
        email,
        department: has("department") ? cell("department") || null : undefined,
        staffGroup: staffGroup!,
        jobRole: has("jobRole") ? cell("jobRole") : undefined,
        startDate: startDate!,
        endDate: has("endDate") ? endDate : undefined,
      });
    }
  }

  // A value that appears on several rows makes every one of them ambiguous: none is imported.
  for (const [value, rows] of byEmployeeNumber) {
    if (rows.length > 1) for (const row of rows) note(row, { key: "staffImport.errors.duplicateEmployeeNumber", values: { value, rows: rows.join(", ") } });
  }
  for (const [value, rows] of byEmail) {
    if (rows.length > 1) for (const row of rows) note(row, { key: "staffImport.errors.duplicateEmail", values: { value, rows: rows.join(", ") } });
  }

  result.rows = candidates.filter((r) => !problemsByRow.has(r.row));
  result.rowProblems = [...problemsByRow].map(([row, problems]) => ({ row, problems })).sort((a, b) => a.row - b.row);
  return result;
}
