import { withinScope } from "~/auth/scope.server";
import type { Scope } from "~/auth/scope";
import crypto from "node:crypto";
import { and, asc, eq, inArray, ne } from "drizzle-orm";
import {
  auditEvents,
  joinRequests,
  memberships,
  organisations,
  units,
  users,
  type MembershipRole,
  type Organisation,
  type StaffGroup,
} from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { refreshPersonCompliance } from "~/compliance/store.server";
import { db } from "~/db.server";
import { deliverInBackground } from "~/email/mailer.server";
import { queueEmail } from "~/email/outbox.server";
import { env } from "~/env.server";
import { pageI18n } from "~/i18n/page-instances.server";
import { addDays, todayIso } from "~/utils/dates";

type Tx = Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0];

/** What an organisation typed about a person: used as given, never checked against the account. */
export interface TypedPerson {
  email: string;
  givenName: string;
  familyName: string;
}

/** The organisation's own staff record for the person. */
export interface StaffRecord {
  unitId: number | null;
  staffGroup: StaffGroup;
  jobRole: string;
  employeeNumber: string | null;
  role: MembershipRole;
  startDate: string;
  endDate: string | null;
}

export type MembershipOutcome =
  | {
      kind: "added";
      user: { id: string; email: string; givenName: string; language: "en-GB" | "cy"; hasPassword: boolean };
      newAccount: boolean;
    }
  | { kind: "requested"; userId: string }
  | { kind: "already-member" };

/** The name as the organisation typed it, for its own staff record (never the account's name). */
export const hrName = (person: Pick<TypedPerson, "givenName" | "familyName">) => ({
  hrGivenName: person.givenName,
  hrFamilyName: person.familyName,
});

/**
 * Those of these people who have ever signed in (with a password or their organisation's single
 * sign-on, which sets no password): their account is their own, whatever it holds.
 */
export function signedInBefore(tx: Pick<Tx, "selectDistinct">, userIds: string[]): Set<string> {
  const found = new Set<string>();
  for (let start = 0; start < userIds.length; start += 900) {
    for (const r of tx
      .selectDistinct({ userId: auditEvents.subjectUserId })
      .from(auditEvents)
      .where(
        and(inArray(auditEvents.subjectUserId, userIds.slice(start, start + 900)), eq(auditEvents.action, "sign-in")),
      )
      .all())
      if (r.userId) found.add(r.userId);
  }
  return found;
}

/**
 * Whether the account is already the person's own, or another organisation's: then no organisation
 * may add it without the person's say. Only an account nobody has claimed (no password, no platform
 * role, never signed in) that belongs to no other organisation is this organisation's to add directly.
 */
function needsConsent(
  tx: Tx,
  user: { id: string; passwordHash: string | null; platformRole: string },
  organisationId: number,
): boolean {
  if (user.passwordHash !== null || user.platformRole !== "none") return true;
  if (signedInBefore(tx, [user.id]).size > 0) return true;
  const elsewhere = tx
    .select({ id: memberships.id })
    .from(memberships)
    .where(and(eq(memberships.userId, user.id), ne(memberships.organisationId, organisationId)))
    .get();
  return elsewhere !== undefined;
}

/**
 * The one rule for adding someone to an organisation, for *Invite* and the staff import alike, inside
 * the caller's transaction. A new email gets a new account and a membership. An existing account that
 * is the person's own, or another organisation's, gets a request to join instead (and an email
 * saying so): until the person accepts, the organisation sees only what it typed. The caller tells
 * the manager the same thing either way. The caller brings the compliance figures up to date for an
 * "added" outcome, and sends an invitation when the account has no password.
 */
export function addOrRequestMembership(
  tx: Tx,
  organisation: Pick<Organisation, "id" | "name">,
  person: TypedPerson,
  record: StaffRecord,
  actorUserId: string | null,
): MembershipOutcome {
  const today = todayIso();
  const existing = tx.select().from(users).where(eq(users.email, person.email)).get();
  if (!existing) {
    const user = tx
      .insert(users)
      .values({
        id: crypto.randomUUID(),
        email: person.email,
        givenName: person.givenName,
        familyName: person.familyName,
      })
      .returning()
      .get();
    tx.insert(memberships)
      .values({ userId: user.id, organisationId: organisation.id, ...record, ...hrName(person) })
      .run();
    recordAudit(
      {
        action: "invitation-sent",
        actorUserId,
        organisationId: organisation.id,
        subjectUserId: user.id,
        details: { role: record.role },
      },
      tx,
    );
    return { kind: "added", user: { ...user, hasPassword: false }, newAccount: true };
  }

  const membership = tx
    .select({ id: memberships.id, endDate: memberships.endDate })
    .from(memberships)
    .where(and(eq(memberships.userId, existing.id), eq(memberships.organisationId, organisation.id)))
    .get();
  if (membership && (membership.endDate === null || membership.endDate >= today)) return { kind: "already-member" };

  if (!needsConsent(tx, existing, organisation.id)) {
    // The account keeps its name: what the organisation typed goes on its own record.
    const values = { ...record, ...hrName(person) };
    tx.insert(memberships)
      .values({ userId: existing.id, organisationId: organisation.id, ...values })
      .onConflictDoUpdate({ target: [memberships.userId, memberships.organisationId], set: values })
      .run();
    recordAudit(
      {
        action: "invitation-sent",
        actorUserId,
        organisationId: organisation.id,
        subjectUserId: existing.id,
        details: { role: record.role },
      },
      tx,
    );
    return { kind: "added", user: { ...existing, hasPassword: false }, newAccount: false };
  }

  const request = {
    ...person,
    ...record,
    organisationId: organisation.id,
    userId: existing.id,
    requestedByUserId: actorUserId,
    createdAt: new Date(),
  };
  const earlier = tx
    .select({ id: joinRequests.id })
    .from(joinRequests)
    .where(and(eq(joinRequests.organisationId, organisation.id), eq(joinRequests.userId, existing.id)))
    .get();
  if (earlier) {
    // Asked again: the organisation's latest details, and no second email.
    tx.update(joinRequests).set(request).where(eq(joinRequests.id, earlier.id)).run();
    return { kind: "requested", userId: existing.id };
  }
  tx.insert(joinRequests).values(request).run();
  recordAudit(
    {
      action: "join-requested",
      actorUserId,
      organisationId: organisation.id,
      subjectUserId: existing.id,
      details: { role: record.role },
    },
    tx,
  );
  const t = pageI18n(existing.language).t;
  queueEmail(
    {
      to: existing.email,
      language: existing.language,
      subject: t("auth.email.joinRequestSubject", { organisation: organisation.name }),
      text: t("auth.email.joinRequestBody", {
        name: existing.givenName,
        organisation: organisation.name,
        link: new URL("/account", env().APP_URL).toString(),
      }),
    },
    tx,
  );
  // After the caller's transaction has committed (better-sqlite3 runs it synchronously).
  setImmediate(deliverInBackground);
  return { kind: "requested", userId: existing.id };
}

/** Requests to join waiting for this person's answer, with the organisation's name and what it typed. */
export function listJoinRequestsFor(userId: string) {
  return db()
    .select({
      id: joinRequests.id,
      organisationName: organisations.name,
      givenName: joinRequests.givenName,
      familyName: joinRequests.familyName,
      staffGroup: joinRequests.staffGroup,
      jobRole: joinRequests.jobRole,
      role: joinRequests.role,
      unitName: units.name,
    })
    .from(joinRequests)
    .innerJoin(organisations, eq(organisations.id, joinRequests.organisationId))
    .leftJoin(units, eq(units.id, joinRequests.unitId))
    .where(eq(joinRequests.userId, userId))
    .orderBy(asc(organisations.name))
    .all();
}

/** An organisation's requests still waiting: only what it typed, never anything of the account. */
export function listPendingRequests(scope: Scope) {
  return db()
    .select({
      id: joinRequests.id,
      givenName: joinRequests.givenName,
      familyName: joinRequests.familyName,
      email: joinRequests.email,
      staffGroup: joinRequests.staffGroup,
      role: joinRequests.role,
      unitName: units.name,
    })
    .from(joinRequests)
    .leftJoin(units, eq(units.id, joinRequests.unitId))
    .where(withinScope(scope, joinRequests.organisationId, joinRequests.unitId))
    .orderBy(asc(joinRequests.familyName), asc(joinRequests.givenName))
    .all();
}

const organisationName = (tx: Tx, id: number) =>
  tx.select({ name: organisations.name }).from(organisations).where(eq(organisations.id, id)).get()!.name;

/** The person says yes: the request becomes a membership with the details the organisation typed. Returns the organisation's name, or null if there was no such request. */
export function acceptJoinRequest(userId: string, requestId: number): string | null {
  return db().transaction((tx) => {
    const request = tx
      .select()
      .from(joinRequests)
      .where(and(eq(joinRequests.id, requestId), eq(joinRequests.userId, userId)))
      .get();
    if (!request) return null;
    const record: StaffRecord = {
      unitId: request.unitId,
      staffGroup: request.staffGroup,
      jobRole: request.jobRole,
      employeeNumber: request.employeeNumber,
      role: request.role,
      startDate: request.startDate,
      endDate: request.endDate,
    };
    const values = { ...record, ...hrName(request) };
    tx.insert(memberships)
      .values({ userId, organisationId: request.organisationId, ...values })
      .onConflictDoUpdate({ target: [memberships.userId, memberships.organisationId], set: values })
      .run();
    tx.delete(joinRequests).where(eq(joinRequests.id, request.id)).run();
    refreshPersonCompliance(tx, userId);
    recordAudit(
      { action: "join-accepted", actorUserId: userId, subjectUserId: userId, organisationId: request.organisationId },
      tx,
    );
    return organisationName(tx, request.organisationId);
  });
}

export function declineJoinRequest(userId: string, requestId: number): string | null {
  return db().transaction((tx) => {
    const request = tx
      .select()
      .from(joinRequests)
      .where(and(eq(joinRequests.id, requestId), eq(joinRequests.userId, userId)))
      .get();
    if (!request) return null;
    tx.delete(joinRequests).where(eq(joinRequests.id, request.id)).run();
    recordAudit(
      { action: "join-declined", actorUserId: userId, subjectUserId: userId, organisationId: request.organisationId },
      tx,
    );
    return organisationName(tx, request.organisationId);
  });
}

/**
 * The person leaves an organisation: their membership ends yesterday, so from today the organisation
 * no longer sees their training, and its figures up to then stay as they were.
 */
export function leaveOrganisation(userId: string, membershipId: number): string | null {
  return db().transaction((tx) => {
    const today = todayIso();
    const membership = tx
      .select()
      .from(memberships)
      .where(and(eq(memberships.id, membershipId), eq(memberships.userId, userId)))
      .get();
    if (!membership || (membership.endDate !== null && membership.endDate < today)) return null;
    tx.update(memberships)
      .set({ endDate: addDays(today, -1) })
      .where(eq(memberships.id, membership.id))
      .run();
    refreshPersonCompliance(tx, userId);
    recordAudit(
      {
        action: "membership-left",
        actorUserId: userId,
        subjectUserId: userId,
        organisationId: membership.organisationId,
      },
      tx,
    );
    return organisationName(tx, membership.organisationId);
  });
}
