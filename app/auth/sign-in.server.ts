import { eq } from "drizzle-orm";
import { users, type Language } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { db } from "~/db.server";
import { knownDeviceFor, rememberDevice } from "./devices.server";
import { startSession } from "./lucia.server";
import { hashPassword, verifyPassword } from "./password.server";
import { isSignInLimited, recordFailedSignIn, signInLimitKeys } from "./rate-limit.server";

export type SignInResult =
  | { ok: true; userId: string; cookies: string[]; language: Language }
  | { ok: false; problem: "invalid" | "rate-limited" };

// Verified against when the email is unknown, so a wrong email takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

/** Checks the password under the throttling rules of ./rate-limit.server; on success, a new session (and a device cookie for a new browser). */
export async function attemptSignIn(
  request: Request,
  email: string,
  password: string,
  clientIp: string,
): Promise<SignInResult> {
  const user = db().select().from(users).where(eq(users.email, email)).get();
  const keys = signInLimitKeys(email, clientIp, await knownDeviceFor(request, user?.id));
  if (isSignInLimited(keys)) {
    recordAudit({
      action: "sign-in-failed",
      subjectUserId: user?.id ?? null,
      details: { email, reason: "rate-limited", ip: clientIp },
    });
    return { ok: false, problem: "rate-limited" };
  }

  dummyHash ??= hashPassword("not a real password, only for timing");
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
  if (!user || !user.passwordHash || !valid) {
    recordFailedSignIn(keys);
    recordAudit({
      action: "sign-in-failed",
      subjectUserId: user?.id ?? null,
      details: { email, ip: clientIp, knownDevice: keys.knownDevice },
    });
    return { ok: false, problem: "invalid" };
  }

  const cookies = [await startSession(user.id)];
  const deviceCookie = await rememberDevice(request, user.id);
  if (deviceCookie) cookies.push(deviceCookie);
  recordAudit({ action: "sign-in", actorUserId: user.id, subjectUserId: user.id, details: { ip: clientIp } });
  return { ok: true, userId: user.id, cookies, language: user.language };
}
