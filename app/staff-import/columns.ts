/**
 * The columns a staff list can have, and every header name HR systems use for each. Headers are
 * compared after dropping case, spaces and punctuation, so "E-mail", "e_mail" and "EMAIL" are one.
 *
 * ESR's staff-in-post and Employee Details reports list one row per assignment: Employee Number
 * is the person, Assignment Number (the employee number with a suffix such as "-2") the post.
 * ESR's "Organisation" column is the team or ward inside the trust (its organisation hierarchy),
 * not the trust, so it is a department name here; the trust is the Organisation Code.
 */
export const COLUMN_SYNONYMS = {
  employeeNumber: [
    "Employee Number",
    "Employee No",
    "Employee No.",
    "Employee ID",
    "Emp No",
    "Staff Number",
    "Staff No",
    "Staff ID",
    "Payroll Number",
    "Person Number",
    "Payroll No",
    "Payroll ID",
    "Employee Ref",
    "Staff Ref",
  ],
  assignmentNumber: ["Assignment Number", "Assignment No", "Assignment ID"],
  primaryAssignment: ["Primary Assignment", "Primary Flag", "Primary", "Primary Assignment Flag"],
  assignmentCategory: ["Assignment Category", "Employee Category", "Contract Type"],
  assignmentStatus: ["Assignment Status", "Status"],
  title: ["Title"],
  givenName: ["First Name", "Forename", "Forenames", "Given Name", "First Names"],
  knownAs: ["Known As", "Preferred Name"],
  familyName: ["Last Name", "Surname", "Surnames", "Family Name"],
  email: [
    "Email",
    "E-mail",
    "Email Address",
    "E-mail Address",
    "Work Email",
    "Work Email Address",
    "Work E-mail",
    "NHS Email",
    "NHSmail",
    "Email (Work)",
    "Business Email",
    "Primary Email",
  ],
  organisationCode: ["Organisation Code", "Organization Code", "Org Code", "ODS Code", "Employer Code"],
  department: [
    "Department",
    "Organisation",
    "Organization",
    "Ward",
    "Cost Centre",
    "Cost Center",
    "Unit",
    "Team",
    "Service",
    "Location",
    "Ward/Department",
    "Department Name",
    "Team Name",
  ],
  staffGroup: [
    "Staff Group",
    "Staff Group Name",
    "Staff Category",
    "Occupation Group",
    "Occupational Group",
    "Professional Group",
  ],
  jobRole: ["Job Role", "Job Title", "Position Title", "Position", "Role", "Job"],
  startDate: [
    "Start Date",
    "Hire Date",
    "Date Started",
    "Assignment Start Date",
    "Date of Joining",
    "Latest Start Date",
    "Employment Start Date",
    "Contract Start Date",
    "Date Joined",
    "Commencement Date",
  ],
  endDate: [
    "End Date",
    "Termination Date",
    "Leaving Date",
    "Date Left",
    "Assignment End Date",
    "Leaver Date",
    "Employment End Date",
    "Contract End Date",
    "Date of Leaving",
    "Last Working Day",
  ],
} as const;

export type Column = keyof typeof COLUMN_SYNONYMS;

/** The columns a file must have; the others may be left out. */
export const REQUIRED_COLUMNS: Column[] = ["givenName", "familyName", "email", "staffGroup", "startDate"];

/** A column's name as messages give it: the first synonym. */
export const columnLabel = (column: Column): string => COLUMN_SYNONYMS[column][0];

/** A header with case, spaces and punctuation taken out. */
export const headerKey = (text: string): string =>
  text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "");

/**
 * A header matcher for a table of synonyms (staff lists here, completion records in app/prior-learning):
 * where each column is in a header row. The first header naming a column wins, so an export holding
 * both "Job Title" and "Position Title" uses whichever comes first.
 */
export function headerMatcher<C extends string>(synonyms: Record<C, readonly string[]>) {
  const byKey = new Map<string, C>();
  for (const [column, names] of Object.entries(synonyms) as Array<[C, readonly string[]]>) {
    for (const name of names) byKey.set(headerKey(name), column);
  }
  const columnOf = (header: string): C | null => byKey.get(headerKey(header)) ?? null;
  const map = (headers: string[]): Partial<Record<C, number>> => {
    const index: Partial<Record<C, number>> = {};
    headers.forEach((header, i) => {
      const column = columnOf(header);
      if (column && index[column] === undefined) index[column] = i;
    });
    return index;
  };
  return { columnOf, map };
}

/** How far down a report's title lines the header row may be. */
const HEADER_SEARCH_ROWS = 30;

/** The header row: the first of a report's top lines that names every required column. */
export type HeaderSearch<C extends string> =
  | { found: true; at: number; index: Partial<Record<C, number>> }
  | { found: false; best: { cells: string[] } | undefined };

export function findHeaderRow<C extends string>(
  rows: { cells: string[] }[],
  map: (headers: string[]) => Partial<Record<C, number>>,
  required: readonly C[],
): HeaderSearch<C> {
  let best: { cells: string[] } | undefined;
  let bestScore = 0;
  for (let i = 0; i < Math.min(rows.length, HEADER_SEARCH_ROWS); i++) {
    const index = map(rows[i].cells);
    if (required.every((c) => index[c] !== undefined)) return { found: true, at: i, index };
    const score = Object.keys(index).length;
    if (score > bestScore) [best, bestScore] = [rows[i], score];
  }
  return { found: false, best: best ?? rows[0] };
}

const staffHeaders = headerMatcher(COLUMN_SYNONYMS);

/** The column a header names, or null for a column the import does not use. */
export const columnOfHeader: (header: string) => Column | null = staffHeaders.columnOf;

/** Where each staff-list column is in a header row. */
export const mapHeaders: (headers: string[]) => Partial<Record<Column, number>> = staffHeaders.map;
