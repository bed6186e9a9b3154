import crypto from "node:crypto";
import { eq } from "drizzle-orm";
import { z } from "zod";
import { LANGUAGES, users } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { createOneTimeToken } from "~/auth/one-time-links.server";
import { setPasswordUrl } from "~/auth/password-links.server";
import { db } from "~/db.server";
import { sendEmail } from "~/email/mailer.server";
import { env } from "~/env.server";
import { i18nServer } from "~/i18n/i18n.server";

export const NewAdminSchema = z.object({
  email: z
    .string({ error: "Give the new admin's email address with --email." })
    .trim()
    .toLowerCase()
    .pipe(
      z
        .email({ error: (issue) => `"${String(issue.input)}" is not an email address.` })
        .max(254, "The email address is too long."),
    ),
  name: z
    .string({ error: 'Give the new admin\'s full name with --name, in quotes: --name "Alex Morgan".' })
    .trim()
    .min(1, 'Give the new admin\'s full name with --name, in quotes: --name "Alex Morgan".')
    .max(200, "The name is too long (200 characters at most)."),
  language: z.enum(LANGUAGES, { error: `The language must be one of: ${LANGUAGES.join(", ")}.` }).default("en-GB"),
});

export type NewAdmin = z.input<typeof NewAdminSchema>;

export type CreateAdminResult =
  { ok: true; userId: string; email: string; link: string; emailed: boolean } | { ok: false; problems: string[] };

/** "Alex Morgan-Jones" → given "Alex", family "Morgan-Jones"; a single name is all given name. */
function splitName(name: string): { givenName: string; familyName: string } {
  const parts = name.split(/\s+/);
  if (parts.length === 1) return { givenName: name, familyName: "" };
  return { givenName: parts.slice(0, -1).join(" "), familyName: parts[parts.length - 1] };
}

/**
 * A new system admin with no password yet, and a one-time link to set one (emailed too when an
 * SMTP server is configured). Bad input or an email already in use changes nothing.
 */
export async function createSystemAdmin(input: NewAdmin): Promise<CreateAdminResult> {
  const parsed = NewAdminSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: [...new Set(parsed.error.issues.map((issue) => issue.message))] };
  const { email, name, language } = parsed.data;

  const existing = db().select({ role: users.platformRole }).from(users).where(eq(users.email, email)).get();
  if (existing) {
    const already = existing.role === "admin" ? ", and it is a system admin already" : "";
    return {
      ok: false,
      problems: [
        `There is already an account for ${email}${already}. Nothing was changed. To make an existing person a system admin, a system admin changes their role under System admin, People and roles.`,
      ],
    };
  }

  const userId = crypto.randomUUID();
  const { givenName, familyName } = splitName(name);
  let token = "";
  db().transaction((tx) => {
    tx.insert(users).values({ id: userId, email, givenName, familyName, language, platformRole: "admin" }).run();
    recordAudit(
      {
        action: "role-changed",
        subjectUserId: userId,
        details: { platformRole: "admin", created: true, via: "command line" },
      },
      tx,
    );
    token = createOneTimeToken(userId, "invitation");
  });
  const link = setPasswordUrl(token);

  const emailed = env().SMTP_URL !== undefined;
  if (emailed) {
    const t = await i18nServer.getFixedT(language);
    await sendEmail({
      to: email,
      language,
      subject: t("admin.firstAdmin.emailSubject"),
      text: t("admin.firstAdmin.emailBody", { name: givenName, link, site: env().APP_URL }),
    });
  }
  return { ok: true, userId, email, link, emailed };
}
