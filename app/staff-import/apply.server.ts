import crypto from "node:crypto";
import { and, eq, ne, sql } from "drizzle-orm";
import {
  memberships,
  staffImportPlanRows,
  staffImportUploads,
  units,
  users,
  type Language,
  type Organisation,
} from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { sendInvitationEmail } from "~/auth/password-links.server";
import { refreshPeopleCompliance } from "~/compliance/store.server";
import { clientOf, db } from "~/db.server";
import { addOrRequestMembership } from "~/organisations/join-requests.server";
import { withQueuedDelivery } from "~/email/mailer.server";
import { todayIso } from "~/utils/dates";
import { parseStaffList, type ParsedStaffList, type Problem } from "./parse.server";
import {
  planDigest,
  planImport,
  planImportInSlices,
  type ImportPlan,
  type ImportTarget,
  type PlannedUnit,
  type Tx,
} from "./plan.server";
import { readTable } from "./read-table.server";

export interface StaffListInput {
  /** The organisation the file was uploaded for: rows without an organisation code are its. */
  organisation: Organisation;
  /** Other organisations the uploader manages: rows with their code are imported into them too. */
  alsoInto?: Organisation[];
  /** The file's rows, checked (see checkStaffList). */
  parsed: ParsedStaffList;
  fileName: string;
  fullList: boolean;
  sendInvitations: boolean;
  today?: string;
}

export interface CheckInput {
  organisation: Organisation;
  /** As in StaffListInput. */
  alsoInto?: Organisation[];
  bytes: Uint8Array;
  fullList: boolean;
  sendInvitations: boolean;
  sheet?: string;
  today?: string;
}

export type CheckResult = { ok: true; parsed: ParsedStaffList; plan: ImportPlan } | { ok: false; problem: Problem };

/**
 * Reads and checks a staff list file and works out what applying it would do. Writes nothing. Done
 * in slices with turns for the event loop between them, so the server answers everyone meanwhile.
 */
export async function checkStaffList(input: CheckInput): Promise<CheckResult> {
  const today = input.today ?? todayIso();
  const read = await readStaffList(input);
  if (!read.ok) return read;
  const { parsed } = read;
  const plan = await planImportInSlices(db(), targetsOf(input), parsed, {
    fullList: input.fullList,
    sendInvitations: input.sendInvitations,
    today,
  });
  return { ok: true, parsed, plan };
}

/**
 * Reads a staff list file and checks each row by itself, without planning: for a caller that
 * applies at once (applyStaffImport plans against the records inside its transaction).
 */
export async function readStaffList(
  input: Pick<CheckInput, "organisation" | "bytes" | "sheet" | "today">,
): Promise<{ ok: true; parsed: ParsedStaffList } | { ok: false; problem: Problem }> {
  const table = await readTable(input.bytes, { sheet: input.sheet });
  if (!table.ok) return table;
  const parsed = await parseStaffList(table.rows, input.organisation.code, input.today ?? todayIso());
  if (parsed.fileProblem) return { ok: false, problem: parsed.fileProblem };
  return { ok: true, parsed };
}

export interface Invitee {
  id: string;
  email: string;
  givenName: string;
  language: Language;
  /** The organisation that invites them. */
  organisationName: string;
}

const targetsOf = (input: { organisation: Organisation; alsoInto?: Organisation[] }): Organisation[] => [
  input.organisation,
  ...(input.alsoInto ?? []).filter((o) => o.id !== input.organisation.id),
];

export type ApplyResult = { ok: true; plan: ImportPlan; invitees: Invitee[] } | { ok: false; problem: Problem };

export interface ApplyOptions {
  actorUserId: string | null;
  /** The stored upload this applies; it is deleted in the same transaction, so it cannot be applied twice. */
  uploadId?: string;
  /** The planDigest of the preview the manager confirmed: if the plan now differs, nothing is applied. */
  expectedDigest?: string;
  /** Called now and then while rows are written. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Checks the file again against the database as it is now, and applies it in one transaction:
 * everything or, if anything fails, nothing. Invitation emails are the caller's to send afterwards
 * (see inviteImportedStaff), once the people they invite exist.
 */
export function applyStaffImport(input: StaffListInput, options: ApplyOptions): ApplyResult {
  const { parsed } = input;
  const planOptions = {
    fullList: input.fullList,
    sendInvitations: input.sendInvitations,
    today: input.today ?? todayIso(),
  };
  return withRoomForLargeTransaction(() =>
    db().transaction(
      (tx) => {
        const targets = targetsOf(input);
        const plan = planImport(tx, targets, parsed, planOptions);
        if (options.expectedDigest !== undefined && planDigest(plan) !== options.expectedDigest) {
          return { ok: false as const, problem: { key: "staffImport.errors.changedSincePreview" } };
        }
        const invitees = writePlan(tx, targets, plan, options.actorUserId, options.onProgress);
        for (const part of plan.parts) {
          recordAudit(
            {
              action: "staff-imported",
              actorUserId: options.actorUserId,
              organisationId: part.organisation.id,
              details: {
                fileName: input.fileName,
                fullList: input.fullList,
                ...part.counts,
                newUnits: part.newUnits.length,
                ...(plan.parts.length > 1 ? { organisations: plan.parts.map((p) => p.organisation.code) } : {}),
              },
            },
            tx,
          );
        }
        if (options.uploadId) markApplied(tx, options.uploadId);
        return { ok: true as const, plan, invitees };
      },
      { behavior: "immediate" },
    ),
  );
}

/** An applied upload cannot be applied again; only its rows left out stay, for their download. */
function markApplied(tx: Tx, uploadId: string) {
  tx.update(staffImportUploads)
    .set({ appliedAt: new Date(), parsed: Buffer.alloc(0) })
    .where(eq(staffImportUploads.id, uploadId))
    .run();
  tx.delete(staffImportPlanRows)
    .where(and(eq(staffImportPlanRows.uploadId, uploadId), ne(staffImportPlanRows.section, "leftOut")))
    .run();
}

/**
 * Room for a transaction that writes a whole staff list. Each membership insert fires a trigger and
 * checks constraints, so SQLite journals the pages it changes in case that one statement fails. Once
 * any statement's journal outgrows a small limit, the journal is a temporary file for the rest of the
 * transaction, and 100,000 new people then make some 1.6 million small writes to it (a second of
 * system time): with temporary storage in memory it stays in memory. And the default page cache
 * (2 MB) is smaller than the index pages a large import keeps coming back to, so changed pages are
 * written out and read back mid-transaction: 64 MB for the transaction took a 100,000-person import
 * from 8.3–8.8 s to 5.9–6.0 s and its system time from 3 s to under 1 s (bench:import). The cache
 * goes back to its size afterwards, and SQLite frees the pages above it.
 */
function withRoomForLargeTransaction<T>(work: () => T): T {
  const client = db().$client;
  // temp_store cannot change inside a transaction: a caller's transaction keeps the settings it has.
  if (client.inTransaction) return work();
  const previous = {
    temp_store: client.pragma("temp_store", { simple: true }),
    cache_size: client.pragma("cache_size", { simple: true }),
  };
  client.pragma("temp_store = MEMORY");
  client.pragma(`cache_size = ${LARGE_TRANSACTION_CACHE_KIB}`);
  try {
    return work();
  } finally {
    client.pragma(`temp_store = ${previous.temp_store}`);
    client.pragma(`cache_size = ${previous.cache_size}`);
  }
}

/** Negative: KiB, as SQLite's cache_size takes them. */
const LARGE_TRANSACTION_CACHE_KIB = -65_536;

type MembershipValues = [
  hrGivenName: string | null,
  hrFamilyName: string | null,
  unitId: number | null,
  staffGroup: string,
  jobRole: string,
  employeeNumber: string | null,
  startDate: string,
  endDate: string | null,
];

function writePlan(
  tx: Tx,
  targets: ImportTarget[],
  plan: ImportPlan,
  actorUserId: string | null,
  onProgress?: (done: number, total: number) => void,
): Invitee[] {
  const organisations = new Map(targets.map((t) => [t.id, t]));
  const unitKey = (organisationId: number, name: string) => `${organisationId}:${name.toLowerCase()}`;
  const unitIds = new Map<string, number>();
  for (const { organisation, newUnits } of plan.parts) {
    for (const name of newUnits) {
      unitIds.set(
        unitKey(organisation.id, name),
        tx.insert(units).values({ organisationId: organisation.id, name }).returning({ id: units.id }).get().id,
      );
    }
  }
  const unitIdOf = (organisationId: number, unit: PlannedUnit) =>
    unit === null ? null : (unit.id ?? unitIds.get(unitKey(organisationId, unit.name))!);

  // Prepared once: a 100,000-row file runs each of these up to 100,000 times. The two inserts are
  // plain SQL, as drizzle's placeholder filling was a fifth of their time.
  const client = clientOf(tx);
  const insertUser = client.prepare<[id: string, email: string, givenName: string, familyName: string]>(
    "INSERT INTO users (id, email, given_name, family_name) VALUES (?, ?, ?, ?)",
  );
  const insertMembership = client.prepare<[userId: string, organisationId: number, ...MembershipValues]>(
    `INSERT INTO memberships (user_id, organisation_id, hr_given_name, hr_family_name, unit_id, staff_group, job_role, employee_number, start_date, end_date)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // drizzle types placeholders for insert values but not for update sets: wrap them in sql``.
  const param = (name: string) => sql`${sql.placeholder(name)}`;
  const updateMembership = tx
    .update(memberships)
    .set({
      hrGivenName: param("hrGivenName"),
      hrFamilyName: param("hrFamilyName"),
      unitId: param("unitId"),
      staffGroup: param("staffGroup"),
      jobRole: param("jobRole"),
      employeeNumber: param("employeeNumber"),
      startDate: param("startDate"),
      endDate: param("endDate"),
    })
    .where(eq(memberships.id, sql.placeholder("id")))
    .prepare();
  const endMembership = tx
    .update(memberships)
    .set({ endDate: param("endDate") })
    .where(eq(memberships.id, sql.placeholder("id")))
    .prepare();

  const invitees: Invitee[] = [];
  const changedUsers: string[] = [];
  // Accounts this import creates, by email: a person new to Cyber Basics on two of the uploader's
  // organisations' lists gets one account, in both, and one invitation.
  const created = new Map<string, string>();
  const newUserId = newUserIds(plan.rows.filter((p) => p.action === "add" && !p.user).length);
  const total = plan.rows.length + plan.absentLeavers.length;
  let done = 0;
  const tick = () => {
    done++;
    if (onProgress && (done % 1000 === 0 || done === total)) onProgress(done, total);
  };

  for (const p of plan.rows) {
    tick();
    if (p.action === "unchanged" || p.action === "skip" || !p.membership) continue;
    const m = p.membership;
    const organisation = organisations.get(p.organisationId)!;
    const values = {
      hrGivenName: m.hrGivenName,
      hrFamilyName: m.hrFamilyName,
      unitId: unitIdOf(organisation.id, m.unit),
      staffGroup: m.staffGroup,
      jobRole: m.jobRole,
      employeeNumber: m.employeeNumber,
      startDate: m.startDate,
      endDate: m.endDate,
    };
    if (p.action === "add" && p.user) {
      // An existing account: the same consent rule as Invite (a request to join unless it is this organisation's to add).
      const person = { email: p.row.email, givenName: p.row.givenName, familyName: p.row.familyName };
      const outcome = addOrRequestMembership(tx, organisation, person, { ...values, role: "learner" }, actorUserId);
      if (outcome.kind !== "added") continue;
      changedUsers.push(p.user.id);
      if (p.invite)
        invitees.push({
          id: p.user.id,
          email: p.user.email,
          givenName: p.user.givenName,
          language: "en-GB",
          organisationName: organisation.name,
        });
      continue;
    }
    if (p.action === "add") {
      let userId = p.user?.id ?? created.get(p.row.email);
      const invite = p.invite && !created.has(p.row.email);
      if (!userId) {
        userId = newUserId();
        insertUser.run(userId, p.row.email, p.row.givenName, p.row.familyName);
        created.set(p.row.email, userId);
      }
      insertMembership.run(
        userId,
        organisation.id,
        values.hrGivenName,
        values.hrFamilyName,
        values.unitId,
        values.staffGroup,
        values.jobRole,
        values.employeeNumber,
        values.startDate,
        values.endDate,
      );
      changedUsers.push(userId);
      if (invite)
        invitees.push({
          id: userId,
          email: p.user?.email ?? p.row.email,
          givenName: p.user?.givenName ?? p.row.givenName,
          language: "en-GB",
          organisationName: organisation.name,
        });
      continue;
    }
    updateMembership.run({ ...values, id: p.membershipId });
    if (p.affectsCompliance) changedUsers.push(p.user!.id);
    if (Object.keys(p.userChanges).length) tx.update(users).set(p.userChanges).where(eq(users.id, p.user!.id)).run();
  }
  for (const leaver of plan.absentLeavers) {
    tick();
    endMembership.run({ id: leaver.membershipId, endDate: leaver.endDate });
    changedUsers.push(leaver.userId);
  }
  // The compliance figures follow the memberships in the same transaction. (Triggers on memberships
  // would also have them caught up on the next read, but then a manager's page would pay for it.)
  refreshPeopleCompliance(tx, changedUsers);
  return invitees;
}

/**
 * Random ids, handed out in increasing order: each index on users and memberships (and the
 * compliance tables) then grows at one end rather than at random places. Writing 100,000 new
 * people's accounts and memberships went from about 2 s to 1.1 s.
 */
function newUserIds(count: number): () => string {
  const ids = Array.from({ length: count }, () => crypto.randomUUID()).sort();
  let next = 0;
  return () => ids[next++] ?? crypto.randomUUID();
}

/** Queues an invitation for each person, from the organisation that invites them, then lets them go out in the background. */
export async function inviteImportedStaff(invitees: Invitee[]): Promise<number[]> {
  if (invitees.length === 0) return [];
  const { queued } = await withQueuedDelivery(async () => {
    for (const person of invitees) await sendInvitationEmail(person, person.organisationName);
  });
  return queued;
}
