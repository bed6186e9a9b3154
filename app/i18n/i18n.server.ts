import { createCookie } from "@remix-run/node";
import { RemixI18Next } from "remix-i18next/server";
import { env } from "~/env.server";
import {
  DEFAULT_NAMESPACE,
  FALLBACK_LANGUAGE,
  SUPPORTED_LANGUAGES,
  isSupportedLanguage,
  type SupportedLanguage,
} from "./config";
import { resources } from "./resources";

/** Holds the language a person chose with the switch (or their account's language after sign-in). */
export const languageCookie = createCookie("lng", {
  path: "/",
  sameSite: "lax",
  httpOnly: true,
  maxAge: 60 * 60 * 24 * 365,
});

export const i18nServer = new RemixI18Next({
  detection: {
    supportedLanguages: [...SUPPORTED_LANGUAGES],
    fallbackLanguage: FALLBACK_LANGUAGE,
    cookie: languageCookie,
    order: ["cookie", "header"],
  },
  i18next: {
    supportedLngs: [...SUPPORTED_LANGUAGES],
    fallbackLng: FALLBACK_LANGUAGE,
    defaultNS: DEFAULT_NAMESPACE,
    resources,
    // React escapes what it renders; emails are plain text.
    interpolation: { escapeValue: false },
  },
});

export async function getLanguage(request: Request): Promise<SupportedLanguage> {
  const detected = await i18nServer.getLocale(request);
  return isSupportedLanguage(detected) ? detected : FALLBACK_LANGUAGE;
}

export async function getT(request: Request) {
  return i18nServer.getFixedT(await getLanguage(request));
}

export function setLanguageCookie(language: SupportedLanguage): Promise<string> {
  // Decided when sent, not when this module loads, so the environment is read after it is set.
  return languageCookie.serialize(language, { secure: env().NODE_ENV === "production" });
}
