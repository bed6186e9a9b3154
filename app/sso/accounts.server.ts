import { and, eq } from "drizzle-orm";
import { memberships, ssoNewAccounts, users, type Language, type Organisation } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { db } from "~/db.server";
import { todayIso } from "~/utils/dates";

export type AccountMatch =
  | { ok: true; userId: string; language: Language; created: boolean }
  | { ok: false; problem: "noAccount" | "accountEnded" };

export interface ProviderPerson {
  email: string;
  givenName: string;
  familyName: string;
}

/**
 * The account with this (already verified, in-domain) email. Someone whose every membership of the
 * organisation has ended is a leaver and is refused. Without an account, one is created only when the
 * organisation allows it: a learner waiting for a manager to set their unit and staff group.
 */
export function matchAccount(
  organisation: Pick<Organisation, "id">,
  person: ProviderPerson,
  createAccounts: boolean,
): AccountMatch {
  return db().transaction((tx) => {
    const user = tx
      .select({ id: users.id, language: users.language })
      .from(users)
      .where(eq(users.email, person.email))
      .get();
    if (user) {
      const here = tx
        .select({ endDate: memberships.endDate })
        .from(memberships)
        .where(and(eq(memberships.userId, user.id), eq(memberships.organisationId, organisation.id)))
        .all();
      const today = todayIso();
      if (here.length > 0 && here.every((m) => m.endDate !== null && m.endDate < today))
        return { ok: false, problem: "accountEnded" } as const;
      return { ok: true, userId: user.id, language: user.language, created: false } as const;
    }
    if (!createAccounts) return { ok: false, problem: "noAccount" } as const;
    const created = tx
      .insert(users)
      .values({
        id: crypto.randomUUID(),
        email: person.email,
        givenName: person.givenName,
        familyName: person.familyName,
      })
      .returning({ id: users.id, language: users.language })
      .get();
    tx.insert(ssoNewAccounts)
      .values({ userId: created.id, organisationId: organisation.id, createdAt: new Date() })
      .run();
    recordAudit(
      {
        action: "sso-account-created",
        organisationId: organisation.id,
        subjectUserId: created.id,
        details: { email: person.email },
      },
      tx,
    );
    return { ok: true, userId: created.id, language: created.language, created: true } as const;
  });
}

/** People who signed in through the organisation's provider and still need a unit and staff group. */
export function listNewAccounts(organisationId: number) {
  return db()
    .select({
      userId: users.id,
      email: users.email,
      givenName: users.givenName,
      familyName: users.familyName,
      createdAt: ssoNewAccounts.createdAt,
    })
    .from(ssoNewAccounts)
    .innerJoin(users, eq(users.id, ssoNewAccounts.userId))
    .where(eq(ssoNewAccounts.organisationId, organisationId))
    .orderBy(ssoNewAccounts.createdAt)
    .all();
}

/** Drops a placement request once the person has a membership (a manager invited them into a unit). */
export function clearPlacedAccounts(organisationId: number): void {
  const placed = db()
    .select({ userId: ssoNewAccounts.userId })
    .from(ssoNewAccounts)
    .innerJoin(
      memberships,
      and(eq(memberships.userId, ssoNewAccounts.userId), eq(memberships.organisationId, ssoNewAccounts.organisationId)),
    )
    .where(eq(ssoNewAccounts.organisationId, organisationId))
    .all();
  for (const { userId } of placed) {
    db()
      .delete(ssoNewAccounts)
      .where(and(eq(ssoNewAccounts.userId, userId), eq(ssoNewAccounts.organisationId, organisationId)))
      .run();
  }
}

export function hasNewAccounts(organisationId: number): boolean {
  return (
    db()
      .select({ userId: ssoNewAccounts.userId })
      .from(ssoNewAccounts)
      .where(eq(ssoNewAccounts.organisationId, organisationId))
      .limit(1)
      .get() !== undefined
  );
}
