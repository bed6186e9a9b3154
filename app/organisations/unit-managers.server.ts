import { and, asc, eq } from "drizzle-orm";
import { z } from "zod";
import { memberships, membershipUnits, units, users, type Organisation } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { emailField } from "~/auth/forms.server";
import { db } from "~/db.server";
import { activeMembershipFilter, staffFamilyName, staffGivenName } from "./memberships.server";
import { listUnits } from "./staff.server";

/** The organisation's unit managers, each with the units they manage. */
export function listUnitManagers(organisationId: number) {
  const rows = db()
    .select({
      membershipId: memberships.id,
      givenName: staffGivenName,
      familyName: staffFamilyName,
      email: users.email,
      unitId: units.id,
      unitName: units.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(membershipUnits, eq(membershipUnits.membershipId, memberships.id))
    .leftJoin(units, eq(units.id, membershipUnits.unitId))
    .where(
      and(
        eq(memberships.organisationId, organisationId),
        eq(memberships.role, "unit-manager"),
        activeMembershipFilter(),
      ),
    )
    .orderBy(asc(staffFamilyName), asc(staffGivenName), asc(units.name))
    .all();
  const byMembership = new Map<number, { membershipId: number; name: string; email: string; units: string[] }>();
  for (const r of rows) {
    const entry = byMembership.get(r.membershipId) ?? {
      membershipId: r.membershipId,
      name: `${r.givenName} ${r.familyName}`,
      email: r.email,
      units: [],
    };
    if (r.unitName !== null) entry.units.push(r.unitName);
    byMembership.set(r.membershipId, entry);
  }
  return [...byMembership.values()];
}

export const UnitManagerSchema = z.object({
  email: emailField("manage.unitManagers.errors.emailRequired", "manage.unitManagers.errors.emailInvalid"),
  unitIds: z.array(z.coerce.number().int().positive()).min(1, "manage.unitManagers.errors.unitsRequired"),
});

export type UnitManagerResult = { ok: true } | { ok: false; field: "email" | "unitIds"; message: string };

const unitNames = (organisationId: number, ids: number[]) =>
  listUnits(organisationId)
    .filter((u) => ids.includes(u.id))
    .map((u) => u.name)
    .join(", ");

/**
 * Makes a current member of the organisation a unit manager of the chosen units (or changes their
 * units). A training manager is left as they are: they already manage the whole organisation.
 */
export function setUnitManager(
  actorUserId: string,
  organisation: Organisation,
  input: z.infer<typeof UnitManagerSchema>,
): UnitManagerResult {
  const own = new Set(listUnits(organisation.id).map((u) => u.id));
  if (input.unitIds.some((id) => !own.has(id)))
    return { ok: false, field: "unitIds", message: "manage.unitManagers.errors.unitsRequired" };
  return db().transaction((tx): UnitManagerResult => {
    const membership = tx
      .select({ id: memberships.id, role: memberships.role, userId: memberships.userId })
      .from(memberships)
      .innerJoin(users, eq(users.id, memberships.userId))
      .where(
        and(eq(memberships.organisationId, organisation.id), eq(users.email, input.email), activeMembershipFilter()),
      )
      .get();
    if (!membership) return { ok: false, field: "email", message: "manage.unitManagers.errors.notMember" };
    if (membership.role === "manager")
      return { ok: false, field: "email", message: "manage.unitManagers.errors.isManager" };
    const before = tx
      .select({ unitId: membershipUnits.unitId })
      .from(membershipUnits)
      .where(eq(membershipUnits.membershipId, membership.id))
      .all()
      .map((r) => r.unitId);
    tx.update(memberships).set({ role: "unit-manager" }).where(eq(memberships.id, membership.id)).run();
    tx.delete(membershipUnits).where(eq(membershipUnits.membershipId, membership.id)).run();
    tx.insert(membershipUnits)
      .values(input.unitIds.map((unitId) => ({ membershipId: membership.id, unitId })))
      .run();
    recordAudit(
      {
        action: "role-changed",
        actorUserId,
        subjectUserId: membership.userId,
        organisationId: organisation.id,
        details: {
          role: { from: membership.role, to: "unit-manager" },
          units: { from: unitNames(organisation.id, before), to: unitNames(organisation.id, input.unitIds) },
        },
      },
      tx,
    );
    return { ok: true };
  });
}

/** Makes a unit manager a learner again; their membership and training record stay. */
export function removeUnitManager(actorUserId: string, organisation: Organisation, membershipId: number): boolean {
  return db().transaction((tx) => {
    const membership = tx
      .select({ id: memberships.id, userId: memberships.userId })
      .from(memberships)
      .where(
        and(
          eq(memberships.id, membershipId),
          eq(memberships.organisationId, organisation.id),
          eq(memberships.role, "unit-manager"),
        ),
      )
      .get();
    if (!membership) return false;
    const before = tx
      .select({ unitId: membershipUnits.unitId })
      .from(membershipUnits)
      .where(eq(membershipUnits.membershipId, membership.id))
      .all()
      .map((r) => r.unitId);
    tx.update(memberships).set({ role: "learner" }).where(eq(memberships.id, membership.id)).run();
    tx.delete(membershipUnits).where(eq(membershipUnits.membershipId, membership.id)).run();
    recordAudit(
      {
        action: "role-changed",
        actorUserId,
        subjectUserId: membership.userId,
        organisationId: organisation.id,
        details: {
          role: { from: "unit-manager", to: "learner" },
          units: { from: unitNames(organisation.id, before), to: "" },
        },
      },
      tx,
    );
    return true;
  });
}
