import { FALLBACK_LANGUAGE, isSupportedLanguage } from "./config";
import { resources } from "./resources";

interface MetaMatch {
  id: string;
  data: unknown;
}

/** Translates a key for a `meta` export, which cannot use hooks; the language comes from the root loader. */
export function translateForMeta(matches: MetaMatch[], key: string, values: Record<string, string> = {}): string {
  const rootData = matches.find((m) => m.id === "root")?.data as { language?: unknown } | undefined;
  const language = isSupportedLanguage(rootData?.language) ? rootData.language : FALLBACK_LANGUAGE;
  const lookup = (lng: keyof typeof resources) =>
    key
      .split(".")
      .reduce<unknown>(
        (node, part) => (node as Record<string, unknown> | undefined)?.[part],
        resources[lng].translation,
      );
  const found = lookup(language) ?? lookup(FALLBACK_LANGUAGE);
  const text = typeof found === "string" ? found : key;
  return text.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? "");
}

/** "<page> - Cyber Basics", in the page's language. */
export function pageTitle(matches: MetaMatch[], key: string, values?: Record<string, string>) {
  return [{ title: `${translateForMeta(matches, key, values)} - ${translateForMeta(matches, "service.name")}` }];
}
