import { createInstance } from "i18next";
import { initReactI18next } from "react-i18next";
import { DEFAULT_NAMESPACE, FALLBACK_LANGUAGE, type SupportedLanguage } from "~/i18n/config";
import { resources } from "~/i18n/resources";

/** A real i18next instance with the app's own resources, for component tests. */
export async function createTestI18n(language: SupportedLanguage = FALLBACK_LANGUAGE) {
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({
    lng: language,
    fallbackLng: FALLBACK_LANGUAGE,
    defaultNS: DEFAULT_NAMESPACE,
    resources,
    interpolation: { escapeValue: false },
  });
  return i18n;
}
