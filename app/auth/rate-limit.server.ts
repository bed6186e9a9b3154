import { and, count, eq, gte, lt, max } from "drizzle-orm";
import { failedSignIns } from "@db/schema";
import { db } from "~/db.server";
import { env } from "~/env.server";

/**
 * Sign-in throttling after OWASP's credential stuffing guidance. Each failure is counted twice:
 *
 * - against the account, or against the account on this browser when the browser signed in to it
 *   before (a device cookie). After ACCOUNT_FREE_FAILURES failures in the window the account waits
 *   1 minute, then 2, 4, 8, at most 15 after each further failure. A lock someone else caused from
 *   another browser never stops the right password from a browser that signed in before.
 * - against the client address, with a limit (SIGN_IN_ADDRESS_LIMIT in the window, default 1,000) far above what a
 *   whole trust behind one NAT address gets wrong, aimed at bulk guessing across many accounts. Past
 *   it, only browsers that signed in to the account before may try. Nothing else is counted per
 *   address, so other people's mistakes never lock an ordinary account.
 */
export const FAILED_SIGN_IN_WINDOW_MS = 15 * 60 * 1000;
export const ACCOUNT_FREE_FAILURES = 5;
const FIRST_LOCK_MS = 60 * 1000;

/** Password reset requests: at most this many per email per hour, and per address per hour. */
export const RESET_WINDOW_MS = 60 * 60 * 1000;
export const RESETS_PER_EMAIL = 3;
export const RESETS_PER_ADDRESS = 30;

/** Rows older than the longest window are no use to any limit. */
const KEEP_MS = Math.max(FAILED_SIGN_IN_WINDOW_MS, RESET_WINDOW_MS);

export interface SignInKeys {
  /** The account, or the account on a browser that signed in to it before. */
  account: string;
  address: string;
  /** The browser signed in to this account before. */
  knownDevice: boolean;
}

export function signInLimitKeys(email: string, clientIp: string, knownDeviceHash: string | null): SignInKeys {
  return {
    account: knownDeviceHash ? `device:${knownDeviceHash}:${email}` : `email:${email}`,
    address: `ip:${clientIp}`,
    knownDevice: knownDeviceHash !== null,
  };
}

function countSince(key: string, since: number) {
  return db()
    .select({ n: count(), last: max(failedSignIns.at) })
    .from(failedSignIns)
    .where(and(eq(failedSignIns.key, key), gte(failedSignIns.at, new Date(since))))
    .get()!;
}

/** When the account (on this browser) may try again after its recent failures, or null if it may now. */
export function accountLockedUntil(failures: number, lastFailureAt: number): number | null {
  if (failures < ACCOUNT_FREE_FAILURES) return null;
  const lockMs = Math.min(FAILED_SIGN_IN_WINDOW_MS, FIRST_LOCK_MS * 2 ** (failures - ACCOUNT_FREE_FAILURES));
  return lastFailureAt + lockMs;
}

/** True when this attempt must wait: the account is in a lock, or the address is over its bulk limit for browsers it does not know. */
export function isSignInLimited(keys: SignInKeys, now = Date.now()): boolean {
  const since = now - FAILED_SIGN_IN_WINDOW_MS;
  const account = countSince(keys.account, since);
  const until = accountLockedUntil(account.n, account.last?.getTime() ?? 0);
  if (until !== null && now < until) return true;
  if (keys.knownDevice) return false;
  return countSince(keys.address, since).n >= env().SIGN_IN_ADDRESS_LIMIT;
}

function record(keys: string[], now: number): void {
  db().transaction((tx) => {
    tx.insert(failedSignIns)
      .values(keys.map((key) => ({ key, at: new Date(now) })))
      .run();
    tx.delete(failedSignIns)
      .where(lt(failedSignIns.at, new Date(now - KEEP_MS)))
      .run();
  });
}

export function recordFailedSignIn(keys: SignInKeys, now = Date.now()): void {
  record([keys.account, keys.address], now);
}

/**
 * Counts a password reset request and says whether it may send a link: a few per email (so no one
 * floods a person's inbox) and more per address (so no one mails the whole staff list).
 */
export function allowPasswordResetRequest(email: string, clientIp: string, now = Date.now()): boolean {
  const emailKey = `reset-email:${email}`;
  const addressKey = `reset-ip:${clientIp}`;
  const since = now - RESET_WINDOW_MS;
  const allowed =
    countSince(emailKey, since).n < RESETS_PER_EMAIL && countSince(addressKey, since).n < RESETS_PER_ADDRESS;
  record([emailKey, addressKey], now);
  return allowed;
}
