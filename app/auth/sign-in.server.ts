import { eq } from "drizzle-orm";
import { users, type Language } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { db } from "~/db.server";
import { startSession } from "./lucia.server";
import { hashPassword, verifyPassword } from "./password.server";
import { isSignInLimited, recordFailedSignIn, signInLimitKeys } from "./rate-limit.server";

export type SignInResult =
  | { ok: true; sessionCookie: string; language: Language }
  | { ok: false; problem: "invalid" | "rate-limited" };

// Verified against when the email is unknown, so a wrong email takes as long as a wrong password.
let dummyHash: Promise<string> | undefined;

export async function attemptSignIn(email: string, password: string, clientIp: string): Promise<SignInResult> {
  const keys = signInLimitKeys(email, clientIp);
  if (isSignInLimited(keys)) {
    recordAudit({ action: "sign-in-failed", details: { email, reason: "rate-limited", ip: clientIp } });
    return { ok: false, problem: "rate-limited" };
  }

  const user = db().select().from(users).where(eq(users.email, email)).get();
  dummyHash ??= hashPassword("not a real password, only for timing");
  const valid = await verifyPassword(user?.passwordHash ?? (await dummyHash), password);
  if (!user || !user.passwordHash || !valid) {
    recordFailedSignIn(keys);
    recordAudit({ action: "sign-in-failed", subjectUserId: user?.id ?? null, details: { email, ip: clientIp } });
    return { ok: false, problem: "invalid" };
  }

  const sessionCookie = await startSession(user.id);
  recordAudit({ action: "sign-in", actorUserId: user.id, subjectUserId: user.id, details: { ip: clientIp } });
  return { ok: true, sessionCookie, language: user.language };
}
