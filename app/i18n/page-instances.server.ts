import { createInstance, type i18n as I18n } from "i18next";
import { initReactI18next } from "react-i18next";
import { DEFAULT_NAMESPACE, FALLBACK_LANGUAGE, SUPPORTED_LANGUAGES, type SupportedLanguage } from "./config";
import { resources } from "./resources";

/** The options fixedT() always passes on; the rest (values to interpolate, a count) become part of what is remembered. */
const PLAIN_OPTIONS = new Set(["lng", "lngs", "ns", "keyPrefix"]);

/** Distinct strings with values remembered per instance before starting afresh (names make them unbounded). */
const MAX_REMEMBERED_WITH_VALUES = 5_000;

/**
 * What a call with values gives, as a key, when every value is a string, number or boolean (the
 * answer then depends on nothing else); undefined otherwise.
 */
function valuesId(options: Record<string, unknown>): string | undefined {
  let id = "";
  for (const name in options) {
    if (PLAIN_OPTIONS.has(name)) continue;
    const value = options[name];
    const type = typeof value;
    if (type !== "string" && type !== "number" && type !== "boolean") return undefined;
    // JSON: a value holding the separators cannot pass for another.
    id += `\u0000${name}\u0001${JSON.stringify(value)}`;
  }
  return id;
}

/**
 * Remembers each string once worked out, plain or with simple values ("page 2 of 7"): i18next
 * resolves every t() call afresh (language hierarchy, key path, plural rules, interpolation pass),
 * several microseconds each, and a page makes dozens.
 */
function rememberStrings(instance: I18n) {
  const translate = instance.t.bind(instance);
  const known = new Map<string, unknown>();
  let withValues = 0;
  instance.t = ((key: unknown, options?: Record<string, unknown>) => {
    if (typeof key !== "string") return translate(key as string, options);
    const values = options ? valuesId(options) : "";
    if (values === undefined) return translate(key, options);
    const id = `${String(options?.lng)}\u0000${String(options?.ns)}\u0000${key}${values}`;
    let text = known.get(id);
    if (text === undefined) {
      text = translate(key, options);
      if (typeof text === "string") {
        if (values !== "" && ++withValues > MAX_REMEMBERED_WITH_VALUES) {
          for (const remembered of known.keys()) if (remembered.includes("\u0001")) known.delete(remembered);
          withValues = 1;
        }
        known.set(id, text);
      }
    }
    return text;
  }) as I18n["t"];
}

/**
 * Remembers each language's lookup order: i18next works it out again (canonicalising each language
 * code through Intl) for every t() call it resolves, and the answer never changes for an instance.
 */
function rememberLanguageHierarchy(instance: I18n) {
  const utils = instance.services.languageUtils as {
    toResolveHierarchy(code: unknown, fallbackCode?: unknown): string[];
  };
  const resolveHierarchy = utils.toResolveHierarchy.bind(utils);
  const known = new Map<string, string[]>();
  utils.toResolveHierarchy = (code, fallbackCode) => {
    if (typeof code !== "string" || fallbackCode !== undefined) return resolveHierarchy(code, fallbackCode);
    let codes = known.get(code);
    if (!codes) {
      codes = resolveHierarchy(code);
      known.set(code, codes);
    }
    // A copy: callers own the array they are given.
    return [...codes];
  };
}

const instances = new Map<SupportedLanguage, I18n>();

/**
 * The i18next instance server-rendered pages use for a language, made once: a page only reads from
 * it (the language never changes on the server), so every request shares it.
 */
export function pageI18n(language: SupportedLanguage): I18n {
  let instance = instances.get(language);
  if (!instance) {
    instance = createInstance();
    // With the resources given inline this finishes synchronously.
    void instance.use(initReactI18next).init({
      lng: language,
      supportedLngs: [...SUPPORTED_LANGUAGES],
      fallbackLng: FALLBACK_LANGUAGE,
      defaultNS: DEFAULT_NAMESPACE,
      resources,
      interpolation: { escapeValue: false },
      // Only the exact language and then the fallback: what the default resolves to for our two
      // languages ("en" is not supported), without working it out again on every t() call.
      load: "currentOnly",
      initImmediate: false,
    });
    rememberLanguageHierarchy(instance);
    rememberStrings(instance);
    instances.set(language, instance);
  }
  return instance;
}
