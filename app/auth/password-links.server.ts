import { eq } from "drizzle-orm";
import { users, type Language, type TokenPurpose } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { db } from "~/db.server";
import { sendEmail, withQueuedDelivery } from "~/email/mailer.server";
import { env } from "~/env.server";
import { i18nServer } from "~/i18n/i18n.server";
import { createOneTimeToken } from "./one-time-links.server";
import { allowPasswordResetRequest } from "./rate-limit.server";

export function setPasswordUrl(token: string): string {
  return new URL(`/set-password/${token}`, env().APP_URL).toString();
}

type LinkUser = { id: string; email: string; givenName: string; language: Language };

/** Emails the person a one-time link in their own language. */
async function sendLinkEmail(user: LinkUser, purpose: TokenPurpose, values: Record<string, string>): Promise<void> {
  const token = createOneTimeToken(user.id, purpose);
  const t = await i18nServer.getFixedT(user.language);
  const keys =
    purpose === "invitation"
      ? ["auth.email.invitationSubject", "auth.email.invitationBody"]
      : ["auth.email.resetSubject", "auth.email.resetBody"];
  await sendEmail({
    to: user.email,
    language: user.language,
    subject: t(keys[0]),
    text: t(keys[1], { name: user.givenName, link: setPasswordUrl(token), ...values }),
  });
}

export function sendInvitationEmail(user: LinkUser, organisationName: string): Promise<void> {
  return sendLinkEmail(user, "invitation", { organisation: organisationName });
}

export type ResetRequestResult = "accepted" | "rate-limited";

/**
 * Queues a reset link if the account exists, within the limits per email and per address; says
 * nothing about whether it exists. The email is only queued (delivered in the background), so the
 * answer takes the same time either way and no one can probe for accounts.
 */
export async function requestPasswordReset(email: string, clientIp: string): Promise<ResetRequestResult> {
  const allowed = allowPasswordResetRequest(email, clientIp);
  const user = db().select().from(users).where(eq(users.email, email)).get();
  recordAudit({
    action: "password-reset-requested",
    subjectUserId: user?.id ?? null,
    details: { email, ip: clientIp, ...(allowed ? {} : { reason: "rate-limited" }) },
  });
  if (!allowed) return "rate-limited";
  if (user) await withQueuedDelivery(() => sendLinkEmail(user, "password-reset", {}));
  return "accepted";
}
