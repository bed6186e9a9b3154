/**
 * What the content catalogue hands to routes. Plain types, safe for the browser, with one
 * exception: `QuizBank` carries the answer key and must never leave the server.
 */

export type ContentLanguage = "en-GB" | "cy";

export interface Outcome {
  id: string;
  text: string;
}

export interface Source {
  title: string;
  url: string;
}

export interface ModuleSummary {
  slug: string;
  order: number;
  title: string;
  summary: string;
  minutes: number;
  version: string;
  majorVersion: number;
  versionDate: string;
  lastReviewed: string;
  audience: string;
  outcomes: Outcome[];
  sources: Source[];
  /** Page titles, each in the requested language where that page is translated, and the outcomes each teaches. */
  pages: { number: number; title: string; outcomes: string[] }[];
  /** The language of title, summary and outcomes as returned. */
  language: ContentLanguage;
  /** True when Welsh was asked for but the module's metadata has no Welsh translation. */
  isFallback: boolean;
  welsh: "none" | "partial" | "full";
  translationStatus: "awaiting-review" | "reviewed" | null;
}

export interface LessonPage {
  number: number;
  title: string;
  /** Static HTML rendered at build time: no scripts, no inline styles. */
  html: string;
  /** The Welsh-organisation version, when <ForNation> blocks make it differ. */
  htmlWales?: string;
  /** The page has <LocalContact> markers for the server to fill in. */
  localContacts: boolean;
  language: ContentLanguage;
  isFallback: boolean;
  pageCount: number;
}

export interface QuizOption {
  id: string;
  text: string;
  correct: boolean;
  explanation: string;
}

export interface QuizQuestion {
  id: string;
  outcome: string;
  text: string;
  /** More than one option is correct: the learner ticks every right answer. */
  multiple: boolean;
  options: QuizOption[];
}

/** SERVER ONLY: includes the answer key. */
export interface QuizBank {
  slug: string;
  version: string;
  passMark: number;
  questionsPerAttempt: number;
  questions: QuizQuestion[];
  language: ContentLanguage;
  isFallback: boolean;
}
