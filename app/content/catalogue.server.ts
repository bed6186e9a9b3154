import fs from "node:fs";
import path from "node:path";
import { env } from "~/env.server";
import { BUILT_CONTENT_FORMAT, CATALOGUE_FILE, moduleFileName, pick, type BuiltCatalogue, type BuiltModule, type BuiltModuleEntry } from "./built";
import type { ContentLanguage, LessonPage, ModuleSummary, QuizBank } from "./types";

/**
 * Reads what `npm run content:build` wrote to CONTENT_BUILD_DIR: the catalogue and every module,
 * all at once, into one snapshot that requests read. A new build replaces the snapshot whole, so a
 * request sees either the old content or the new, never a mix, and no request waits or fails:
 *  - the server watches catalogue.json (the build writes it last, when every module file is in
 *    place) and loads the new build within about a second;
 *  - `kill -HUP <pid>` loads it at once;
 *  - in development every call looks at catalogue.json's modification time, so a saved lesson shows
 *    on the next page load.
 * A build that cannot be read (half copied by hand, another pipeline version) is logged and the
 * content already loaded stays.
 */

interface Snapshot {
  mtimeMs: number;
  catalogue: BuiltCatalogue;
  modules: Map<string, BuiltModule>;
}

const EMPTY: Snapshot = { mtimeMs: -1, catalogue: { format: BUILT_CONTENT_FORMAT, builtAt: "", modules: [] }, modules: new Map() };
const WATCH_INTERVAL_MS = 1_000;

let snapshot: Snapshot | undefined;
/** catalogue.json's modification time at the last load, whether or not it could be read. */
let seenMtimeMs = -1;
let watching: string | undefined;
let warnedMissing = false;

function buildDir(): string {
  return path.resolve(env().CONTENT_BUILD_DIR);
}

function readBuiltFile<T extends { format: number }>(file: string): T {
  const value = JSON.parse(fs.readFileSync(file, "utf8")) as T;
  if (value.format !== BUILT_CONTENT_FORMAT) {
    throw new Error(`${file} was built by another version of the content pipeline: run npm run content:build.`);
  }
  return value;
}

/** The build in the folder now, or null when there is none. Throws when it cannot be read. */
function readSnapshot(dir: string): Snapshot | null {
  const file = path.join(dir, CATALOGUE_FILE);
  let mtimeMs: number;
  try {
    mtimeMs = fs.statSync(file).mtimeMs;
  } catch {
    return null;
  }
  const catalogue = readBuiltFile<BuiltCatalogue>(file);
  const modules = new Map(catalogue.modules.map((entry) => [entry.slug, readBuiltFile<BuiltModule>(path.join(dir, moduleFileName(entry.slug)))]));
  return { mtimeMs, catalogue, modules };
}

/** Loads the build now in CONTENT_BUILD_DIR in place of the one being served. */
export function reloadContent(): void {
  const dir = buildDir();
  seenMtimeMs = catalogueMtime();
  try {
    const next = readSnapshot(dir);
    if (!next && !warnedMissing) {
      console.warn(`No built content at ${path.join(dir, CATALOGUE_FILE)}: run npm run content:build. Showing no modules.`);
      warnedMissing = true;
    }
    snapshot = next ?? EMPTY;
  } catch (error) {
    console.error(`Could not load the content build in ${dir}; still serving the content loaded before:`, error);
    snapshot ??= EMPTY;
  }
}

/** Starts watching the build's catalogue and listening for SIGHUP (once per process). */
export function watchContentBuild(): void {
  const file = path.join(buildDir(), CATALOGUE_FILE);
  if (watching === file) return;
  if (watching) fs.unwatchFile(watching);
  watching = file;
  fs.watchFile(file, { interval: WATCH_INTERVAL_MS, persistent: false }, (now, before) => {
    if (now.mtimeMs !== before.mtimeMs) reloadContent();
  });
  if (!process.listeners("SIGHUP").includes(reloadContent)) process.on("SIGHUP", reloadContent);
}

function catalogueMtime(): number {
  try {
    return fs.statSync(path.join(buildDir(), CATALOGUE_FILE)).mtimeMs;
  } catch {
    return -1;
  }
}

function current(): Snapshot {
  if (!snapshot) {
    reloadContent();
    watchContentBuild();
  } else if ((env().NODE_ENV === "development" || snapshot === EMPTY) && catalogueMtime() !== seenMtimeMs) {
    // In development, and while there is nothing to serve yet, a look costs one stat.
    reloadContent();
  }
  return snapshot!;
}

function catalogue(): BuiltCatalogue {
  return current().catalogue;
}

function findEntry(slug: string): BuiltModuleEntry | undefined {
  return catalogue().modules.find((m) => m.slug === slug);
}

function builtModule(slug: string): BuiltModule | null {
  return current().modules.get(slug) ?? null;
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
