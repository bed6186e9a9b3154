import fs from "node:fs";
import path from "node:path";
import { env } from "~/env.server";
import { BUILT_CONTENT_FORMAT, CATALOGUE_FILE, moduleFileName, pick, type BuiltCatalogue, type BuiltModule, type BuiltModuleEntry } from "./built";
import type { ContentLanguage, LessonPage, ModuleSummary, QuizBank } from "./types";

/**
 * Reads what `npm run content:build` wrote to CONTENT_BUILD_DIR and keeps it in memory.
 * In development it looks at each file's modification time on every call and reloads a file that
 * the content watcher rewrote, so an edited lesson shows on the next page load.
 */

interface Loaded<T> {
  mtimeMs: number;
  value: T;
}

const loaded = new Map<string, Loaded<unknown>>();
let warnedMissing = false;

function buildDir(): string {
  return path.resolve(env().CONTENT_BUILD_DIR);
}

function readBuiltFile<T extends { format: number }>(file: string): T | null {
  const previous = loaded.get(file) as Loaded<T> | undefined;
  if (previous && env().NODE_ENV !== "development") return previous.value;
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    loaded.delete(file);
    return null;
  }
  if (previous && previous.mtimeMs === mtimeMs) return previous.value;
  const value = JSON.parse(fs.readFileSync(file, "utf8")) as T;
  if (value.format !== BUILT_CONTENT_FORMAT) {
    throw new Error(`${file} was built by another version of the content pipeline: run npm run content:build.`);
  }
  loaded.set(file, { mtimeMs, value });
  return value;
}

function catalogue(): BuiltCatalogue {
  const file = path.join(buildDir(), CATALOGUE_FILE);
  const found = readBuiltFile<BuiltCatalogue>(file);
  if (found) return found;
  if (!warnedMissing) {
    console.warn(`No built content at ${file}: run npm run content:build. Showing no modules.`);
    warnedMissing = true;
  }
  return { format: BUILT_CONTENT_FORMAT, builtAt: "", modules: [] };
}

function findEntry(slug: string): BuiltModuleEntry | undefined {
  return catalogue().modules.find((m) => m.slug === slug);
}

function builtModule(slug: string): BuiltModule | null {
  // Only slugs the catalogue lists become file names, so a request cannot name another file.
  if (!findEntry(slug)) return null;
  return readBuiltFile<BuiltModule>(path.join(buildDir(), moduleFileName(slug)));
}

function summarise(entry: BuiltModuleEntry, language: ContentLanguage): ModuleSummary {
  const text = pick(entry.text, language);
  return {
    slug: entry.slug,
    order: entry.order,
    title: text.value.title,
    summary: text.value.summary,
    minutes: entry.minutes,
    version: entry.version,
    majorVersion: entry.majorVersion,
    versionDate: entry.versionDate,
    lastReviewed: entry.lastReviewed,
    audience: entry.audience,
    outcomes: text.value.outcomes,
    sources: entry.sources,
    level1Areas: entry.level1Areas,
    pages: entry.pages.map((p) => ({ number: p.number, title: pick(p.title, language).value, outcomes: p.outcomes })),
    language: text.language,
    isFallback: text.isFallback,
    welsh: entry.welsh,
    translationStatus: entry.translationStatus,
  };
}

/** Every module, sorted by its `order`, in the requested language where translated. */
export function listModules(language: ContentLanguage): ModuleSummary[] {
  return catalogue().modules.map((entry) => summarise(entry, language));
}

export function getModule(slug: string, language: ContentLanguage): ModuleSummary | null {
  const entry = findEntry(slug);
  return entry ? summarise(entry, language) : null;
}

/** A lesson page by its 1-based number; the English page, marked as a fallback, when Welsh is missing. */
export function getLessonPage(slug: string, pageNumber: number, language: ContentLanguage): LessonPage | null {
  const built = builtModule(slug);
  const page = built?.pages.find((p) => p.number === pageNumber);
  if (!built || !page) return null;
  const content = pick(page.content, language);
  return {
    number: page.number,
    title: content.value.title,
    html: content.value.html,
    htmlWales: content.value.htmlWales,
    localContacts: content.value.localContacts === true,
    language: content.language,
    isFallback: content.isFallback,
    pageCount: built.pages.length,
  };
}

/** SERVER ONLY: the question bank with its answer key. Never return this from a loader. */
export function getQuizBank(slug: string, language: ContentLanguage): QuizBank | null {
  const built = builtModule(slug);
  if (!built) return null;
  const questions = pick(built.quiz.questions, language);
  return {
    slug: built.slug,
    version: built.version,
    passMark: built.quiz.passMark,
    questionsPerAttempt: built.quiz.questionsPerAttempt,
    questions: questions.value,
    language: questions.language,
    isFallback: questions.isFallback,
  };
}
