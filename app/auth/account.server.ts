import { eq } from "drizzle-orm";
import { z } from "zod";
import { LANGUAGES, users, type Language } from "@db/schema";
import { db } from "~/db.server";

export const LanguagePreferenceSchema = z.object({ language: z.enum(LANGUAGES, { error: "auth.account.languageLegend" }) });

export function saveLanguagePreference(userId: string, language: Language): void {
  db().update(users).set({ language }).where(eq(users.id, userId)).run();
}
