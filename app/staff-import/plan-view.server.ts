import type { ParsedStaffList } from "./parse.server";
import type { ImportCounts, ImportPlan, PersonDetails, PlannedRow } from "./plan.server";
import type { Problem } from "./problems";
import { ESR_STAFF_GROUP_NAMES } from "./staff-groups";

/** The preview's tables, in the order it lists them. */
export const PLAN_SECTIONS = ["add", "update", "leave", "leftOut", "notes"] as const;
export type PlanSection = (typeof PLAN_SECTIONS)[number];

export interface PlanSummary {
  counts: ImportCounts;
  /** How many lines each of the preview's tables has. */
  sectionSizes: Record<PlanSection, number>;
  newUnits: string[];
  digest: string;
  /** The file's header row, for the download of rows left out. */
  header: string[];
  /**
   * The organisations the file writes to, with what it does to each, when that is not just the one it
   * was uploaded for (rows name others the uploader manages); otherwise empty.
   */
  organisations: Array<{ code: string; name: string; counts: ImportCounts }>;
}

export interface PersonLine {
  row: number | null;
  /** The organisation's code, when the file writes to more than one. */
  organisation?: string;
  name: string;
  email: string;
  employeeNumber: string | null;
  assignments: number;
}

export interface AddedLine extends PersonLine {
  unit: string | null;
  staffGroup: string;
  jobRole: string;
  startDate: string;
  invite: boolean;
}

export interface ChangeOfField {
  field: keyof PersonDetails;
  from: string;
  to: string;
}

export interface ChangedLine extends PersonLine {
  changes: ChangeOfField[];
}

export interface LeaverLine extends PersonLine {
  endDate: string;
  /** Marked as a leaver because the full list leaves them out, not because of a date in the file. */
  absent: boolean;
}

export interface LeftOutLine {
  row: number;
  name: string;
  problems: Problem[];
  /** The row's cells as the file has them: the download repeats them for fixing. */
  cells: string[];
}

export interface ViewRow {
  section: PlanSection;
  position: number;
  data: Record<string, unknown>;
}

const nameOf = (p: PlannedRow) => `${p.row.givenName} ${p.row.familyName}`;
const groupName = (id: string) => ESR_STAFF_GROUP_NAMES[id as keyof typeof ESR_STAFF_GROUP_NAMES] ?? id;

function personLine(p: PlannedRow, codes: Map<number, string> | null): PersonLine {
  return {
    row: p.row.row,
    ...(codes ? { organisation: codes.get(p.organisationId) } : {}),
    name: nameOf(p),
    email: p.user?.email ?? p.row.email,
    employeeNumber: p.row.employeeNumber,
    assignments: p.row.rows.length,
  };
}

/** What changes for someone already on record, field by field, old and new. */
function changesOf(p: PlannedRow): ChangeOfField[] {
  const before = p.before!;
  const m = p.membership!;
  const after: PersonDetails = {
    givenName: m.hrGivenName,
    familyName: m.hrFamilyName,
    email: p.userChanges.email ?? before.email,
    employeeNumber: m.employeeNumber,
    unit: m.unit === null ? null : m.unit.name || before.unit,
    staffGroup: m.staffGroup,
    jobRole: m.jobRole,
    startDate: m.startDate,
    endDate: m.endDate,
  };
  const text = (field: keyof PersonDetails, value: string | null) =>
    value === null ? "" : field === "staffGroup" ? groupName(value) : value;
  return (Object.keys(after) as Array<keyof PersonDetails>)
    .filter((field) => (after[field] ?? null) !== (before[field] ?? null))
    .map((field) => ({ field, from: text(field, before[field]), to: text(field, after[field]) }));
}

/**
 * The plan as the lines of the preview's tables, to be stored and shown a page at a time; `sections`
 * leaves out the lines of any other section without making them (100,000 people to add, say).
 */
export function planViewRows(plan: ImportPlan, parsed: ParsedStaffList, sections?: PlanSection[]): ViewRow[] {
  return [...planViewLines(plan, parsed, sections)];
}

/** planViewRows one line at a time, for a caller that gives the event loop turns. */
export function* planViewLines(
  plan: ImportPlan,
  parsed: ParsedStaffList,
  sections?: PlanSection[],
): Generator<ViewRow> {
  const wanted = (section: PlanSection) => !sections || sections.includes(section);
  const positions: Record<PlanSection, number> = { add: 0, update: 0, leave: 0, leftOut: 0, notes: 0 };
  const line = (section: PlanSection, data: object): ViewRow => ({
    section,
    position: positions[section]++,
    data: data as Record<string, unknown>,
  });
  const codes = plan.namesOrganisations
    ? new Map(plan.parts.map((part) => [part.organisation.id, part.organisation.code]))
    : null;
  const leftOut = new Map<number, LeftOutLine>();
  for (const { row, problems } of plan.rowProblems) {
    leftOut.set(row, { row, name: parsed.problemNames[row] ?? "", problems, cells: parsed.problemCells[row] ?? [] });
  }
  for (const p of plan.rows) {
    if ((p.action === "add" || p.action === "update" || p.action === "leave") && !wanted(p.action)) continue;
    if (p.action === "add") {
      const m = p.membership!;
      yield line("add", {
        ...personLine(p, codes),
        unit: m.unit?.name ?? null,
        staffGroup: groupName(m.staffGroup),
        jobRole: m.jobRole,
        startDate: m.startDate,
        invite: p.invite,
      } satisfies AddedLine);
    } else if (p.action === "update")
      yield line("update", { ...personLine(p, codes), changes: changesOf(p) } satisfies ChangedLine);
    else if (p.action === "leave")
      yield line("leave", {
        ...personLine(p, codes),
        endDate: p.membership!.endDate!,
        absent: false,
      } satisfies LeaverLine);
    else if (p.action === "skip") {
      leftOut.set(p.row.row, {
        row: p.row.row,
        name: nameOf(p),
        problems: [{ key: "staffImport.errors.alreadyLeft", values: { date: p.row.endDate ?? "" } }],
        cells: [],
      });
    }
  }
  for (const a of wanted("leave") ? plan.absentLeavers : [])
    yield line("leave", {
      row: null,
      ...(codes ? { organisation: codes.get(a.organisationId) } : {}),
      name: a.name,
      email: a.email,
      employeeNumber: null,
      assignments: 0,
      endDate: a.endDate,
      absent: true,
    } satisfies LeaverLine);
  if (wanted("leftOut")) for (const l of [...leftOut.values()].sort((a, b) => a.row - b.row)) yield line("leftOut", l);
  if (!wanted("notes")) return;
  const byRow = new Map(plan.rows.map((p) => [p.row.row, p]));
  for (const { row, problems } of plan.rowNotes) {
    const p = byRow.get(row);
    yield line("notes", { row, name: p ? nameOf(p) : "", problems });
  }
}

export function planSummary(plan: ImportPlan, parsed: ParsedStaffList, digest: string): PlanSummary {
  const sectionSizes: Record<PlanSection, number> = {
    add: plan.counts.added,
    update: plan.counts.updated,
    leave: plan.counts.leavers,
    leftOut: plan.counts.invalid + plan.counts.skipped,
    notes: plan.rowNotes.length,
  };
  const organisations = (plan.namesOrganisations ? plan.parts : []).map((part) => ({
    code: part.organisation.code,
    name: part.organisation.name,
    counts: part.counts,
  }));
  return { counts: plan.counts, sectionSizes, newUnits: plan.newUnits, digest, header: parsed.header, organisations };
}
