import { and, asc, eq, or, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { z } from "zod";
import {
  MEMBERSHIP_ROLES,
  PLATFORM_ROLES,
  membershipUnits,
  memberships,
  organisations,
  units,
  users,
} from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { db } from "~/db.server";

export function searchUsers(query: string) {
  const q = query.trim().toLowerCase();
  if (q.length < 2) return [];
  const pattern = `%${q.replace(/[%_\\]/g, (c) => `\\${c}`)}%`;
  // SQLite's LIKE has no escape character unless told: without ESCAPE, "\_" matches only a backslash and any character.
  const contains = (column: SQLiteColumn) => sql`${column} LIKE ${pattern} ESCAPE '\\'`;
  return db()
    .select({
      id: users.id,
      email: users.email,
      givenName: users.givenName,
      familyName: users.familyName,
      platformRole: users.platformRole,
    })
    .from(users)
    .where(or(contains(users.email), contains(users.familyName), contains(users.givenName)))
    .orderBy(asc(users.familyName))
    .limit(50)
    .all();
}

export function getUserWithMemberships(userId: string) {
  const user = db()
    .select({
      id: users.id,
      email: users.email,
      givenName: users.givenName,
      familyName: users.familyName,
      platformRole: users.platformRole,
    })
    .from(users)
    .where(eq(users.id, userId))
    .get();
  if (!user) return null;
  const rows = db()
    .select({
      membershipId: memberships.id,
      role: memberships.role,
      staffGroup: memberships.staffGroup,
      startDate: memberships.startDate,
      endDate: memberships.endDate,
      organisationName: organisations.name,
      organisationCode: organisations.code,
      unitName: units.name,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .leftJoin(units, eq(units.id, memberships.unitId))
    .where(eq(memberships.userId, userId))
    .orderBy(asc(organisations.name))
    .all();
  return { ...user, memberships: rows };
}

export const RoleChangeSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({
      intent: z.literal("platform-role"),
      platformRole: z.enum(PLATFORM_ROLES, { error: "admin.errors.roleInvalid" }),
    }),
    z.object({
      intent: z.literal("membership-role"),
      membershipId: z.coerce.number({ error: "admin.errors.roleInvalid" }).int().positive(),
      role: z.enum(MEMBERSHIP_ROLES, { error: "admin.errors.roleInvalid" }),
    }),
  ],
  { error: "admin.errors.roleInvalid" },
);
export type RoleChange = z.infer<typeof RoleChangeSchema>;

/**
 * What a role change did. A unit manager needs their units, chosen on the organisation's Unit managers
 * page, so a membership cannot become one here (one that is one already may stay so).
 */
export type RoleChangeResult = "saved" | "not-found" | "unit-manager-needs-units";

/** Changes a platform or membership role and records it in the audit trail, in one transaction. */
export function changeRole(actorUserId: string, subjectUserId: string, change: RoleChange): RoleChangeResult {
  return db().transaction((tx) => {
    if (change.intent === "platform-role") {
      const before = tx.select({ role: users.platformRole }).from(users).where(eq(users.id, subjectUserId)).get();
      if (!before) return "not-found";
      tx.update(users).set({ platformRole: change.platformRole }).where(eq(users.id, subjectUserId)).run();
      recordAudit(
        {
          action: "role-changed",
          actorUserId,
          subjectUserId,
          details: { platformRole: { from: before.role, to: change.platformRole } },
        },
        tx,
      );
      return "saved";
    }
    const membership = tx
      .select({ role: memberships.role, organisationId: memberships.organisationId })
      .from(memberships)
      .where(and(eq(memberships.id, change.membershipId), eq(memberships.userId, subjectUserId)))
      .get();
    if (!membership) return "not-found";
    if (change.role === membership.role) return "saved";
    if (change.role === "unit-manager") return "unit-manager-needs-units";
    tx.update(memberships).set({ role: change.role }).where(eq(memberships.id, change.membershipId)).run();
    // A former unit manager's units go with the role: they would otherwise come back with it unasked.
    tx.delete(membershipUnits).where(eq(membershipUnits.membershipId, change.membershipId)).run();
    recordAudit(
      {
        action: "role-changed",
        actorUserId,
        subjectUserId,
        organisationId: membership.organisationId,
        details: { role: { from: membership.role, to: change.role } },
      },
      tx,
    );
    return "saved";
  });
}
