import { createHash } from "node:crypto";
import { and, eq, inArray, ne, sql } from "drizzle-orm";
import {
  joinRequests,
  memberships,
  units,
  users,
  type MembershipRole,
  type Organisation,
  type StaffGroup,
} from "@db/schema";
import type { db } from "~/db.server";
import { signedInBefore } from "~/organisations/join-requests.server";
import { addDays } from "~/utils/dates";
import { columnLabel } from "./columns";
import { oneLine, type ParsedStaffList, type Problem, type RowProblem, type StaffRow } from "./parse.server";
import { createSlicer, yieldToEventLoop } from "./read-table.server";

type Db = ReturnType<typeof db>;
export type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

interface KnownUser {
  id: string;
  email: string;
  givenName: string;
  familyName: string;
  hasPassword: boolean;
  /** A password or a platform role: the account is someone's own (see also signedInBefore). */
  claimed: boolean;
}

interface OrgMember {
  membershipId: number;
  userId: string;
  employeeNumber: string | null;
  unitId: number | null;
  staffGroup: StaffGroup;
  jobRole: string;
  role: MembershipRole;
  startDate: string;
  endDate: string | null;
  /** The name as this organisation's HR gave it; null: none given, the account's name is shown. */
  hrGivenName: string | null;
  hrFamilyName: string | null;
  user: KnownUser;
}

/** A department: one the organisation has, or one the import will create. */
export type PlannedUnit = { id: number; name: string } | { id: null; name: string } | null;

export interface PlannedMembership {
  /** The name as the file spells it: the organisation's record of it, never the account's name. */
  hrGivenName: string;
  hrFamilyName: string;
  unit: PlannedUnit;
  staffGroup: StaffGroup;
  jobRole: string;
  employeeNumber: string | null;
  startDate: string;
  endDate: string | null;
}

export type RowAction = "add" | "update" | "leave" | "unchanged" | "skip";

export interface PlannedRow {
  row: StaffRow;
  /** The organisation the row is imported into (its Organisation Code, or the uploader's own). */
  organisationId: number;
  action: RowAction;
  /** The account the row is about; null when the import creates it. */
  user: KnownUser | null;
  membershipId: number | null;
  /** What the membership will hold; null for a skipped row. */
  membership: PlannedMembership | null;
  /** Only ever the email of an account nobody has set up that only this organisation holds (see planSteps). */
  userChanges: Partial<Pick<KnownUser, "email">>;
  invite: boolean;
  /** The change can move the compliance figures (unit, staff group, start or end date, a new membership). */
  affectsCompliance: boolean;
  /** What the organisation's records held before, for a row about a current member. */
  before: PersonDetails | null;
}

/** A person's details as the preview shows them. */
export interface PersonDetails {
  givenName: string;
  familyName: string;
  email: string;
  employeeNumber: string | null;
  unit: string | null;
  staffGroup: StaffGroup;
  jobRole: string;
  startDate: string;
  endDate: string | null;
}

export interface AbsentLeaver {
  organisationId: number;
  membershipId: number;
  userId: string;
  name: string;
  email: string;
  endDate: string;
}

export interface ImportCounts {
  rows: number;
  added: number;
  updated: number;
  leavers: number;
  unchanged: number;
  skipped: number;
  invalid: number;
  invitations: number;
}

/** An organisation a staff list may be imported into. */
export type ImportTarget = Pick<Organisation, "id" | "code" | "name">;

/** What the import does to one of the organisations it writes to. */
export interface PlanPart {
  organisation: ImportTarget;
  /** Departments to create in this organisation. */
  newUnits: string[];
  counts: ImportCounts;
}

export interface ImportPlan {
  rows: PlannedRow[];
  absentLeavers: AbsentLeaver[];
  /** Rows that cannot be imported, with every reason. */
  rowProblems: RowProblem[];
  /** Rows imported with something left as it was, and why. */
  rowNotes: RowProblem[];
  /** Departments to create, as the preview names them (with the organisation's code when the file covers more than one). */
  newUnits: string[];
  /** Each organisation the file writes to: the uploader's own first, then any other it manages that rows name. */
  parts: PlanPart[];
  /** The file writes to more than one organisation, or to one other than its own: the preview names each line's. */
  namesOrganisations: boolean;
  counts: ImportCounts;
}

export interface PlanOptions {
  fullList: boolean;
  sendInvitations: boolean;
  today: string;
}

const CHUNK = 900;

function chunked<T>(items: T[], size = CHUNK): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

const CLAIMED = sql<number>`(${users.passwordHash} IS NOT NULL OR ${users.platformRole} != 'none')`;

function loadOrgMembers(tx: Tx, organisationId: number): OrgMember[] {
  return tx
    .select({
      membershipId: memberships.id,
      userId: memberships.userId,
      employeeNumber: memberships.employeeNumber,
      unitId: memberships.unitId,
      staffGroup: memberships.staffGroup,
      jobRole: memberships.jobRole,
      role: memberships.role,
      startDate: memberships.startDate,
      endDate: memberships.endDate,
      hrGivenName: memberships.hrGivenName,
      hrFamilyName: memberships.hrFamilyName,
      email: users.email,
      givenName: users.givenName,
      familyName: users.familyName,
      hasPassword: sql<number>`${users.passwordHash} IS NOT NULL`,
      claimed: CLAIMED,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(eq(memberships.organisationId, organisationId))
    .all()
    .map(({ email, givenName, familyName, hasPassword, claimed, ...m }) => ({
      ...m,
      user: {
        id: m.userId,
        email,
        givenName,
        familyName,
        hasPassword: Boolean(hasPassword),
        claimed: Boolean(claimed),
      },
    }));
}

function loadUsersByEmail(tx: Tx, emails: string[]): Map<string, KnownUser> {
  const found = new Map<string, KnownUser>();
  for (const part of chunked(emails)) {
    const rows = tx
      .select({
        id: users.id,
        email: users.email,
        givenName: users.givenName,
        familyName: users.familyName,
        hasPassword: sql<number>`${users.passwordHash} IS NOT NULL`,
        claimed: CLAIMED,
      })
      .from(users)
      .where(inArray(users.email, part))
      .all();
    for (const u of rows)
      found.set(u.email, { ...u, hasPassword: Boolean(u.hasPassword), claimed: Boolean(u.claimed) });
  }
  return found;
}

/** People who also belong to another organisation: their names and email are not this organisation's to change. */
function loadSharedUsers(tx: Tx, organisationId: number, userIds: string[]): Set<string> {
  const shared = new Set<string>();
  for (const part of chunked(userIds)) {
    const rows = tx
      .selectDistinct({ userId: memberships.userId })
      .from(memberships)
      .where(and(inArray(memberships.userId, part), ne(memberships.organisationId, organisationId)))
      .all();
    for (const r of rows) shared.add(r.userId);
  }
  return shared;
}

/** Departments match whatever their case and spacing: "Ward  7" in the records is the file's "ward 7". */
const unitKey = (name: string) => oneLine(name).trim().toLowerCase();

const isActiveOrFuture = (endDate: string | null, today: string) => endDate === null || endDate >= today;

/**
 * Works out what applying a checked staff list would do, reading the database through `tx` (call it
 * inside a transaction for a consistent view). Writes nothing. `targets` are the organisations the
 * uploader may import into, the one the file was uploaded for first (see planSteps).
 *
 * A row is matched to a member by employee number first, then by email. Someone with an account
 * from another organisation gains a membership, not a second account. A row whose end date has
 * passed marks a leaver; with `fullList`, so does every current member the file does not mention
 * (except managers, so an import cannot lock the organisation's managers out).
 */
export function planImport(tx: Tx, targets: ImportTarget[], parsed: ParsedStaffList, options: PlanOptions): ImportPlan {
  const steps = planSteps(tx, targets, parsed, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** planImport in slices, giving the event loop a turn between them; reads outside a transaction, so only for a preview. */
export async function planImportInSlices(
  reader: Db,
  targets: ImportTarget[],
  parsed: ParsedStaffList,
  options: PlanOptions,
): Promise<ImportPlan> {
  const steps = planSteps(reader as unknown as Tx, targets, parsed, options);
  const slicer = createSlicer();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (slicer.due()) await yieldToEventLoop();
  }
}

const SLICE_ROWS = 200;

/**
 * Each row goes to the organisation its Organisation Code names, if the uploader manages it (one of
 * `targets`, the first being the organisation the file was uploaded for, which rows without a code
 * go to); a row for any other code is reported. Each organisation is planned on its own, with only
 * its own rows; one with no rows in the file is left alone (even with `fullList`), except the first.
 */
function* planSteps(
  tx: Tx,
  targets: ImportTarget[],
  parsed: ParsedStaffList,
  options: PlanOptions,
): Generator<void, ImportPlan> {
  const byCode = new Map(targets.map((t) => [t.code.toUpperCase(), t]));
  const rowsOf = new Map<number, StaffRow[]>();
  const unmanaged: RowProblem[] = [];
  const managed = targets.map((t) => t.code).join(", ");
  for (const row of parsed.rows) {
    const target = byCode.get(row.organisationCode.toUpperCase());
    if (!target) {
      unmanaged.push({
        row: row.row,
        problems: [
          {
            key: "staffImport.errors.otherOrganisation",
            values: { code: row.organisationCode, own: managed },
            column: parsed.organisationCodeColumn ?? columnLabel("organisationCode"),
          },
        ],
      });
      continue;
    }
    const list = rowsOf.get(target.id);
    if (list) list.push(row);
    else rowsOf.set(target.id, [row]);
  }
  // The organisation it was uploaded for is planned even with no rows (a full list of no one is still its
  // own), unless every row is another's: then it is left alone, so a list for one organisation uploaded
  // from another's page cannot mark the page's staff as leavers.
  if (rowsOf.size === 0) rowsOf.set(targets[0].id, []);
  const organisations = targets.filter((t) => rowsOf.has(t.id));
  const several = organisations.length > 1 || organisations[0].id !== targets[0].id;
  const rows: PlannedRow[] = [];
  const absentLeavers: AbsentLeaver[] = [];
  const problems: RowProblem[] = [...parsed.rowProblems, ...unmanaged];
  const notes: RowProblem[] = [];
  const newUnits: string[] = [];
  const planned: Array<{
    organisation: ImportTarget;
    part: Omit<ImportPlan, "parts" | "counts" | "namesOrganisations">;
    rowCount: number;
  }> = [];
  for (const organisation of organisations) {
    const own = rowsOf.get(organisation.id)!;
    const part = yield* organisationSteps(tx, organisation, own, parsed, options);
    planned.push({ organisation, part, rowCount: own.reduce((n, r) => n + r.rows.length, 0) });
    rows.push(...part.rows);
    absentLeavers.push(...part.absentLeavers);
    problems.push(...part.rowProblems);
    notes.push(...part.rowNotes);
    newUnits.push(...part.newUnits.map((name) => (several ? `${name} (${organisation.code})` : name)));
  }
  rows.sort((a, b) => a.row.row - b.row.row);
  // Someone new to Cyber Basics on two organisations' lists gets one account and one invitation (the first row's).
  const invited = new Set<string>();
  for (const p of rows) {
    if (!p.invite || p.user) continue;
    if (invited.has(p.row.email)) p.invite = false;
    else invited.add(p.row.email);
  }
  const parts: PlanPart[] = planned.map(({ organisation, part, rowCount }) => ({
    organisation,
    newUnits: part.newUnits,
    counts: countsOf(part.rows, part.absentLeavers, part.rowProblems.length, rowCount),
  }));
  problems.sort((a, b) => a.row - b.row);
  notes.sort((a, b) => a.row - b.row);
  return {
    rows,
    absentLeavers,
    rowProblems: problems,
    rowNotes: notes,
    newUnits,
    parts,
    namesOrganisations: several,
    counts: countsOf(rows, absentLeavers, problems.length, parsed.rowCount),
  };
}

function countsOf(rows: PlannedRow[], absentLeavers: AbsentLeaver[], invalid: number, rowCount: number): ImportCounts {
  const countOf = (action: RowAction) => rows.filter((p) => p.action === action).length;
  return {
    rows: rowCount,
    added: countOf("add"),
    updated: countOf("update"),
    leavers: countOf("leave") + absentLeavers.length,
    unchanged: countOf("unchanged"),
    skipped: countOf("skip"),
    invalid,
    invitations: rows.filter((p) => p.invite).length,
  };
}

/** One organisation's part of the plan, from the rows for it. */
function* organisationSteps(
  tx: Tx,
  organisation: ImportTarget,
  staffRows: StaffRow[],
  parsed: ParsedStaffList,
  options: PlanOptions,
): Generator<void, Omit<ImportPlan, "parts" | "counts" | "namesOrganisations">> {
  const { today } = options;
  const members = loadOrgMembers(tx, organisation.id);
  const byEmployeeNumber = new Map<string, OrgMember>();
  const byUserId = new Map<string, OrgMember>();
  for (const m of members) {
    if (m.employeeNumber) byEmployeeNumber.set(m.employeeNumber, m);
    byUserId.set(m.userId, m);
  }
  const usersByEmail = new Map<string, KnownUser>();
  const emails = staffRows.map((r) => r.email);
  for (let start = 0; start < emails.length; start += CHUNK) {
    for (const [email, user] of loadUsersByEmail(tx, emails.slice(start, start + CHUNK))) usersByEmail.set(email, user);
    yield;
  }
  yield;
  const unitsByName = new Map<string, { id: number; name: string }>();
  const unitNames = new Map<number, string>();
  for (const u of tx
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(eq(units.organisationId, organisation.id))
    .all()) {
    unitsByName.set(unitKey(u.name), u);
    unitNames.set(u.id, u.name);
  }
  const newUnits = new Map<string, string>();
  // People already asked to join, who have not answered yet: asking again changes nothing.
  const asked = new Set(
    tx
      .select({ userId: joinRequests.userId })
      .from(joinRequests)
      .where(eq(joinRequests.organisationId, organisation.id))
      .all()
      .map((r) => r.userId),
  );

  const problems = new Map<number, Problem[]>();
  const notes = new Map<number, Problem[]>();
  const add = (map: Map<number, Problem[]>, row: number, problem: Problem) =>
    map.set(row, [...(map.get(row) ?? []), problem]);

  // First, who each row is about.
  const matched: Array<{ row: StaffRow; member: OrgMember | null; user: KnownUser | null }> = [];
  const firstRowOfUser = new Map<string, number>();
  for (const [i, row] of staffRows.entries()) {
    if (i % SLICE_ROWS === 0) yield;
    const byNumber = row.employeeNumber ? byEmployeeNumber.get(row.employeeNumber) : undefined;
    const emailOwner = usersByEmail.get(row.email) ?? null;
    if (byNumber && emailOwner && emailOwner.id !== byNumber.userId) {
      add(problems, row.row, {
        key: "staffImport.errors.emailBelongsToAnother",
        values: { value: row.email, employeeNumber: row.employeeNumber! },
      });
      continue;
    }
    const user = byNumber?.user ?? emailOwner;
    const member = byNumber ?? (user ? byUserId.get(user.id) : undefined) ?? null;
    // Two rows that turn out to be one person (one by employee number, one by email): the first is used.
    const first = user ? firstRowOfUser.get(user.id) : undefined;
    if (first !== undefined) {
      add(problems, row.row, { key: "staffImport.errors.samePerson", values: { first: String(first) } });
      continue;
    }
    if (user) firstRowOfUser.set(user.id, row.row);
    matched.push({ row, member, user });
  }

  const shared = loadSharedUsers(
    tx,
    organisation.id,
    matched.filter((m) => m.member && !problems.has(m.row.row)).map((m) => m.member!.userId),
  );
  // Accounts whose email the file would change and that hold nothing of anyone else's: whether their
  // person has signed in (then the email is theirs) is asked only about these, usually a handful.
  const signedIn = signedInBefore(
    tx,
    matched
      .filter((m) => m.member && !m.member.user.claimed && m.row.email !== m.member.user.email)
      .map((m) => m.member!.userId),
  );

  const resolveUnit = (name: string | null): PlannedUnit => {
    if (name === null) return null;
    const key = unitKey(name);
    const existing = unitsByName.get(key);
    if (existing) return existing;
    if (!newUnits.has(key)) newUnits.set(key, name);
    return { id: null, name: newUnits.get(key)! };
  };

  const planned: PlannedRow[] = [];
  for (const [i, { row, member, user }] of matched.entries()) {
    if (i % SLICE_ROWS === 0) yield;
    if (problems.has(row.row)) continue;
    const isLeaverRow = Boolean(row.endDate && row.endDate < today);
    if (!member) {
      if (isLeaverRow || (user && asked.has(user.id))) {
        planned.push({
          row,
          organisationId: organisation.id,
          action: isLeaverRow ? "skip" : "unchanged",
          user,
          membershipId: null,
          membership: null,
          userChanges: {},
          invite: false,
          affectsCompliance: false,
          before: null,
        });
        continue;
      }
      planned.push({
        row,
        organisationId: organisation.id,
        action: "add",
        user,
        membershipId: null,
        membership: {
          hrGivenName: row.givenName,
          hrFamilyName: row.familyName,
          unit: row.department ? resolveUnit(row.department) : null,
          staffGroup: row.staffGroup,
          jobRole: row.jobRole ?? "",
          employeeNumber: row.employeeNumber,
          startDate: row.startDate,
          endDate: row.endDate ?? null,
        },
        userChanges: {},
        invite: options.sendInvitations && !user?.hasPassword,
        affectsCompliance: true,
        before: null,
      });
      continue;
    }

    const unit: PlannedUnit =
      row.department === undefined
        ? member.unitId === null
          ? null
          : { id: member.unitId, name: "" }
        : resolveUnit(row.department);
    const membership: PlannedMembership = {
      hrGivenName: row.givenName,
      hrFamilyName: row.familyName,
      unit,
      staffGroup: row.staffGroup,
      jobRole: row.jobRole ?? member.jobRole,
      employeeNumber: row.employeeNumber ?? member.employeeNumber,
      startDate: row.startDate,
      endDate: row.endDate === undefined ? member.endDate : row.endDate,
    };
    const userChanges: PlannedRow["userChanges"] = {};
    const u = member.user;
    const shownGivenName = member.hrGivenName ?? u.givenName;
    const shownFamilyName = member.hrFamilyName ?? u.familyName;
    // The name as HR spells it is the organisation's own record; the account's name is the person's and
    // never changes here. The email is the account's: the organisation may correct it only while nobody
    // has used the account (no password, no platform role, never signed in) and no other organisation
    // holds it, so that the invitation reaches the right person.
    if (row.email !== u.email) {
      if (shared.has(u.id)) add(notes, row.row, { key: "staffImport.notes.sharedAccount", values: { email: u.email } });
      else if (u.claimed || signedIn.has(u.id))
        add(notes, row.row, { key: "staffImport.notes.ownAccount", values: { email: u.email } });
      else userChanges.email = row.email;
    }
    const affectsCompliance =
      (unit?.id ?? null) !== member.unitId ||
      unit?.id === null ||
      membership.staffGroup !== member.staffGroup ||
      membership.startDate !== member.startDate ||
      membership.endDate !== member.endDate;
    const changed =
      affectsCompliance ||
      Object.keys(userChanges).length > 0 ||
      membership.hrGivenName !== shownGivenName ||
      membership.hrFamilyName !== shownFamilyName ||
      membership.jobRole !== member.jobRole ||
      membership.employeeNumber !== member.employeeNumber;
    const action: RowAction =
      isLeaverRow && isActiveOrFuture(member.endDate, today) ? "leave" : changed ? "update" : "unchanged";
    const before: PersonDetails = {
      givenName: shownGivenName,
      familyName: shownFamilyName,
      email: u.email,
      employeeNumber: member.employeeNumber,
      unit: member.unitId === null ? null : (unitNames.get(member.unitId) ?? null),
      staffGroup: member.staffGroup,
      jobRole: member.jobRole,
      startDate: member.startDate,
      endDate: member.endDate,
    };
    planned.push({
      row,
      organisationId: organisation.id,
      action,
      user: u,
      membershipId: member.membershipId,
      membership,
      userChanges,
      invite: false,
      affectsCompliance,
      before,
    });
  }

  const absentLeavers: AbsentLeaver[] = [];
  if (options.fullList) {
    const mentionedNumbers = new Set(parsed.mentionedEmployeeNumbers);
    const mentionedEmails = new Set(parsed.mentionedEmails);
    const yesterday = addDays(today, -1);
    for (const m of members) {
      if (m.role !== "learner" || !isActiveOrFuture(m.endDate, today)) continue;
      if ((m.employeeNumber && mentionedNumbers.has(m.employeeNumber)) || mentionedEmails.has(m.user.email)) continue;
      absentLeavers.push({
        organisationId: organisation.id,
        membershipId: m.membershipId,
        userId: m.userId,
        name: `${m.hrGivenName ?? m.user.givenName} ${m.hrFamilyName ?? m.user.familyName}`,
        email: m.user.email,
        endDate: yesterday,
      });
    }
  }

  const rowProblems = [...problems].map(([row, list]) => ({ row, problems: list })).sort((a, b) => a.row - b.row);
  const rowNotes = [...notes].map(([row, list]) => ({ row, problems: list })).sort((a, b) => a.row - b.row);
  return {
    rows: planned,
    absentLeavers,
    rowProblems,
    rowNotes,
    newUnits: [...newUnits.values()].sort((a, b) => a.localeCompare(b)),
  };
}

/** A short fingerprint of what a plan would do: the confirm button carries the one the manager saw. */
export function planDigest(plan: ImportPlan): string {
  const steps = digestSteps(plan);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** planDigest with turns for the event loop. */
export async function planDigestInSlices(plan: ImportPlan): Promise<string> {
  const steps = digestSteps(plan);
  const slicer = createSlicer();
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (slicer.due()) await yieldToEventLoop();
  }
}

function* digestSteps(plan: ImportPlan): Generator<void, string> {
  const hash = createHash("sha256").update(
    JSON.stringify({
      counts: plan.counts,
      newUnits: plan.newUnits,
      organisations: plan.parts.map((p) => p.organisation.id),
    }),
  );
  for (const [i, p] of plan.rows.entries()) {
    if (p.action !== "unchanged") hash.update(`|${p.row.row}:${p.action}`);
    if (i % SLICE_ROWS === 0) yield;
  }
  hash.update(`|absent:${plan.absentLeavers.map((a) => a.membershipId).join(",")}`);
  return hash.digest("base64url").slice(0, 22);
}
