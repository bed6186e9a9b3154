import fs from "node:fs";
import path from "node:path";
import { hasLocalContacts } from "./local-contacts.server";
import { BUILT_CONTENT_FORMAT, type BuiltPageContent, CATALOGUE_FILE, moduleFileName, MODULES_FOLDER, type BuiltCatalogue, type BuiltModule, type BuiltModuleEntry } from "./built";
import { writeFileAtomic } from "./cache.server";
import { checkContent, DEFAULT_CACHE_DIR, DEFAULT_CONTENT_DIR, type CheckedModule, type CheckResult, type LessonFile } from "./check.server";
import type { Quiz, WelshQuiz } from "./schemas.server";
import type { QuizQuestion } from "./types";

/**
 * `npm run content:build`: checks every module, renders each lesson page to static HTML in
 * English and (where translated) Welsh, and writes catalogue.json plus modules/<slug>.json for each module
 * to the build folder. Images go to public/content/<slug>/. Nothing is written when the check
 * finds an error, so a broken module never replaces a working build.
 */

export const DEFAULT_PUBLIC_DIR = "public/content";

export interface BuildOptions {
  dir?: string;
  outDir: string;
  cacheDir?: string;
  publicDir?: string;
}

export interface BuildResult extends CheckResult {
  ok: boolean;
  /** Modules whose lessons were compiled this time. */
  compiled: string[];
  /** Modules taken unchanged from the compile cache. */
  cached: string[];
}

function questionsOf(quiz: Quiz | WelshQuiz): QuizQuestion[] {
  return quiz.questions.map((q) => ({
    id: q.id,
    outcome: q.outcome,
    text: q.text,
    multiple: q.options.filter((o) => o.correct === true).length > 1,
    options: q.options.map((o) => ({ id: o.id, text: o.text, correct: o.correct === true, explanation: o.explanation })),
  }));
}

function welshCoverage(module: CheckedModule): BuiltModuleEntry["welsh"] {
  const parts = [module.welshMeta, module.welshQuiz, ...module.pages.map((p) => p.welsh)];
  if (parts.every(Boolean)) return "full";
  return parts.some(Boolean) ? "partial" : "none";
}

/** The page as English staff see it, plus the Welsh-organisation version when <ForNation> makes it differ. */
function render(lesson: LessonFile): BuiltPageContent {
  // The check rendered every page for both nations and passed, so each has its title and HTML.
  const html = lesson.html!;
  const htmlWales = lesson.htmlWales!;
  return { title: lesson.title!, html, ...(htmlWales !== html ? { htmlWales } : {}), ...(hasLocalContacts(html + htmlWales) ? { localContacts: true } : {}) };
}

function buildModule(module: CheckedModule): { entry: BuiltModuleEntry; built: BuiltModule } {
  // The check passed, so every required part is present.
  const meta = module.meta!;
  const quiz = module.quiz!;
  const entry: BuiltModuleEntry = {
    slug: module.slug,
    order: meta.order,
    minutes: meta.minutes,
    version: meta.version,
    majorVersion: Number(meta.version.split(".")[0]),
    versionDate: meta.versionDate,
    lastReviewed: meta.lastReviewed,
    audience: meta.audience,
    sources: meta.sources,
    welsh: welshCoverage(module),
    translationStatus: module.welshMeta?.translation.status ?? null,
    text: {
      "en-GB": { title: meta.title, summary: meta.summary, outcomes: meta.outcomes.map(({ id, text }) => ({ id, text })) },
      ...(module.welshMeta ? { cy: { title: module.welshMeta.title, summary: module.welshMeta.summary, outcomes: module.welshMeta.outcomes } } : {}),
    },
    pages: module.pages.map((page) => ({
      number: page.number,
      title: { "en-GB": page.english.title!, ...(page.welsh ? { cy: page.welsh.title! } : {}) },
      outcomes: page.english.outcomes,
    })),
  };
  const built: BuiltModule = {
    format: BUILT_CONTENT_FORMAT,
    slug: module.slug,
    version: meta.version,
    pages: module.pages.map((page) => ({
      number: page.number,
      content: {
        "en-GB": render(page.english),
        ...(page.welsh ? { cy: render(page.welsh) } : {}),
      },
    })),
    quiz: {
      passMark: quiz.passMark,
      questionsPerAttempt: quiz.questionsPerAttempt,
      questions: { "en-GB": questionsOf(quiz), ...(module.welshQuiz ? { cy: questionsOf(module.welshQuiz) } : {}) },
    },
  };
  return { entry, built };
}

/** Replaces public/content/<slug>/ with the module's images and removes folders of deleted modules. */
function publishImages(modules: CheckedModule[], publicDir: string) {
  fs.mkdirSync(publicDir, { recursive: true });
  const slugs = new Set(modules.map((m) => m.slug));
  for (const entry of fs.readdirSync(publicDir)) {
    if (!slugs.has(entry)) fs.rmSync(path.join(publicDir, entry), { recursive: true, force: true });
  }
  for (const module of modules) {
    const target = path.join(publicDir, module.slug);
    fs.rmSync(target, { recursive: true, force: true });
    for (const image of module.images) {
      fs.mkdirSync(path.dirname(path.join(target, image)), { recursive: true });
      fs.copyFileSync(path.join(module.dir, image), path.join(target, image));
    }
  }
}

export async function buildContent({ dir = DEFAULT_CONTENT_DIR, outDir, cacheDir = DEFAULT_CACHE_DIR, publicDir = DEFAULT_PUBLIC_DIR }: BuildOptions): Promise<BuildResult> {
  const check = await checkContent({ dir, cacheDir });
  const compiled = check.modules.filter((m) => !m.fromCache).map((m) => m.slug);
  const cached = check.modules.filter((m) => m.fromCache).map((m) => m.slug);
  if (check.errorCount > 0) return { ...check, ok: false, compiled, cached };

  const results = check.modules.map(buildModule);

  fs.mkdirSync(path.join(outDir, MODULES_FOLDER), { recursive: true });
  const current = new Set(results.map((r) => moduleFileName(r.entry.slug)));
  for (const { built } of results) writeFileAtomic(path.join(outDir, moduleFileName(built.slug)), JSON.stringify(built));
  for (const name of fs.readdirSync(path.join(outDir, MODULES_FOLDER))) {
    if (!current.has(`${MODULES_FOLDER}/${name}`)) fs.rmSync(path.join(outDir, MODULES_FOLDER, name), { force: true });
  }
  publishImages(check.modules, publicDir);
  // The catalogue goes last: the server reloads when it changes, and by then every module file is in place.
  const catalogue: BuiltCatalogue = {
    format: BUILT_CONTENT_FORMAT,
    builtAt: new Date().toISOString(),
    modules: results.map((r) => r.entry).sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug)),
  };
  writeFileAtomic(path.join(outDir, CATALOGUE_FILE), JSON.stringify(catalogue, null, 1));
  return { ...check, ok: true, compiled, cached };
}
