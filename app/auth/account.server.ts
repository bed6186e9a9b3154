import { eq } from "drizzle-orm";
import { z } from "zod";
import { LANGUAGES, users, type Language } from "@db/schema";
import { db } from "~/db.server";

/** The account page's forms: the language, an answer to a request to join, leaving an organisation. */
export const AccountChoiceSchema = z.discriminatedUnion(
  "intent",
  [
    z.object({ intent: z.literal("language"), language: z.enum(LANGUAGES, { error: "auth.account.languageLegend" }) }),
    z.object({
      intent: z.enum(["accept", "decline"]),
      requestId: z.coerce
        .number({ error: "auth.account.errors.requestGone" })
        .int("auth.account.errors.requestGone")
        .positive("auth.account.errors.requestGone"),
    }),
    z.object({
      intent: z.literal("leave"),
      membershipId: z.coerce
        .number({ error: "auth.account.errors.membershipGone" })
        .int("auth.account.errors.membershipGone")
        .positive("auth.account.errors.membershipGone"),
    }),
  ],
  { error: "auth.account.errors.unknownChoice" },
);

export function saveLanguagePreference(userId: string, language: Language): void {
  db().update(users).set({ language }).where(eq(users.id, userId)).run();
}
