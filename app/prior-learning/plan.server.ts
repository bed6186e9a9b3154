import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { completions, memberships, organisations, users } from "@db/schema";
import { EmailSchema } from "~/auth/forms.server";
import { listModules } from "~/content/catalogue.server";
import { db } from "~/db.server";
import { staffFamilyName, staffGivenName } from "~/organisations/memberships.server";
import { COLUMN_SYNONYMS, findHeaderRow, headerMatcher } from "~/staff-import/columns";
import { parseDate } from "~/staff-import/parse.server";
import type { Problem } from "~/staff-import/problems";
import { readTable, type TableRow } from "~/staff-import/read-table.server";
import { courseIndex, courseNameKey } from "./course-mappings.server";

/**
 * A completion record from another system (an ESR competence report, an e-learning certificate list)
 * read, checked and planned against the records: which person and which modules each row stands for.
 * Nothing is guessed: a person is found by employee number or email among the organisation's own
 * staff, a course by the mapping a system admin keeps; anything else is reported with its row.
 */

export const COMPLETION_COLUMNS = {
  employeeNumber: COLUMN_SYNONYMS.employeeNumber,
  email: COLUMN_SYNONYMS.email,
  course: [
    "Course",
    "Course Name",
    "Course Title",
    "Competence",
    "Competence Name",
    "Competency",
    "Competency Name",
    "Learning",
    "Learning Title",
    "Activity",
    "Module",
  ],
  completed: [
    "Completion Date",
    "Completed",
    "Completed On",
    "Date Completed",
    "Achieved Date",
    "Date Achieved",
    "Achievement Date",
    "Attained Date",
    "Certificate Date",
    "Date Passed",
  ],
  expiry: ["Expiry Date", "Expiry", "Expires", "Expires On", "Date Expires", "Valid Until", "Renewal Date"],
} as const;
export type CompletionColumn = keyof typeof COMPLETION_COLUMNS;
const matcher = headerMatcher(COMPLETION_COLUMNS);
const REQUIRED: CompletionColumn[] = ["course", "completed"];
const label = (c: CompletionColumn) => COMPLETION_COLUMNS[c][0];

/** Where the import looks for people: one organisation's staff, or (a system admin's import) everyone's. */
export type ImportScope = { organisationId: number } | { allOrganisations: true };

export interface PlannedCompletion {
  row: number;
  userId: string;
  name: string;
  email: string;
  employeeNumber: string | null;
  organisationCodes: string[];
  course: string;
  courseKey: string;
  moduleSlug: string;
  moduleTitle: string;
  moduleVersion: string;
  completedOn: string;
  expiresOn: string | null;
}

export interface RowProblems {
  row: number;
  /** What the row said, to find it in the file. */
  person: string;
  course: string;
  problems: Problem[];
}

export interface CompletionPlan {
  /** New completions to record, one per person, module and course date. */
  add: PlannedCompletion[];
  /** Already recorded from an earlier import of the same record: replaying changes nothing. */
  unchanged: PlannedCompletion[];
  problems: RowProblems[];
  rowCount: number;
}

export type CheckResult = { ok: true; plan: CompletionPlan } | { ok: false; problem: Problem };

const problem = (key: string, values?: Record<string, string>, column?: string): Problem => ({
  key: `priorLearning.errors.${key}`,
  ...(values ? { values } : {}),
  ...(column ? { column } : {}),
});

/** Reads a CSV or XLSX completion record and plans it; a file that can't be read at all says why. */
export async function checkCompletionRecord(
  bytes: Uint8Array,
  scope: ImportScope,
  today: string,
  sheet?: string,
): Promise<CheckResult> {
  const table = await readTable(bytes, { sheet });
  if (!table.ok) return { ok: false, problem: table.problem };
  return planCompletionRecord(table.rows, scope, today);
}

export function planCompletionRecord(table: TableRow[], scope: ImportScope, today: string): CheckResult {
  const found = findHeaderRow(table, matcher.map, REQUIRED);
  const person = (index: Partial<Record<CompletionColumn, number>>) =>
    index.employeeNumber !== undefined || index.email !== undefined;
  if (!found.found || !person(found.index)) {
    const headers = ((found.found ? table[found.at].cells : found.best?.cells) ?? []).map((c) => c.trim());
    const index = matcher.map(headers);
    const missing = [
      ...REQUIRED.filter((c) => index[c] === undefined).map(label),
      ...(person(index) ? [] : [`${label("employeeNumber")} / ${label("email")}`]),
    ];
    return {
      ok: false,
      problem: problem("missingColumns", {
        columns: missing.join(", "),
        found: headers.filter(Boolean).slice(0, 40).join(", ") || "-",
      }),
    };
  }
  const { index } = found;
  const header = table[found.at].cells;
  const heading = (c: CompletionColumn) => (index[c] !== undefined ? header[index[c]!].trim() : label(c));
  const courses = courseIndex();
  const modules = new Map(listModules("en-GB").map((m) => [m.slug, m]));
  const directory = personDirectory(scope);
  const plan: CompletionPlan = { add: [], unchanged: [], problems: [], rowCount: 0 };
  const seen = new Map<string, number>();
  const planned: PlannedCompletion[] = [];

  for (let i = found.at + 1; i < table.length; i++) {
    const { row, cells } = table[i];
    plan.rowCount++;
    const cell = (c: CompletionColumn) => (index[c] !== undefined ? (cells[index[c]!] ?? "").trim() : "");
    const problems: Problem[] = [];
    const employeeNumber = cell("employeeNumber");
    const rawEmail = cell("email");
    const course = cell("course");
    const who = employeeNumber || rawEmail;

    let match: PersonMatch | null = null;
    if (!employeeNumber && !rawEmail) problems.push(problem("personMissing"));
    else {
      const email = rawEmail ? EmailSchema.safeParse(rawEmail) : null;
      if (email && !email.success) problems.push(problem("emailInvalid", { value: rawEmail }, heading("email")));
      const byNumber = employeeNumber ? directory.byEmployeeNumber(employeeNumber) : null;
      const byEmail = email?.success ? directory.byEmail(email.data) : null;
      if (byNumber === "ambiguous") problems.push(problem("employeeNumberAmbiguous", { value: employeeNumber }));
      else if (byNumber && byEmail && byNumber.userId !== byEmail.userId)
        problems.push(problem("personMismatch", { number: employeeNumber, email: rawEmail }));
      else match = (byNumber as PersonMatch | null) ?? byEmail;
      if (!match && problems.length === 0) problems.push(problem("personUnknown", { value: who }));
    }

    // Only modules the catalogue has: a mapping to a module since removed counts for nothing.
    const mapped = course ? courses.get(courseNameKey(course))?.filter((slug) => modules.has(slug)) : undefined;
    const slugs = mapped?.length ? mapped : undefined;
    if (!course) problems.push(problem("courseMissing", undefined, heading("course")));
    else if (!slugs) problems.push(problem("courseUnknown", { value: course }, heading("course")));

    const completedText = cell("completed");
    const completedOn = completedText ? parseDate(completedText) : null;
    if (!completedText) problems.push(problem("completedMissing", undefined, heading("completed")));
    else if (!completedOn) problems.push(problem("dateInvalid", { value: completedText }, heading("completed")));
    else if (completedOn > today)
      problems.push(problem("dateInFuture", { value: completedText }, heading("completed")));

    const expiryText = cell("expiry");
    const expiresOn = expiryText ? parseDate(expiryText) : null;
    if (expiryText && !expiresOn) problems.push(problem("dateInvalid", { value: expiryText }, heading("expiry")));
    else if (expiresOn && completedOn && expiresOn <= completedOn)
      problems.push(problem("expiryBeforeCompletion", { expiry: expiryText, completed: completedText }));

    const key = `${match?.userId}/${courseNameKey(course)}/${completedOn}`;
    if (problems.length === 0 && seen.has(key)) problems.push(problem("duplicateRow", { row: String(seen.get(key)) }));

    if (problems.length > 0 || !match || !slugs || !completedOn) {
      plan.problems.push({ row, person: who, course, problems });
      continue;
    }
    seen.set(key, row);
    for (const slug of slugs) {
      const module = modules.get(slug);
      if (!module) continue;
      planned.push({
        row,
        ...match,
        course,
        courseKey: courseNameKey(course),
        moduleSlug: slug,
        moduleTitle: module.title,
        moduleVersion: module.version,
        completedOn,
        expiresOn,
      });
    }
  }
  const recorded = recordedPriorLearning(planned.map((p) => p.userId));
  for (const p of planned) (recorded.has(priorKey(p)) ? plan.unchanged : plan.add).push(p);
  return { ok: true, plan };
}

/** What makes a recorded prior completion the same as a planned one: replaying a file adds nothing. */
export function priorKey(p: { userId: string; moduleSlug: string; courseKey: string; completedOn: string }): string {
  return `${p.userId}/${p.moduleSlug}/${p.courseKey}/${p.completedOn}`;
}

/** The moment stored for a day's completion: midday UTC is that day in the UK, summer or winter. */
export function completionInstant(isoDate: string): Date {
  return new Date(`${isoDate}T12:00:00Z`);
}

function recordedPriorLearning(userIds: string[]): Set<string> {
  const keys = new Set<string>();
  const unique = [...new Set(userIds)];
  for (let i = 0; i < unique.length; i += 500) {
    for (const c of db()
      .select({
        userId: completions.userId,
        moduleSlug: completions.moduleSlug,
        courseKey: completions.sourceCourseKey,
        completedAt: completions.completedAt,
      })
      .from(completions)
      .where(and(inArray(completions.userId, unique.slice(i, i + 500)), isNotNull(completions.sourceCourseKey)))
      .all())
      keys.add(priorKey({ ...c, courseKey: c.courseKey!, completedOn: c.completedAt.toISOString().slice(0, 10) }));
  }
  return keys;
}

interface PersonMatch {
  userId: string;
  name: string;
  email: string;
  employeeNumber: string | null;
  organisationCodes: string[];
}

/** The people an import may name: members of the organisation (or of any, for a system admin's import). */
function personDirectory(scope: ImportScope) {
  const oneOrganisation = "organisationId" in scope;
  const rows = db()
    .select({
      userId: users.id,
      // An organisation's managers see its own spelling; a system admin's import across organisations, the account's.
      givenName: oneOrganisation ? staffGivenName : users.givenName,
      familyName: oneOrganisation ? staffFamilyName : users.familyName,
      email: users.email,
      employeeNumber: memberships.employeeNumber,
      code: organisations.code,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where("organisationId" in scope ? eq(memberships.organisationId, scope.organisationId) : undefined)
    .all();
  const byUser = new Map<string, PersonMatch>();
  const byNumber = new Map<string, Set<string>>();
  const byEmail = new Map<string, string>();
  for (const r of rows) {
    const person = byUser.get(r.userId) ?? {
      userId: r.userId,
      name: `${r.givenName} ${r.familyName}`,
      email: r.email,
      employeeNumber: r.employeeNumber,
      organisationCodes: [],
    };
    person.organisationCodes.push(r.code);
    byUser.set(r.userId, person);
    byEmail.set(r.email.toLowerCase(), r.userId);
    if (r.employeeNumber) {
      const key = r.employeeNumber.trim().toUpperCase();
      byNumber.set(key, (byNumber.get(key) ?? new Set()).add(r.userId));
    }
  }
  return {
    byEmployeeNumber(number: string): PersonMatch | "ambiguous" | null {
      const ids = byNumber.get(number.trim().toUpperCase());
      if (!ids) return null;
      if (ids.size > 1) return "ambiguous";
      const person = byUser.get([...ids][0])!;
      return { ...person, employeeNumber: number.trim() };
    },
    byEmail(email: string): PersonMatch | null {
      const id = byEmail.get(email.toLowerCase());
      return id ? byUser.get(id)! : null;
    },
  };
}
