import type { StaffGroup } from "@db/enums";
import { EmailSchema } from "~/auth/forms.server";
import { COLUMN_SYNONYMS, REQUIRED_COLUMNS, columnLabel, findHeaderRow, mapHeaders, type Column } from "./columns";
import type { Problem, RowProblem } from "./problems";
import { createSlicer, yieldToEventLoop, type TableRow } from "./read-table.server";
import { ACCEPTED_STAFF_GROUP_NAMES, staffGroupFromText } from "./staff-groups";

export type { Problem, RowProblem } from "./problems";

/** One person: one row of the file, or several rows (ESR assignments) with one employee number. */
export interface StaffRow {
  /** The row the person's details come from (the primary assignment's), as a spreadsheet numbers it. */
  row: number;
  /** Every row about this person, in file order. */
  rows: number[];
  employeeNumber: string | null;
  /** ESR assignment numbers, kept for the record; never used to match people. */
  assignmentNumbers: string[];
  /** Known As where the file gives it, else the first name. */
  givenName: string;
  familyName: string;
  /** Trimmed and lower-case. */
  email: string;
  /** Upper-case; the organisation's own code when the file has none. */
  organisationCode: string;
  /** undefined when the file has no such column: what is on record stays as it is. */
  department: string | null | undefined;
  staffGroup: StaffGroup;
  jobRole: string | undefined;
  startDate: string;
  /** null: still employed; undefined: the file has no End Date column. */
  endDate: string | null | undefined;
}

export interface ParsedStaffList {
  /** Set when the file as a whole cannot be read; then there are no rows. */
  fileProblem: Problem | null;
  /** The header row's cells, for the download of rows left out. */
  header: string[];
  rows: StaffRow[];
  rowProblems: RowProblem[];
  /**
   * The cells of each row with a problem, or for another organisation's code (left out unless the
   * uploader manages it: see plan.server), by row number: the download of rows left out repeats them.
   */
  problemCells: Record<number, string[]>;
  /** Names as the file gives them, by row number, for the same rows. */
  problemNames: Record<number, string>;
  /** The Organisation Code column's heading as the file has it; null without one. */
  organisationCodeColumn?: string | null;
  /** Every employee number and email the file mentions, valid rows or not: no one named here is treated as missing. */
  mentionedEmployeeNumbers: string[];
  mentionedEmails: string[];
  /** Data rows read (not counting the header or blank lines). */
  rowCount: number;
}

const MAX_NAME = 100;
const MAX_TEXT = 200;

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
// A time of day after the date, as Excel's CSV of a date-time cell writes it, is dropped; with a
// zone, only UTC midnight is taken (another time may be the day before or after in the UK).
const LOCAL_TIME = String.raw`(?:[T ]|\s+)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?`;
const ISO_DATE = new RegExp(String.raw`^(\d{4})-(\d{2})-(\d{2})(?:${LOCAL_TIME}|[T ]00:00(?::00(?:\.0+)?)?Z)?$`);
const DAY_MONTH_YEAR = new RegExp(String.raw`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:${LOCAL_TIME})?$`);
const DAY_MON_YEAR = new RegExp(String.raw`^(\d{1,2})[- ]([A-Za-z]{3})[a-z]*[- ](\d{4})(?:${LOCAL_TIME})?$`);

function dateParts(text: string): { year: number; month: number; day: number } | null {
  let match: RegExpExecArray | null;
  if ((match = ISO_DATE.exec(text))) return { year: Number(match[1]), month: Number(match[2]), day: Number(match[3]) };
  if ((match = DAY_MONTH_YEAR.exec(text)))
    return { day: Number(match[1]), month: Number(match[2]), year: Number(match[3]) };
  // An Excel date serial number (days from 30 December 1899), as a workbook's date cell without a
  // date format, or a system that writes the serial, gives it.
  if ((match = /^(\d{5})(?:\.\d+)?$/.exec(text))) {
    const date = new Date(EXCEL_EPOCH + Number(match[1]) * DAY_MS);
    return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
  }
  if ((match = DAY_MON_YEAR.exec(text))) {
    const month = MONTHS.indexOf(match[2].toLowerCase()) + 1;
    return month === 0 ? null : { day: Number(match[1]), month, year: Number(match[3]) };
  }
  return null;
}

/** A date written YYYY-MM-DD, DD/MM/YYYY, DD-Mon-YYYY or as an Excel serial number, as YYYY-MM-DD; null if it is none of those or no real date. */
export function parseDate(text: string): string | null {
  const parts = dateParts(text);
  if (!parts) return null;
  const { year, month, day } = parts;
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || year < 1900)
    return null;
  return date.toISOString().slice(0, 10);
}

/** Why parseDate refused a date: written another way, or written our way but impossible (31/02/2024, a year before 1900). */
const dateFault = (text: string) => (dateParts(text) ? "Impossible" : "Invalid");

/** Names, departments and job roles as one line: a cell's line breaks, tabs and runs of (non-breaking) spaces become one space. */
export const oneLine = (text: string) => (/\s\s|[^\S ]/.test(text) ? text.replace(/\s+/g, " ") : text);

const MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];

const PRIMARY_FLAGS = new Set(["y", "yes", "true", "1", "primary"]);

const empty = (): ParsedStaffList => ({
  fileProblem: null,
  header: [],
  rows: [],
  rowProblems: [],
  problemCells: {},
  problemNames: {},
  mentionedEmployeeNumbers: [],
  mentionedEmails: [],
  rowCount: 0,
});

function findHeader(rows: TableRow[]) {
  return findHeaderRow(rows, mapHeaders, REQUIRED_COLUMNS);
}

interface Candidate extends StaffRow {
  assignmentNumber: string;
  primary: boolean;
}

/**
 * Checks every row of a staff list on its own and against the other rows, and makes one person of
 * each employee's assignments. What the database already holds is not looked at here (see
 * plan.server.ts). Gives the event loop a turn now and then: a 100,000-row file takes a while.
 */
export async function parseStaffList(
  table: TableRow[],
  organisationCode: string,
  today: string,
): Promise<ParsedStaffList> {
  const result = empty();
  const found = findHeader(table);
  if (!found.found) {
    const headers = (found.best?.cells ?? []).map((c) => c.trim()).filter(Boolean);
    const index = mapHeaders(headers);
    const missing = REQUIRED_COLUMNS.filter((c) => index[c] === undefined);
    return {
      ...result,
      fileProblem: {
        key: "staffImport.errors.missingColumns",
        values: {
          columns: missing.map(columnLabel).join(", "),
          found: headers.slice(0, 40).join(", ") || "-",
          accepted: missing.map((c) => `${columnLabel(c)}: ${COLUMN_SYNONYMS[c].join(", ")}`).join("; "),
        },
      },
    };
  }
  const { index } = found;
  const header = table[found.at].cells;
  result.header = header;
  const has = (column: Column) => index[column] !== undefined;
  const heading = (column: Column) => (has(column) ? header[index[column]!].trim() : columnLabel(column));
  result.organisationCodeColumn = has("organisationCode") ? heading("organisationCode") : null;
  const otherOrganisationRows: number[] = [];
  const ownCode = organisationCode.trim().toUpperCase();
  const problemsByRow = new Map<number, Problem[]>();
  const note = (row: number, problem: Problem) => {
    const list = problemsByRow.get(row);
    if (list) list.push(problem);
    else problemsByRow.set(row, [problem]);
  };
  const mentionedNumbers = new Set<string>();
  const mentionedEmails = new Set<string>();
  const cellsByRow = new Map<number, string[]>();
  const candidates: Candidate[] = [];

  const slicer = createSlicer();
  for (let i = found.at + 1; i < table.length; i++) {
    if (slicer.due()) await yieldToEventLoop();
    const { row, cells } = table[i];
    result.rowCount++;
    cellsByRow.set(row, cells);
    const cell = (column: Column) => (has(column) ? (cells[index[column]!] ?? "").trim() : "");
    const problems: Problem[] = [];
    const problem = (column: Column | null, key: string, values?: Record<string, string>) =>
      problems.push({
        key: `staffImport.errors.${key}`,
        ...(values ? { values } : {}),
        ...(column ? { column: heading(column) } : {}),
      });

    const employeeNumber = cell("employeeNumber") || null;
    if (employeeNumber) {
      mentionedNumbers.add(employeeNumber);
      if (employeeNumber.length > MAX_NAME) problem("employeeNumber", "tooLong", { column: heading("employeeNumber") });
    }

    const rawEmail = cell("email");
    let email = "";
    if (!rawEmail) problem("email", "emailMissing");
    else {
      const parsed = EmailSchema.safeParse(rawEmail);
      if (parsed.success) {
        email = parsed.data;
        mentionedEmails.add(email);
      } else {
        mentionedEmails.add(rawEmail.toLowerCase());
        problem("email", "emailInvalid", { value: rawEmail });
      }
    }

    const givenName = oneLine(cell("knownAs") || cell("givenName"));
    const familyName = oneLine(cell("familyName"));
    if (!givenName) problem("givenName", "firstNameMissing");
    if (!familyName) problem("familyName", "lastNameMissing");
    for (const column of ["givenName", "knownAs", "familyName"] as const) {
      if (cell(column).length > MAX_NAME) problem(column, "tooLong", { column: heading(column) });
    }
    for (const column of ["department", "jobRole", "assignmentNumber"] as const) {
      if (cell(column).length > MAX_TEXT) problem(column, "tooLong", { column: heading(column) });
    }

    // Another organisation's row is imported there if the uploader manages it too (plan.server decides).
    const code = cell("organisationCode").toUpperCase() || ownCode;

    const groupText = cell("staffGroup");
    const staffGroup = groupText ? staffGroupFromText(groupText) : null;
    if (!groupText) problem("staffGroup", "staffGroupMissing");
    else if (!staffGroup)
      problem("staffGroup", "staffGroupUnknown", { value: groupText, accepted: ACCEPTED_STAFF_GROUP_NAMES });

    const startText = cell("startDate");
    const startDate = startText ? parseDate(startText) : null;
    if (!startText) problem("startDate", "startDateMissing");
    else if (!startDate) problem("startDate", `startDate${dateFault(startText)}`, { value: startText });
    const endText = cell("endDate");
    const endDate = endText ? parseDate(endText) : null;
    if (endText && !endDate) problem("endDate", `endDate${dateFault(endText)}`, { value: endText });
    if (startDate && endDate && endDate < startDate)
      problem("endDate", "endBeforeStart", { start: startDate, end: endDate });

    if (problems.length) {
      problemsByRow.set(row, problems);
      continue;
    }
    if (code !== ownCode) otherOrganisationRows.push(row);
    candidates.push({
      row,
      rows: [row],
      employeeNumber,
      assignmentNumbers: [],
      assignmentNumber: cell("assignmentNumber"),
      primary: PRIMARY_FLAGS.has(cell("primaryAssignment").toLowerCase()),
      givenName,
      familyName,
      email,
      organisationCode: code,
      department: has("department") ? oneLine(cell("department")) || null : undefined,
      staffGroup: staffGroup!,
      jobRole: has("jobRole") ? oneLine(cell("jobRole")) : undefined,
      startDate: startDate!,
      endDate: has("endDate") ? endDate : undefined,
    });
  }

  // One person per employee number (or, without one, per email): the first row wins; a later row
  // is another assignment when it has its own assignment number, and a duplicate otherwise.
  const people = new Map<string, Candidate[]>();
  const personByEmail = new Map<string, { key: string; row: number }>();
  for (const c of candidates) {
    if (slicer.due()) await yieldToEventLoop();
    // Employee numbers are each organisation's own, and one person may be on two organisations' lists.
    const key = `${c.organisationCode}|${c.employeeNumber ? `n:${c.employeeNumber}` : `e:${c.email}`}`;
    const assignments = people.get(key);
    if (assignments) {
      const first = assignments[0];
      const repeated = assignments.find((a) => a.assignmentNumber === c.assignmentNumber);
      if (repeated) {
        if (c.assignmentNumber)
          note(c.row, {
            key: "staffImport.errors.duplicateAssignment",
            values: { value: c.assignmentNumber, first: String(repeated.row) },
            column: heading("assignmentNumber"),
          });
        else if (c.employeeNumber)
          note(c.row, {
            key: "staffImport.errors.duplicateEmployeeNumber",
            values: { value: c.employeeNumber, first: String(first.row) },
            column: heading("employeeNumber"),
          });
        else
          note(c.row, {
            key: "staffImport.errors.duplicateEmail",
            values: { value: c.email, first: String(first.row) },
            column: heading("email"),
          });
        continue;
      }
      assignments.push(c);
      continue;
    }
    const emailOwner = personByEmail.get(`${c.organisationCode}|${c.email}`);
    if (emailOwner) {
      note(c.row, {
        key: "staffImport.errors.duplicateEmail",
        values: { value: c.email, first: String(emailOwner.row) },
        column: heading("email"),
      });
      continue;
    }
    personByEmail.set(`${c.organisationCode}|${c.email}`, { key, row: c.row });
    people.set(key, [c]);
  }
  for (const assignments of people.values()) {
    if (slicer.due()) await yieldToEventLoop();
    result.rows.push(mergeAssignments(assignments, today));
  }
  result.rows.sort((a, b) => a.row - b.row);

  result.rowProblems = [...problemsByRow].map(([row, problems]) => ({ row, problems })).sort((a, b) => a.row - b.row);
  for (const row of [...result.rowProblems.map((p) => p.row), ...otherOrganisationRows]) {
    const cells = cellsByRow.get(row) ?? [];
    result.problemCells[row] = cells;
    const at = (column: Column) => (has(column) ? (cells[index[column]!] ?? "").trim() : "");
    result.problemNames[row] = oneLine([at("knownAs") || at("givenName"), at("familyName")].filter(Boolean).join(" "));
  }
  result.mentionedEmployeeNumbers = [...mentionedNumbers];
  result.mentionedEmails = [...mentionedEmails];
  return result;
}

const isCurrent = (c: Candidate, today: string) => c.endDate === null || c.endDate === undefined || c.endDate >= today;

/**
 * One person from their assignments: details from the primary assignment (or, with none flagged,
 * the one that started last); started when their earliest current assignment did; left only once
 * every assignment has ended.
 */
function mergeAssignments(assignments: Candidate[], today: string): StaffRow {
  const numbers = assignments.map((a) => a.assignmentNumber).filter(Boolean);
  if (assignments.length === 1) {
    const [only] = assignments;
    return toStaffRow(only, { assignmentNumbers: numbers });
  }
  const primary =
    assignments.find((a) => a.primary) ??
    assignments.reduce((latest, a) => (a.startDate > latest.startDate ? a : latest));
  const current = assignments.filter((a) => isCurrent(a, today));
  const startDate = (current.length ? current : assignments).reduce(
    (earliest, a) => (a.startDate < earliest ? a.startDate : earliest),
    primary.startDate,
  );
  let endDate: string | null | undefined = primary.endDate;
  if (endDate !== undefined) {
    endDate = assignments.some((a) => a.endDate === null)
      ? null
      : assignments.reduce((latest, a) => (a.endDate! > latest ? a.endDate! : latest), "");
  }
  return toStaffRow(primary, { assignmentNumbers: numbers, rows: assignments.map((a) => a.row), startDate, endDate });
}

function toStaffRow(c: Candidate, changes: Partial<StaffRow>): StaffRow {
  const { assignmentNumber: _number, primary: _primary, ...row } = c;
  return { ...row, ...changes };
}
