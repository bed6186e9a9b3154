import { redirect } from "@remix-run/node";
import { MANAGER_ROLES } from "@db/schema";
import { preparedSql } from "~/db.server";
import { ACTIVE_MEMBERSHIP_SQL } from "~/organisations/memberships.server";
import { todayIso } from "~/utils/dates";
import { blankSessionCookie, checkSession, readSessionId, type AuthUser } from "./lucia.server";

export type { AuthUser } from "./lucia.server";

export interface Auth {
  user: AuthUser | null;
  sessionId: string | null;
  /** Set-Cookie value to send when the session was extended. */
  refreshCookie: string | null;
  /** The browser had a session that has since ended (idle timeout or signed out elsewhere). */
  sessionEnded: boolean;
}

const cache = new WeakMap<Request, Promise<Auth>>();

async function readAuth(request: Request): Promise<Auth> {
  const sessionId = readSessionId(request);
  if (!sessionId) return { user: null, sessionId: null, refreshCookie: null, sessionEnded: false };
  const { session, user, refreshCookie } = await checkSession(sessionId);
  if (!session || !user) return { user: null, sessionId: null, refreshCookie: null, sessionEnded: true };
  return { user, sessionId: session.id, refreshCookie, sessionEnded: false };
}

/** Who is signed in, checked once per request. */
export function getAuth(request: Request): Promise<Auth> {
  let auth = cache.get(request);
  if (!auth) {
    auth = readAuth(request);
    cache.set(request, auth);
  }
  return auth;
}

function signInUrl(request: Request, sessionEnded: boolean): string {
  const url = new URL(request.url);
  const params = new URLSearchParams({ redirectTo: url.pathname + url.search });
  if (sessionEnded) params.set("reason", "timeout");
  return `/sign-in?${params}`;
}

/** The signed-in user, or a redirect to sign in that comes back here afterwards. */
export async function requireUser(request: Request): Promise<AuthUser> {
  const auth = await getAuth(request);
  if (auth.user) return auth.user;
  const headers = auth.sessionEnded ? { "Set-Cookie": blankSessionCookie() } : undefined;
  throw redirect(signInUrl(request, auth.sessionEnded), { headers });
}

// listManagedOrganisations' rule, with today as a parameter of the prepared query.
const managesAnyQuery = preparedSql<{ userId: string; today: string }, { found: number }>(
  `SELECT 1 AS found FROM memberships m JOIN organisations o ON o.id = m.organisation_id
   WHERE m.user_id = @userId AND m.role IN (${MANAGER_ROLES.map((role) => `'${role}'`).join(", ")}) AND ${ACTIVE_MEMBERSHIP_SQL}
   LIMIT 1`,
);

/** Whether the person manages any organisation today (listManagedOrganisations(userId).length > 0): the header asks on every page. */
export function managesAnyOrganisation(userId: string): boolean {
  return managesAnyQuery().get({ userId, today: todayIso() }) !== undefined;
}
