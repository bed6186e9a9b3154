import crypto from "node:crypto";
import { and, eq, isNull, ne } from "drizzle-orm";
import { oneTimeTokens, sessions, users, type TokenPurpose } from "@db/schema";
import { db } from "~/db.server";

export const LINK_LIFETIME_MS: Record<TokenPurpose, number> = {
  invitation: 14 * 24 * 60 * 60 * 1000,
  "password-reset": 60 * 60 * 1000,
};

function hashToken(token: string): string {
  return crypto.createHash("sha256").update(token).digest("hex");
}

/** A new link token for the person. Only its hash is stored; the token itself goes in the email. */
export function createOneTimeToken(userId: string, purpose: TokenPurpose, now = Date.now()): string {
  const token = crypto.randomBytes(32).toString("base64url");
  db()
    .insert(oneTimeTokens)
    .values({
      tokenHash: hashToken(token),
      userId,
      purpose,
      createdAt: new Date(now),
      expiresAt: new Date(now + LINK_LIFETIME_MS[purpose]),
    })
    .run();
  return token;
}

export type LinkProblem = "unknown" | "used" | "expired";

export type LinkCheck =
  | { ok: true; userId: string; purpose: TokenPurpose; email: string; givenName: string }
  | { ok: false; problem: LinkProblem };

/** Looks a link up without using it. */
export function checkOneTimeToken(token: string, now = Date.now()): LinkCheck {
  const row = db()
    .select({ token: oneTimeTokens, email: users.email, givenName: users.givenName })
    .from(oneTimeTokens)
    .innerJoin(users, eq(users.id, oneTimeTokens.userId))
    .where(eq(oneTimeTokens.tokenHash, hashToken(token)))
    .get();
  if (!row) return { ok: false, problem: "unknown" };
  if (row.token.usedAt) return { ok: false, problem: "used" };
  if (row.token.expiresAt.getTime() <= now) return { ok: false, problem: "expired" };
  return { ok: true, userId: row.token.userId, purpose: row.token.purpose, email: row.email, givenName: row.givenName };
}

/**
 * Uses a link once: sets the password, marks the link used, voids every other link the person
 * still holds and ends all their sessions, in one transaction. A second use (a double click, a
 * replay) finds it used; an older reset email and a browser left signed in elsewhere stop working.
 */
export function consumeOneTimeToken(token: string, passwordHash: string, now = Date.now()): LinkCheck {
  return db().transaction((tx) => {
    const check = checkOneTimeToken(token, now);
    if (!check.ok) return check;
    const marked = tx
      .update(oneTimeTokens)
      .set({ usedAt: new Date(now) })
      .where(eq(oneTimeTokens.tokenHash, hashToken(token)))
      .returning({ usedAt: oneTimeTokens.usedAt })
      .all();
    if (marked.length !== 1) return { ok: false, problem: "used" } as const;
    tx.update(users).set({ passwordHash }).where(eq(users.id, check.userId)).run();
    tx.update(oneTimeTokens)
      .set({ usedAt: new Date(now) })
      .where(
        and(
          eq(oneTimeTokens.userId, check.userId),
          isNull(oneTimeTokens.usedAt),
          ne(oneTimeTokens.tokenHash, hashToken(token)),
        ),
      )
      .run();
    tx.delete(sessions).where(eq(sessions.userId, check.userId)).run();
    return check;
  });
}
