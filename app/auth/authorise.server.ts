import { and, eq, ne } from "drizzle-orm";
import { memberships, organisations, type Organisation } from "@db/schema";
import { db } from "~/db.server";
import { activeMembershipFilter } from "~/organisations/memberships.server";
import { managersMayEditSso } from "~/sso/settings.server";
import { requireUser, type AuthUser } from "./session.server";

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
 * manager membership of the organisation with this code. Anyone else gets 403 and no data.
 */
export async function requireManagerOf(
  request: Request,
  organisationCode: string | undefined,
): Promise<{ user: AuthUser; organisation: Organisation }> {
  const user = await requireUser(request);
  if (!organisationCode) forbidden();
  const row = db()
    .select({ organisation: organisations })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(
      and(
        eq(organisations.code, organisationCode),
        eq(memberships.userId, user.id),
        eq(memberships.role, "manager"),
        activeMembershipFilter(),
      ),
    )
    .get();
  if (!row) forbidden();
  return { user, organisation: row.organisation };
}

/** Where a person lands after signing in: a manager on their dashboard, everyone else on their training. */
export function homeAfterSignIn(userId: string): string {
  return listManagedOrganisations(userId).length > 0 ? "/manage" : "/my-training";
}

/** Organisations the person manages now, for navigation. */
export function listManagedOrganisations(userId: string) {
  return db()
    .select({ code: organisations.code, name: organisations.name })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(and(eq(memberships.userId, userId), eq(memberships.role, "manager"), activeMembershipFilter()))
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
): Promise<{ user: AuthUser; organisation: Organisation }> {
  const found = await requireManagerOf(request, organisationCode);
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
