import { eq } from "drizzle-orm";
import { users, type Language } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { db } from "~/db.server";
import { sendEmail } from "~/email/mailer.server";
import { env } from "~/env.server";
import { i18nServer } from "~/i18n/i18n.server";
import { createOneTimeToken } from "./one-time-links.server";

export function setPasswordUrl(token: string): string {
  return new URL(`/set-password/${token}`, env().APP_URL).toString();
}

export async function sendInvitationEmail(user: { id: string; email: string; givenName: string; language: Language }, organisationName: string): Promise<void> {
  const token = createOneTimeToken(user.id, "invitation");
  const t = await i18nServer.getFixedT(user.language);
  await sendEmail({
    to: user.email,
    language: user.language,
    subject: t("auth.email.invitationSubject"),
    text: t("auth.email.invitationBody", { name: user.givenName, organisation: organisationName, link: setPasswordUrl(token) }),
  });
}

/** Sends a reset link if the account exists; says nothing either way, so no one can probe for accounts. */
export async function requestPasswordReset(email: string, clientIp: string): Promise<void> {
  const user = db().select().from(users).where(eq(users.email, email)).get();
  recordAudit({ action: "password-reset-requested", subjectUserId: user?.id ?? null, details: { email, ip: clientIp } });
  if (!user) return;
  const token = createOneTimeToken(user.id, "password-reset");
  const t = await i18nServer.getFixedT(user.language);
  await sendEmail({
    to: user.email,
    language: user.language,
    subject: t("auth.email.resetSubject"),
    text: t("auth.email.resetBody", { name: user.givenName, link: setPasswordUrl(token) }),
  });
}
