import { and, eq, inArray, ne } from "drizzle-orm";
import { MANAGER_ROLES, memberships, membershipUnits, organisations, units, type Organisation } from "@db/schema";
import { db } from "~/db.server";
import { activeMembershipFilter } from "~/organisations/memberships.server";
import { managersMayEditSso } from "~/sso/settings.server";
import { canManage, type ManagerAction, type Scope } from "./scope";
import { requireUser, type AuthUser } from "./session.server";

export { canManage, type ManagerAction, type Scope } from "./scope";

function forbidden(): never {
  throw new Response("Forbidden", { status: 403 });
}

/** A signed-in admin, or 403. */
export async function requireAdmin(request: Request): Promise<AuthUser> {
  const user = await requireUser(request);
  if (user.platformRole !== "admin") forbidden();
  return user;
}

/** A signed-in national analyst (admins too), or 403. */
export async function requireAnalyst(request: Request): Promise<AuthUser> {
  const user = await requireUser(request);
  if (user.platformRole !== "analyst" && user.platformRole !== "admin") forbidden();
  return user;
}

/**
 * The one check every manager page and export goes through: the signed-in person holds an active
 * manager or unit-manager membership of the organisation with this code, and their scope allows the
 * action. Anyone else gets 403 and no data. The scope (the whole organisation, or a unit manager's
 * units) goes to every query of the organisation's data.
 */
export async function requireManagerOf(
  request: Request,
  organisationCode: string | undefined,
  action: ManagerAction,
): Promise<{ user: AuthUser; organisation: Organisation; scope: Scope }> {
  const user = await requireUser(request);
  if (!organisationCode) forbidden();
  const row = db()
    .select({ organisation: organisations, membershipId: memberships.id, role: memberships.role })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(
      and(
        eq(organisations.code, organisationCode),
        eq(memberships.userId, user.id),
        inArray(memberships.role, MANAGER_ROLES),
        activeMembershipFilter(),
      ),
    )
    .get();
  if (!row) forbidden();
  const scope = scopeOf(row.organisation.id, row.membershipId, row.role === "manager");
  if (!canManage(scope, action)) forbidden();
  return { user, organisation: row.organisation, scope };
}

function scopeOf(organisationId: number, membershipId: number, wholeOrganisation: boolean): Scope {
  if (wholeOrganisation) return { organisationId, unitIds: null };
  const unitIds = db()
    .select({ id: units.id })
    .from(membershipUnits)
    .innerJoin(units, eq(units.id, membershipUnits.unitId))
    .where(and(eq(membershipUnits.membershipId, membershipId), eq(units.organisationId, organisationId)))
    .orderBy(units.id)
    .all()
    .map((u) => u.id);
  return { organisationId, unitIds };
}

/** Where a person lands after signing in: a manager on their dashboard, everyone else on their training. */
export function homeAfterSignIn(userId: string): string {
  return listManagedOrganisations(userId).length > 0 ? "/manage" : "/my-training";
}

/** Organisations the person manages now (whole or some of its units), for navigation. */
export function listManagedOrganisations(userId: string) {
  return db()
    .select({ code: organisations.code, name: organisations.name })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(eq(memberships.userId, userId), inArray(memberships.role, MANAGER_ROLES), activeMembershipFilter()))
    .orderBy(organisations.name)
    .all();
}

/**
 * The other organisations the person manages now, whole: a staff list uploaded to one of them may
 * carry rows for these, and those rows are imported into them too.
 */
export function otherManagedOrganisations(userId: string, organisationId: number): Organisation[] {
  return db()
    .select({ organisation: organisations })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(
      and(
        eq(memberships.userId, userId),
        eq(memberships.role, "manager"),
        ne(organisations.id, organisationId),
        activeMembershipFilter(),
      ),
    )
    .orderBy(organisations.code)
    .all()
    .map((r) => r.organisation);
}

/** A manager of the organisation whom an admin lets change its single sign-on; else 403. */
export async function requireSsoManagerOf(
  request: Request,
  organisationCode: string | undefined,
): Promise<{ user: AuthUser; organisation: Organisation; scope: Scope }> {
  const found = await requireManagerOf(request, organisationCode, "sso");
  if (!managersMayEditSso(found.organisation.id)) forbidden();
  return found;
}

/** A system admin and the organisation with this code, or 403 / 404. */
export async function requireAdminOfOrganisation(
  request: Request,
  organisationCode: string | undefined,
): Promise<{ user: AuthUser; organisation: Organisation }> {
  const user = await requireAdmin(request);
  const organisation = organisationCode
    ? db().select().from(organisations).where(eq(organisations.code, organisationCode)).get()
    : undefined;
  if (!organisation) throw new Response("Not found", { status: 404 });
  return { user, organisation };
}
