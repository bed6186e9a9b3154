import { and, count, eq, gte, lt } from "drizzle-orm";
import { failedSignIns } from "@db/schema";
import { db } from "~/db.server";

export const MAX_FAILED_SIGN_INS = 5;
export const FAILED_SIGN_IN_WINDOW_MS = 15 * 60 * 1000;

export function signInLimitKeys(email: string, clientIp: string): string[] {
  return [`email:${email}`, `ip:${clientIp}`];
}

/** True when the account or the address has had too many failed sign-ins in the window. */
export function isSignInLimited(keys: string[], now = Date.now()): boolean {
  const since = new Date(now - FAILED_SIGN_IN_WINDOW_MS);
  return keys.some(
    (key) =>
      db()
        .select({ n: count() })
        .from(failedSignIns)
        .where(and(eq(failedSignIns.key, key), gte(failedSignIns.at, since)))
        .get()!.n >= MAX_FAILED_SIGN_INS,
  );
}

export function recordFailedSignIn(keys: string[], now = Date.now()): void {
  const database = db();
  database.transaction((tx) => {
    tx.insert(failedSignIns).values(keys.map((key) => ({ key, at: new Date(now) }))).run();
    // Old rows are no use to the limit; drop them as we go.
    tx.delete(failedSignIns).where(lt(failedSignIns.at, new Date(now - FAILED_SIGN_IN_WINDOW_MS))).run();
  });
}
