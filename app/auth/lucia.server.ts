// The only module that imports lucia. The rest of the app uses ./session.server and ./authorise.server.
import { DrizzleSQLiteAdapter } from "@lucia-auth/adapter-drizzle";
import { Cookie, Lucia, TimeSpan, type DatabaseSession, type DatabaseUser, type Session, type User } from "lucia";
import type { Db } from "@db/client";
import { sessions, users } from "@db/schema";
import type { Language, PlatformRole } from "@db/schema";
import { db } from "~/db.server";
import { env } from "~/env.server";

type SessionAndUserRow = { sessionId: string; userId: string; expiresAt: number } & DatabaseUser["attributes"];

/**
 * The drizzle adapter, except for the lookup every signed-in request makes: one join in plain SQL,
 * prepared once, instead of two queries built afresh on every call.
 */
class SessionAdapter extends DrizzleSQLiteAdapter {
  private readonly sessionAndUser;

  constructor(database: Db) {
    super(database, sessions, users);
    this.sessionAndUser = database.$client.prepare<[string], SessionAndUserRow>(
      `SELECT s.id AS sessionId, s.user_id AS userId, s.expires_at AS expiresAt, u.email, u.given_name AS givenName,
         u.family_name AS familyName, u.language, u.platform_role AS platformRole
       FROM sessions s JOIN users u ON u.id = s.user_id WHERE s.id = ?`,
    );
  }

  override async getSessionAndUser(
    sessionId: string,
  ): Promise<[session: DatabaseSession | null, user: DatabaseUser | null]> {
    const row = this.sessionAndUser.get(sessionId);
    if (!row) return [null, null];
    const { sessionId: id, userId, expiresAt, ...attributes } = row;
    return [
      { id, userId, expiresAt: new Date(expiresAt * 1000), attributes: {} },
      { id: userId, attributes },
    ];
  }
}

function createLucia() {
  return new Lucia(new SessionAdapter(db()), {
    // A session lives this long after it was last extended; lucia extends it on use once half has
    // passed, so someone who walks away from a shared ward PC is signed out within this time.
    sessionExpiresIn: new TimeSpan(env().IDLE_TIMEOUT_MINUTES, "m"),
    sessionCookie: {
      name: "cb_session",
      // No Max-Age: the cookie goes when the browser closes; the server-side expiry does the rest.
      expires: false,
      attributes: { secure: env().NODE_ENV === "production", sameSite: "lax" },
    },
    getUserAttributes: (attributes) => ({
      email: attributes.email,
      givenName: attributes.givenName,
      familyName: attributes.familyName,
      language: attributes.language,
      platformRole: attributes.platformRole,
    }),
  });
}

let instance: ReturnType<typeof createLucia> | undefined;
function lucia() {
  instance ??= createLucia();
  return instance;
}

declare module "lucia" {
  interface Register {
    Lucia: ReturnType<typeof createLucia>;
    DatabaseUserAttributes: {
      email: string;
      // The drizzle adapter hands over the row with drizzle's (camelCase) field names.
      givenName: string;
      familyName: string;
      language: Language;
      platformRole: PlatformRole;
    };
  }
}

export type AuthUser = User;
export type AuthSession = Session;

export const SESSION_COOKIE_NAME = "cb_session";

export function readSessionId(request: Request): string | null {
  return lucia().readSessionCookie(request.headers.get("Cookie") ?? "");
}

/**
 * A browser-session cookie: no Max-Age or Expires, so it goes when the browser closes (lucia always
 * sets one); the server's idle limit ends the session itself.
 */
function sessionCookie(sessionId: string): string {
  const cookie = lucia().createSessionCookie(sessionId);
  return new Cookie(cookie.name, cookie.value, {
    ...cookie.attributes,
    maxAge: undefined,
    expires: undefined,
  }).serialize();
}

export async function startSession(userId: string): Promise<string> {
  const session = await lucia().createSession(userId, {});
  return sessionCookie(session.id);
}

/** The session and its user, or nulls; `refreshCookie` is set when lucia extended the session. */
export async function checkSession(sessionId: string) {
  const { session, user } = await lucia().validateSession(sessionId);
  const refreshCookie = session?.fresh ? sessionCookie(session.id) : null;
  return { session, user, refreshCookie };
}

export async function endSession(sessionId: string): Promise<string> {
  await lucia().invalidateSession(sessionId);
  return lucia().createBlankSessionCookie().serialize();
}

export async function endAllSessions(userId: string): Promise<void> {
  await lucia().invalidateUserSessions(userId);
}

export function blankSessionCookie(): string {
  return lucia().createBlankSessionCookie().serialize();
}
