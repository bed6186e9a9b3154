import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { z } from "zod";
import { checkOutcomePages, checkQuizBank, checkWrongExplanations } from "./check-quiz-bank.server";
import { checkWelshTerminology, readTerminology, TERMINOLOGY_FILE, WELSH_LOCALES_DIR, welshContentFiles, welshLocaleFiles } from "./check-welsh-terminology.server";
import { moduleCacheKey, readCachedLessons, writeCachedLessons } from "./cache.server";
import { compileLesson, getCompilerVersion, type CompiledLesson } from "./compile.server";
import type { LessonReference } from "./lesson-validation.server";
import {
  knownKeys,
  ModuleFrontmatterSchema,
  nameQuizField,
  PageFrontmatterSchema,
  QuizSchema,
  SLUG_PATTERN,
  WelshModuleFrontmatterSchema,
  WelshQuizSchema,
  type ModuleFrontmatter,
  type Quiz,
  type WelshModuleFrontmatter,
  type WelshQuiz,
} from "./schemas.server";
import { checkLevel1Coverage } from "./level1-coverage.server";
import { renderLesson, unsafeMarkup } from "./render.server";
import { normaliseText, parseYamlSource, splitFrontmatter, validateYaml, type Problem, type YamlSource } from "./source.server";

/**
 * `npm run content:check`: reads every module folder, checks it against content/README.md and
 * compiles each lesson (from the cache when nothing changed). The build runs the same check and
 * builds only when it finds no errors.
 */

export const DEFAULT_CONTENT_DIR = "content/modules";
export const DEFAULT_CACHE_DIR = ".cache/content";

export const MODULE_FILE = "module.md";
export const WELSH_MODULE_FILE = "module.cy.md";
export const QUIZ_FILE = "quiz.yaml";
export const WELSH_QUIZ_FILE = "quiz.cy.yaml";
const PAGE_FILE = /^(\d+)-[a-z0-9]+(?:-[a-z0-9]+)*\.mdx$/;
const WELSH_PAGE_FILE = /^(\d+)-[a-z0-9]+(?:-[a-z0-9]+)*\.cy\.mdx$/;
export const IMAGE_FILE = /\.(png|jpe?g|gif|webp|svg)$/i;

export interface LessonFile {
  file: string;
  title: string | undefined;
  /** The learning outcomes the page says it teaches (English page's frontmatter). */
  outcomes: string[];
  compiled: CompiledLesson;
  /** The page as static HTML, rendered by the check so the build can never fail where the check passed. */
  html?: string;
  /** The page as staff of an organisation in Wales see it (differs only where it has <ForNation>). */
  htmlWales?: string;
}

export interface CheckedPage {
  number: number;
  english: LessonFile;
  welsh?: LessonFile;
}

export interface CheckedModule {
  slug: string;
  dir: string;
  meta?: ModuleFrontmatter;
  welshMeta?: WelshModuleFrontmatter;
  pages: CheckedPage[];
  quiz?: Quiz;
  welshQuiz?: WelshQuiz;
  /** Image files in the module folder, relative to it, with forward slashes. */
  images: string[];
  /** Whether the lessons came from the compile cache. */
  fromCache: boolean;
}

export interface CheckResult {
  problems: Problem[];
  modules: CheckedModule[];
  errorCount: number;
  warningCount: number;
}

export interface CheckOptions {
  /** The folder holding one folder per module. */
  dir?: string;
  cacheDir?: string;
  /**
   * The Welsh terminology list. Default: welsh-terminology.yaml beside the modules folder
   * (content/welsh-terminology.yaml for the real content, where a missing list is a warning).
   */
  terminologyFile?: string;
  /** Welsh UI strings the terminology list also applies to. Default: app/i18n/locales/cy for the real content, none otherwise. */
  welshLocalesDir?: string | null;
}

const relative = (file: string) => path.relative(process.cwd(), file) || file;

function readText(file: string): string | null {
  try {
    return normaliseText(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
}

function listFiles(dir: string, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name.startsWith(".")) return [];
    const name = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(path.join(dir, entry.name), name) : [name];
  });
}

/** Reads a file that starts with YAML frontmatter and checks it against a schema. */
function readFrontmatterFile<T>(file: string, schema: z.ZodType<T>, fields: string[], problems: Problem[]) {
  const text = readText(file);
  if (text === null) return { value: undefined, source: undefined, text: null };
  const frontmatter = splitFrontmatter(text);
  if (!frontmatter) {
    problems.push({ severity: "error", file: relative(file), line: 1, message: "The file must start with frontmatter: a line `---`, the fields, then a line `---`." });
    return { value: undefined, source: undefined, text };
  }
  const source = parseYamlSource(frontmatter.yaml, relative(file), frontmatter.firstLine);
  problems.push(...source.problems);
  if (source.problems.length > 0) return { value: undefined, source, text, frontmatter };
  const result = validateYaml(schema, source, relative(file), fields);
  problems.push(...result.problems);
  return { value: result.value, source, text, frontmatter };
}

function readQuizFile<T>(file: string, schema: z.ZodType<T>, fields: string[], problems: Problem[]) {
  const text = readText(file);
  if (text === null) return { value: undefined, source: undefined };
  const source = parseYamlSource(text, relative(file));
  problems.push(...source.problems);
  if (source.problems.length > 0) return { value: undefined, source };
  const result = validateYaml(schema, source, relative(file), fields, nameQuizField);
  problems.push(...result.problems);
  return { value: result.value, source };
}

/** Duplicate ids in a list, reported on the second one's line. */
function checkUnique(ids: string[], what: string, file: string, lineOf: (i: number) => number | undefined, problems: Problem[]) {
  const first = new Map<string, number>();
  ids.forEach((id, i) => {
    if (first.has(id)) {
      problems.push({ severity: "error", file, line: lineOf(i), message: `${what} id \`${id}\` is used twice (first on line ${lineOf(first.get(id)!)}). Ids must be unique.` });
    } else first.set(id, i);
  });
}

function checkQuiz(quiz: Quiz, source: YamlSource, file: string, meta: ModuleFrontmatter | undefined, problems: Problem[]) {
  checkUnique(quiz.questions.map((q) => q.id), "Question", file, (i) => source.lineOf(["questions", i, "id"]), problems);
  quiz.questions.forEach((question, q) => {
    checkUnique(question.options.map((o) => o.id), `Question \`${question.id}\`: option`, file, (i) => source.lineOf(["questions", q, "options", i, "id"]), problems);
    if (!question.options.some((o) => o.correct === true)) {
      problems.push({ severity: "error", file, line: source.lineOf(["questions", q, "options"]), message: `Question \`${question.id}\` has no option marked \`correct: true\`.` });
    }
    if (meta && !meta.outcomes.some((o) => o.id === question.outcome)) {
      problems.push({
        severity: "error",
        file,
        line: source.lineOf(["questions", q, "outcome"]),
        message: `Question \`${question.id}\` tests outcome \`${question.outcome}\`, which module.md does not list (it lists: ${meta.outcomes.map((o) => o.id).join(", ")}).`,
      });
    }
  });
  if (quiz.questionsPerAttempt > quiz.questions.length) {
    problems.push({
      severity: "error",
      file,
      line: source.lineOf(["questionsPerAttempt"]),
      message: `\`questionsPerAttempt\` is ${quiz.questionsPerAttempt} but the bank has only ${quiz.questions.length} questions.`,
    });
  }
}

/** The Welsh bank must be the English one with other words: same ids, order, outcomes and answers. */
function compareWelshQuiz(english: Quiz, welsh: WelshQuiz, source: YamlSource, file: string, problems: Problem[]) {
  const differ = (line: number | undefined, message: string) =>
    problems.push({ severity: "error", file, line, message: `${message} quiz.cy.yaml must match quiz.yaml: only the words change.` });
  for (const field of ["passMark", "questionsPerAttempt"] as const) {
    if (welsh[field] !== undefined && welsh[field] !== english[field]) differ(source.lineOf([field]), `\`${field}\` is ${welsh[field]} here but ${english[field]} in English.`);
  }
  // Questions are matched by id, so one missing question is one problem, not one per question after it.
  const welshIds = new Set(welsh.questions.map((q) => q.id));
  const englishIds = english.questions.map((q) => q.id);
  for (const id of englishIds.filter((id) => !welshIds.has(id))) {
    problems.push({ severity: "error", file, line: source.lineOf(["questions"]), message: `Question \`${id}\` is missing from quiz.cy.yaml.` });
  }
  welsh.questions.forEach((question, q) => {
    if (!englishIds.includes(question.id)) {
      problems.push({ severity: "error", file, line: source.lineOf(["questions", q, "id"]), message: `Question \`${question.id}\` is not in quiz.yaml: the Welsh bank has the same questions as the English one.` });
    }
  });
  const shared = welsh.questions.filter((q) => englishIds.includes(q.id)).map((q) => q.id);
  const sharedInEnglishOrder = englishIds.filter((id) => shared.includes(id));
  if (shared.join() !== sharedInEnglishOrder.join()) {
    differ(source.lineOf(["questions"]), `The questions are in another order than in English (${sharedInEnglishOrder.join(", ")}).`);
  }
  welsh.questions.forEach((question, q) => {
    const match = english.questions.find((e) => e.id === question.id);
    if (!match) return;
    if (question.outcome !== match.outcome) differ(source.lineOf(["questions", q, "outcome"]), `Question \`${question.id}\` tests \`${question.outcome}\` here but \`${match.outcome}\` in English.`);
    if (question.options.length !== match.options.length) {
      return differ(source.lineOf(["questions", q, "options"]), `Question \`${question.id}\` has ${question.options.length} options here but ${match.options.length} in English.`);
    }
    question.options.forEach((option, o) => {
      const englishOption = match.options[o];
      if (option.id !== englishOption.id) {
        differ(source.lineOf(["questions", q, "options", o, "id"]), `Question \`${question.id}\` option ${o + 1} is \`${option.id}\` here but \`${englishOption.id}\` in English.`);
      } else if ((option.correct ?? false) !== (englishOption.correct ?? false)) {
        differ(
          source.lineOf(["questions", q, "options", o, option.correct === undefined ? "id" : "correct"]),
          `Question \`${question.id}\`, option \`${option.id}\` is ${option.correct ? "marked correct here but not in English" : "not marked correct here but is in English"}.`,
        );
      }
    });
  });
}

/** SVGs are served from our own origin: refuse any that could run script if opened directly. */
function checkSvg(file: string, problems: Problem[]) {
  const text = readText(file) ?? "";
  if (/<script|<foreignObject|\son[a-z]+\s*=|javascript:/i.test(text)) {
    problems.push({ severity: "error", file: relative(file), message: "This SVG contains script, event handlers or embedded HTML: export it again as a plain image." });
  }
}

function checkImageReference(reference: LessonReference, file: string, images: string[], problems: Problem[]) {
  const at = { file, line: reference.line, column: reference.column };
  if (/^[a-z][a-z0-9+.-]*:|^\/\//i.test(reference.url)) {
    problems.push({ severity: "error", ...at, message: `Image \`${reference.url}\` is on another site: put the image in the module folder and use its file name.` });
  } else if (reference.url.startsWith("/") || reference.url.split("/").includes("..")) {
    problems.push({ severity: "error", ...at, message: `Image \`${reference.url}\` must be a file in the module folder, named relative to it, like picture.png.` });
  } else if (!IMAGE_FILE.test(reference.url)) {
    problems.push({ severity: "error", ...at, message: `Image \`${reference.url}\` must be a .png, .jpg, .gif, .webp or .svg file.` });
  } else if (!images.includes(reference.url.replace(/^\.\//, ""))) {
    problems.push({ severity: "error", ...at, message: `Image \`${reference.url}\` is not in the module folder.` });
  }
}

async function compileModule(dir: string, slug: string, lessonSources: { name: string; source: string }[], allSources: { name: string; text: string }[], cacheDir: string) {
  const key = moduleCacheKey(getCompilerVersion(), allSources);
  const cached = readCachedLessons(cacheDir, slug, key);
  if (cached && lessonSources.every((l) => cached[l.name])) return { lessons: cached, fromCache: true };
  const lessons: Record<string, CompiledLesson> = {};
  // One at a time: esbuild is memory hungry and a ward-PC-sized CI box has two cores.
  for (const lesson of lessonSources) lessons[lesson.name] = await compileLesson(lesson.source, dir);
  if (Object.values(lessons).every((l) => l.code !== null)) writeCachedLessons(cacheDir, slug, key, lessons);
  return { lessons, fromCache: false };
}

async function checkModule(dir: string, slug: string, cacheDir: string, problems: Problem[]): Promise<CheckedModule> {
  const files = listFiles(dir);
  const file = (name: string) => relative(path.join(dir, name));
  const images = files.filter((f) => IMAGE_FILE.test(f));
  const module: CheckedModule = { slug, dir, pages: [], images, fromCache: false };

  if (!SLUG_PATTERN.test(slug)) {
    problems.push({ severity: "error", file: relative(dir), message: `The folder name \`${slug}\` is the module's address: use lower-case words joined by hyphens, like spotting-phishing.` });
  }
  for (const required of [MODULE_FILE, QUIZ_FILE]) {
    if (!files.includes(required)) problems.push({ severity: "error", file: file(required), message: `The module has no ${required}.` });
  }

  const meta = readFrontmatterFile(path.join(dir, MODULE_FILE), ModuleFrontmatterSchema, knownKeys(ModuleFrontmatterSchema), problems);
  module.meta = meta.value;
  if (files.includes(WELSH_MODULE_FILE)) {
    const welsh = readFrontmatterFile(path.join(dir, WELSH_MODULE_FILE), WelshModuleFrontmatterSchema, knownKeys(WelshModuleFrontmatterSchema), problems);
    module.welshMeta = welsh.value;
    if (welsh.value && module.meta) {
      const expected = module.meta.outcomes.map((o) => o.id);
      const found = welsh.value.outcomes.map((o) => o.id);
      if (expected.join() !== found.join()) {
        const firstDifference = found.findIndex((id, i) => id !== expected[i]);
        problems.push({
          severity: "error",
          file: file(WELSH_MODULE_FILE),
          line: welsh.source?.lineOf(firstDifference < 0 ? ["outcomes"] : ["outcomes", firstDifference, "id"]),
          message: `The Welsh outcomes must have the same ids, in the same order, as module.md: expected ${expected.join(", ")}; found ${found.join(", ")}.`,
        });
      }
    }
  }
  if (module.meta) {
    const outcomeIds = module.meta.outcomes.map((o) => o.id);
    checkUnique(outcomeIds, "Outcome", file(MODULE_FILE), (i) => meta.source?.lineOf(["outcomes", i, "id"]), problems);
  }

  // Lesson pages, English and Welsh side by side.
  const english = new Map<number, string>();
  const welshPages: string[] = [];
  for (const name of files) {
    if (name.includes("/")) {
      if (!IMAGE_FILE.test(name)) problems.push({ severity: "warning", file: file(name), message: "This file is not part of the module and is ignored." });
      continue;
    }
    if (WELSH_PAGE_FILE.test(name)) welshPages.push(name);
    else if (PAGE_FILE.test(name)) {
      const number = Number(PAGE_FILE.exec(name)![1]);
      if (english.has(number)) problems.push({ severity: "error", file: file(name), message: `Page number ${number} is used twice (also ${english.get(number)}).` });
      else english.set(number, name);
    } else if (name.endsWith(".mdx")) {
      problems.push({ severity: "error", file: file(name), message: "Lesson files are named with their page number and lower-case words, like 01-what-phishing-is.mdx (Welsh: 01-what-phishing-is.cy.mdx)." });
    } else if (![MODULE_FILE, WELSH_MODULE_FILE, QUIZ_FILE, WELSH_QUIZ_FILE].includes(name) && !IMAGE_FILE.test(name)) {
      problems.push({ severity: "warning", file: file(name), message: "This file is not part of the module and is ignored." });
    }
  }
  const numbers = [...english.keys()].sort((a, b) => a - b);
  if (numbers.length === 0) problems.push({ severity: "error", file: relative(dir), message: "The module has no lesson pages (01-name.mdx, 02-name.mdx, ...)." });
  if (numbers.some((n, i) => n !== i + 1)) {
    problems.push({ severity: "error", file: relative(dir), message: `Pages must be numbered 1, 2, 3 ... with no gaps; found ${numbers.join(", ")}.` });
  }
  const welshByNumber = new Map<number, string>();
  for (const name of welshPages) {
    const englishName = name.replace(/\.cy\.mdx$/, ".mdx");
    if (!files.includes(englishName)) problems.push({ severity: "error", file: file(name), message: `This Welsh page has no English page ${englishName} beside it.` });
    else welshByNumber.set(Number(WELSH_PAGE_FILE.exec(name)![1]), name);
  }

  // Read each lesson's frontmatter, then compile the lot (or take it from the cache).
  const lessonNames = [...numbers.map((n) => english.get(n)!), ...numbers.flatMap((n) => welshByNumber.get(n) ?? [])];
  const titles = new Map<string, string | undefined>();
  const pageOutcomes = new Map<string, string[]>();
  const lessonSources: { name: string; source: string }[] = [];
  for (const name of lessonNames) {
    const read = readFrontmatterFile(path.join(dir, name), PageFrontmatterSchema, knownKeys(PageFrontmatterSchema), problems);
    titles.set(name, read.value?.title);
    pageOutcomes.set(name, read.value?.outcomes ?? []);
    if (module.meta && read.value?.outcomes) {
      for (const [i, outcome] of read.value.outcomes.entries()) {
        if (!module.meta.outcomes.some((o) => o.id === outcome)) {
          problems.push({
            severity: "error",
            file: file(name),
            line: read.source?.lineOf(["outcomes", i]),
            message: `The page teaches outcome \`${outcome}\`, which module.md does not list (it lists: ${module.meta.outcomes.map((o) => o.id).join(", ")}).`,
          });
        }
      }
    }
    if (read.text === null) problems.push({ severity: "error", file: file(name), message: "The file cannot be read." });
    lessonSources.push({ name, source: read.frontmatter?.blanked ?? read.text ?? "" });
  }
  const allSources = files.filter((f) => /\.(mdx|md|yaml)$/.test(f)).map((name) => ({ name, text: readText(path.join(dir, name)) ?? "" }));
  const { lessons, fromCache } = await compileModule(dir, slug, lessonSources, allSources, cacheDir);
  module.fromCache = fromCache;
  for (const name of lessonNames) {
    const compiled = lessons[name];
    for (const finding of compiled.findings) problems.push({ ...finding, file: file(name) });
    for (const image of compiled.images) checkImageReference(image, file(name), images, problems);
  }
  const lessonFile = (name: string): LessonFile => ({ file: file(name), title: titles.get(name), outcomes: pageOutcomes.get(name) ?? [], compiled: lessons[name] });
  module.pages = numbers.map((number) => {
    const welshName = welshByNumber.get(number);
    return { number, english: lessonFile(english.get(number)!), welsh: welshName ? lessonFile(welshName) : undefined };
  });

  for (const image of images.filter((f) => f.toLowerCase().endsWith(".svg"))) checkSvg(path.join(dir, image), problems);

  // The question bank, and its Welsh twin.
  const quiz = readQuizFile(path.join(dir, QUIZ_FILE), QuizSchema, knownKeys(QuizSchema), problems);
  if (quiz.value && quiz.source) {
    checkQuiz(quiz.value, quiz.source, file(QUIZ_FILE), module.meta, problems);
    if (module.meta) checkQuizBank(quiz.value, quiz.source, file(QUIZ_FILE), module.meta, problems);
    checkWrongExplanations(quiz.value, quiz.source, file(QUIZ_FILE), problems);
    module.quiz = quiz.value;
  }
  if (module.meta) checkOutcomePages(module.meta, module.pages, file(MODULE_FILE), (i) => meta.source?.lineOf(["outcomes", i, "id"]), problems);
  if (module.meta && quiz.value) {
    const tested = new Set(quiz.value.questions.map((q) => q.outcome));
    module.meta.outcomes.forEach((outcome, i) => {
      if (!tested.has(outcome.id)) {
        problems.push({
          severity: "error",
          file: file(MODULE_FILE),
          line: meta.source?.lineOf(["outcomes", i, "id"]),
          message: `Learning outcome \`${outcome.id}\` is not tested by any question in quiz.yaml.`,
        });
      }
    });
  }
  if (files.includes(WELSH_QUIZ_FILE)) {
    const welshQuiz = readQuizFile(path.join(dir, WELSH_QUIZ_FILE), WelshQuizSchema, knownKeys(WelshQuizSchema), problems);
    if (welshQuiz.value && welshQuiz.source) {
      checkUnique(welshQuiz.value.questions.map((q) => q.id), "Question", file(WELSH_QUIZ_FILE), (i) => welshQuiz.source!.lineOf(["questions", i, "id"]), problems);
      if (quiz.value) compareWelshQuiz(quiz.value, welshQuiz.value, welshQuiz.source, file(WELSH_QUIZ_FILE), problems);
      checkWrongExplanations(welshQuiz.value, welshQuiz.source, file(WELSH_QUIZ_FILE), problems);
      module.welshQuiz = welshQuiz.value;
    }
  }
  return module;
}

/** Renders every compiled page now, so whatever would break the build is a check error with its file. */
function renderModule(module: CheckedModule, problems: Problem[]) {
  for (const page of module.pages) {
    for (const [lesson, language] of [[page.english, "en-GB"], [page.welsh, "cy"]] as const) {
      if (!lesson?.compiled.code) continue;
      try {
        lesson.html = renderLesson(lesson.compiled.code, module.slug, language, "england");
        lesson.htmlWales = renderLesson(lesson.compiled.code, module.slug, language, "wales");
      } catch (error) {
        problems.push({ severity: "error", file: lesson.file, message: `The page cannot be shown: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}` });
        continue;
      }
      const unsafe = unsafeMarkup(lesson.html) ?? unsafeMarkup(lesson.htmlWales);
      if (unsafe) problems.push({ severity: "error", file: lesson.file, message: `The page renders ${unsafe}, which the site's security policy blocks.` });
    }
  }
}

/** Every page address the app has, from its route files (the way Remix reads them), like /learn/:module/:page. */
async function siteRoutes(): Promise<string[][]> {
  const { flatRoutes } = await import("@remix-run/dev/dist/config/flat-routes.js");
  const manifest = flatRoutes(path.resolve(path.dirname(fileURLToPath(import.meta.url)), ".."));
  const full = (id: string): string[] => {
    const route = manifest[id];
    const parent = route.parentId && route.parentId !== "root" ? full(route.parentId) : [];
    return [...parent, ...(route.path ?? "").split("/").filter(Boolean)];
  };
  return Object.keys(manifest)
    .map(full)
    .filter((segments) => !segments.includes("*"));
}

/** The route a path goes to: the one with the most fixed segments among those that fit. */
function matchRoute(routes: string[][], segments: string[]): string[] | undefined {
  const fits = routes.filter((route) => route.length === segments.length && route.every((part, i) => part.startsWith(":") || part === segments[i]));
  return fits.sort((a, b) => b.filter((p) => !p.startsWith(":")).length - a.filter((p) => !p.startsWith(":")).length)[0];
}

/** Links to this site, checked once every module is known: each must go to a page that exists. */
function checkLinks(modules: CheckedModule[], routes: string[][], problems: Problem[]) {
  const bySlug = new Map(modules.map((m) => [m.slug, m]));
  for (const module of modules) {
    for (const page of module.pages) {
      for (const lesson of [page.english, page.welsh]) {
        if (!lesson) continue;
        for (const link of lesson.compiled.links) {
          const at = { file: lesson.file, line: link.line, column: link.column };
          const url = link.url.trim();
          const refuse = (message: string) => problems.push({ severity: "error", ...at, message: `The link \`${url}\` ${message}` });
          if (url === "" || url.startsWith("#") || /^(https:|mailto:|tel:)/i.test(url)) continue;
          if (!url.startsWith("/")) {
            refuse("is relative: link to a module as /learn/<module>, to a page as /learn/<module>/<page number>, or give a full https:// address.");
            continue;
          }
          const [pathname, query = ""] = url.split("#")[0].split("?");
          const segments = pathname.split("/").filter(Boolean).map((segment) => {
            try {
              return decodeURIComponent(segment);
            } catch {
              return segment;
            }
          });
          if (segments[0] === "content" && segments.length > 2) {
            const target = bySlug.get(segments[1]);
            if (!target?.images.includes(segments.slice(2).join("/"))) refuse("goes to a file that no module has.");
            continue;
          }
          const route = matchRoute(routes, segments);
          if (!route) {
            refuse("goes to a page this site does not have.");
            continue;
          }
          if (route[0] !== "learn") continue;
          const target = bySlug.get(segments[1]);
          if (!target) {
            refuse(`goes to a module \`${segments[1]}\` that does not exist.`);
            continue;
          }
          const pages = target.pages.length;
          const pageText = route[2] === ":page" ? segments[2] : route.length === 2 ? new URLSearchParams(query).get("page") : null;
          if (pageText === null) continue;
          const number = Number(pageText);
          if (!/^\d+$/.test(pageText)) refuse(`is not a page of \`${target.slug}\`: pages are numbered (/learn/${target.slug}/1), and the quiz is /learn/${target.slug}/quiz.`);
          else if (number < 1 || number > pages) refuse(`goes to page ${pageText} of \`${target.slug}\`, which has ${pages} ${pages === 1 ? "page" : "pages"}.`);
        }
      }
    }
  }
}

/** content:check's terminology rule: avoided Welsh words in Welsh content and UI strings. */
function checkTerminology(dir: string, options: CheckOptions, problems: Problem[]) {
  const isRealContent = path.resolve(dir) === path.resolve(DEFAULT_CONTENT_DIR);
  const termsFile = options.terminologyFile ?? path.join(path.dirname(path.resolve(dir)), TERMINOLOGY_FILE);
  const terms = readTerminology(termsFile, problems);
  if (!terms) {
    if (isRealContent && !fs.existsSync(termsFile)) problems.push({ severity: "warning", file: relative(termsFile), message: "There is no Welsh terminology list, so Welsh words are not checked against it." });
    return;
  }
  const localesDir = options.welshLocalesDir === undefined ? (isRealContent ? WELSH_LOCALES_DIR : null) : options.welshLocalesDir;
  const files = [...welshContentFiles(dir), ...(localesDir ? welshLocaleFiles(localesDir) : [])];
  problems.push(...checkWelshTerminology(terms, files, termsFile));
}

export async function checkContent(options: CheckOptions = {}): Promise<CheckResult> {
  const { dir = DEFAULT_CONTENT_DIR, cacheDir = DEFAULT_CACHE_DIR } = options;
  const problems: Problem[] = [];
  const modules: CheckedModule[] = [];
  if (!fs.existsSync(dir)) {
    problems.push({ severity: "error", file: relative(dir), message: "The content folder does not exist." });
  } else {
    const folders = fs
      .readdirSync(dir, { withFileTypes: true })
      // A folder whose name starts with _ is a draft: skipped until it is renamed.
      .filter((entry) => entry.isDirectory() && !entry.name.startsWith(".") && !entry.name.startsWith("_"))
      .map((entry) => entry.name)
      .sort();
    for (const slug of folders) modules.push(await checkModule(path.join(dir, slug), slug, cacheDir, problems));
    for (const module of modules) renderModule(module, problems);
    checkLinks(modules, await siteRoutes(), problems);
    problems.push(...checkLevel1Coverage(dir));
    const orders = new Map<number, string>();
    for (const module of modules) {
      const order = module.meta?.order;
      if (order === undefined) continue;
      if (orders.has(order)) {
        problems.push({ severity: "warning", file: relative(path.join(module.dir, MODULE_FILE)), message: `\`order\` ${order} is also used by ${orders.get(order)}: the catalogue sorts these by folder name.` });
      } else orders.set(order, module.slug);
    }
    checkTerminology(dir, options, problems);
  }
  return {
    problems,
    modules,
    errorCount: problems.filter((p) => p.severity === "error").length,
    warningCount: problems.filter((p) => p.severity === "warning").length,
  };
}

/** `content/modules/x/quiz.yaml:12:5: error: ...`, the form editors and CI logs link to. */
export function formatProblem(problem: Problem): string {
  const place = [problem.file, problem.line, problem.line !== undefined ? problem.column : undefined].filter((p) => p !== undefined).join(":");
  return `${place}: ${problem.severity}: ${problem.message}`;
}

export function formatProblems(result: CheckResult): string {
  const lines = result.problems.map(formatProblem);
  const summary = `${result.modules.length} ${result.modules.length === 1 ? "module" : "modules"} checked: ${result.errorCount} ${result.errorCount === 1 ? "error" : "errors"}, ${result.warningCount} ${result.warningCount === 1 ? "warning" : "warnings"}.`;
  return [...lines, summary].join("\n");
}

/** Which parts of each module have a Welsh translation, for the people planning translation work. */
export function formatCoverage(modules: CheckedModule[]): string {
  const yesNo = (value: unknown) => (value ? "yes" : "no");
  const rows = modules.map((m) => [
    m.slug,
    yesNo(m.welshMeta),
    m.pages.map((p) => `${p.number}:${yesNo(p.welsh)}`).join(" ") || "-",
    yesNo(m.welshQuiz),
    m.welshMeta?.translation.status ?? "-",
  ]);
  const header = ["module", "metadata", "pages (Welsh)", "quiz", "translation status"];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return ["Welsh translation coverage", line(header), ...rows.map(line)].join("\n");
}
