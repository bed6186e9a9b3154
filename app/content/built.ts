import type { ContentLanguage, ModuleSummary, Outcome, QuizQuestion, Source } from "./types";

/**
 * The files `npm run content:build` writes to CONTENT_BUILD_DIR and the catalogue reads.
 * Raise the format number whenever these shapes change, so a server never reads stale output.
 */
export const BUILT_CONTENT_FORMAT = 2;
export const CATALOGUE_FILE = "catalogue.json";

export type ByLanguage<T> = { "en-GB": T } & { cy?: T };

export interface BuiltModuleText {
  title: string;
  summary: string;
  outcomes: Outcome[];
}

/** One module in catalogue.json: metadata only, never lesson HTML or answers. */
export interface BuiltModuleEntry {
  slug: string;
  order: number;
  minutes: number;
  version: string;
  majorVersion: number;
  versionDate: string;
  lastReviewed: string;
  audience: string;
  sources: Source[];
  welsh: ModuleSummary["welsh"];
  translationStatus: ModuleSummary["translationStatus"];
  text: ByLanguage<BuiltModuleText>;
  pages: { number: number; title: ByLanguage<string>; outcomes: string[] }[];
}

export interface BuiltCatalogue {
  format: number;
  builtAt: string;
  modules: BuiltModuleEntry[];
}

export interface BuiltPageContent {
  title: string;
  /** As staff of organisations in England see it (and anyone without an organisation). */
  html: string;
  /** Only when <ForNation> blocks make the page differ for organisations in Wales. */
  htmlWales?: string;
  /** The page has <LocalContact> markers to fill in per learner. */
  localContacts?: boolean;
}

/** modules/<slug>.json: a module's rendered pages and its question bank (with answers: server only). */
export interface BuiltModule {
  format: number;
  slug: string;
  version: string;
  pages: { number: number; content: ByLanguage<BuiltPageContent> }[];
  quiz: {
    passMark: number;
    questionsPerAttempt: number;
    questions: ByLanguage<QuizQuestion[]>;
  };
}

/** Module files sit in their own folder, so no slug (not even "catalogue") can clash with the catalogue. */
export const MODULES_FOLDER = "modules";

export function moduleFileName(slug: string): string {
  return `${MODULES_FOLDER}/${slug}.json`;
}

export function pick<T>(values: ByLanguage<T>, language: ContentLanguage): { value: T; language: ContentLanguage; isFallback: boolean } {
  if (language === "cy") {
    return values.cy === undefined ? { value: values["en-GB"], language: "en-GB", isFallback: true } : { value: values.cy, language: "cy", isFallback: false };
  }
  return { value: values["en-GB"], language: "en-GB", isFallback: false };
}
