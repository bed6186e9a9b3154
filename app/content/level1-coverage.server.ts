import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { knownKeys, Level1ObjectivesSchema, type Level1Objectives } from "./schemas.server";
import { normaliseText, parseYamlSource, splitFrontmatter, validateYaml, type Problem } from "./source.server";

/**
 * How the curriculum covers the national Data Security Awareness Level 1 course, objective by
 * objective. The objectives are data (content/level1-objectives.yaml); each module.md outcome
 * names the objectives it teaches in `level1`. An objective is taught by the lesson pages that
 * teach those outcomes and tested by those outcomes' quiz questions. `npm run content:coverage`
 * writes the table in content/README.md from that, and `content:check` fails when an objective
 * is not taught or not tested, or when the table is out of date.
 */

export const LEVEL1_OBJECTIVES_FILE = "level1-objectives.yaml";

const START = "<!-- level1-objectives: made by npm run content:coverage; do not edit by hand -->";
const END = "<!-- /level1-objectives -->";

const relative = (file: string) => path.relative(process.cwd(), file) || file;

/** The README beside a content folder (content/README.md for content/modules). */
export function readmeFor(dir: string): string {
  return path.join(dir, "..", "README.md");
}

/** The objectives file beside a content folder (content/level1-objectives.yaml for content/modules). */
export function objectivesFileFor(dir: string): string {
  return path.join(dir, "..", LEVEL1_OBJECTIVES_FILE);
}

interface ObjectivesRead {
  /** Undefined when there is no objectives file (test fixtures) or it has errors. */
  objectives?: Level1Objectives;
  problems: Problem[];
  lineOf: (i: number) => number | undefined;
}

export function readLevel1Objectives(dir: string): ObjectivesRead {
  const file = objectivesFileFor(dir);
  if (!fs.existsSync(file)) return { problems: [], lineOf: () => undefined };
  const source = parseYamlSource(normaliseText(fs.readFileSync(file, "utf8")), relative(file));
  const lineOf = (i: number) => source.lineOf(["objectives", i, "id"]);
  if (source.problems.length > 0) return { problems: source.problems, lineOf };
  const { value, problems } = validateYaml(Level1ObjectivesSchema, source, relative(file), knownKeys(Level1ObjectivesSchema));
  const seen = new Set<string>();
  value?.objectives.forEach((objective, i) => {
    if (seen.has(objective.id)) problems.push({ severity: "error", file: relative(file), line: lineOf(i), message: `Objective id \`${objective.id}\` is used twice. Ids must be unique.` });
    seen.add(objective.id);
  });
  return { objectives: problems.length > 0 ? undefined : value, problems, lineOf };
}

interface MappedOutcome {
  id: string;
  text: string;
  level1: string[];
  /** Whether quiz.yaml has at least one question for it. */
  tested: boolean;
}

interface MappedModule {
  slug: string;
  title: string;
  order: number;
  outcomes: MappedOutcome[];
  pages: { number: number; file: string; title: string; outcomes: string[] }[];
}

function readYaml(file: string, frontmatter: boolean): Record<string, unknown> {
  try {
    const text = normaliseText(fs.readFileSync(file, "utf8"));
    const data: unknown = parse(frontmatter ? (splitFrontmatter(text)?.yaml ?? "") : text);
    return data !== null && typeof data === "object" ? (data as Record<string, unknown>) : {};
  } catch {
    // The check reports a file it cannot read; the mapping leaves out what it cannot see until then.
    return {};
  }
}

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
const field = (value: unknown, key: string): unknown => (value !== null && typeof value === "object" ? (value as Record<string, unknown>)[key] : undefined);

/** Reads only what the mapping needs, so the table can be written without compiling lessons. */
function readModules(dir: string): MappedModule[] {
  const found: MappedModule[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name.startsWith("_")) continue;
    const folder = path.join(dir, entry.name);
    if (!fs.existsSync(path.join(folder, "module.md"))) continue;
    const meta = readYaml(path.join(folder, "module.md"), true);
    const quiz = readYaml(path.join(folder, "quiz.yaml"), false);
    const tested = new Set(list(quiz.questions).map((q) => String(field(q, "outcome"))));
    const pages = fs
      .readdirSync(folder)
      .filter((name) => /^\d+-[a-z0-9-]+\.mdx$/.test(name) && !name.endsWith(".cy.mdx"))
      .map((name) => {
        const page = readYaml(path.join(folder, name), true);
        return { number: Number(name.split("-")[0]), file: name, title: String(page.title ?? name), outcomes: list(page.outcomes).map(String) };
      })
      .sort((a, b) => a.number - b.number);
    found.push({
      slug: entry.name,
      title: String(meta.title ?? entry.name),
      order: Number(meta.order ?? 0),
      outcomes: list(meta.outcomes).map((o) => ({
        id: String(field(o, "id")),
        text: String(field(o, "text") ?? ""),
        level1: list(field(o, "level1")).map(String),
        tested: tested.has(String(field(o, "id"))),
      })),
      pages,
    });
  }
  return found.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
}

interface ObjectiveCoverage {
  /** Per module, the pages that teach an outcome mapped to the objective. */
  taught: { module: MappedModule; pages: MappedModule["pages"] }[];
  /** Per module, the mapped outcomes that quiz questions test. */
  tested: { module: MappedModule; outcomes: MappedOutcome[] }[];
}

function coverageOf(objective: string, modules: MappedModule[]): ObjectiveCoverage {
  const taught: ObjectiveCoverage["taught"] = [];
  const tested: ObjectiveCoverage["tested"] = [];
  for (const module of modules) {
    const outcomes = module.outcomes.filter((o) => o.level1.includes(objective));
    const ids = new Set(outcomes.map((o) => o.id));
    const pages = module.pages.filter((p) => p.outcomes.some((o) => ids.has(o)));
    if (pages.length > 0) taught.push({ module, pages });
    const testedOutcomes = outcomes.filter((o) => o.tested);
    if (testedOutcomes.length > 0) tested.push({ module, outcomes: testedOutcomes });
  }
  return { taught, tested };
}

/** A table cell cannot hold a line break or an unescaped `|`. */
const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");

/** The table for content/README.md, or null when there is no valid objectives file. */
export function level1CoverageTable(dir: string): string | null {
  const { objectives } = readLevel1Objectives(dir);
  if (!objectives) return null;
  const modules = readModules(dir);
  const rows = objectives.objectives.map((objective) => {
    const { taught, tested } = coverageOf(objective.id, modules);
    const lessons = taught.map(({ module, pages }) => `[${cell(module.title)}](modules/${module.slug}): ${pages.map((p) => `[${p.number}. ${cell(p.title)}](modules/${module.slug}/${p.file})`).join(", ")}`);
    const outcomes = tested.flatMap(({ module, outcomes: mapped }) => mapped.map((o) => `${cell(module.title)}: \`${o.id}\` ${cell(o.text)}`));
    return `| **${cell(objective.en)}**<br>“${cell(objective.published)}” | \`${objective.id}\` | ${lessons.join("<br>") || "**no lesson yet**"} | ${outcomes.join("<br>") || "**no quiz outcome yet**"} |`;
  });
  return [START, "| Level 1 learning objective (published wording) | id | lessons that teach it (module: pages) | quiz learning outcomes that test it |", "|---|---|---|---|", ...rows, END].join("\n");
}

function withTable(readme: string, table: string): string | null {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) return null;
  return readme.slice(0, start) + table + readme.slice(end + END.length);
}

/** Rewrites the table; true when it changed. */
export function writeLevel1Coverage(dir: string): boolean {
  const file = readmeFor(dir);
  const table = level1CoverageTable(dir);
  if (!fs.existsSync(file) || table === null) return false;
  const readme = fs.readFileSync(file, "utf8");
  const updated = withTable(readme, table);
  if (updated === null || updated === readme) return false;
  fs.writeFileSync(file, updated);
  return true;
}

/**
 * Errors for the objectives file itself, for an objective no lesson teaches or no quiz outcome
 * tests, and for a README table that no longer matches the modules.
 */
export function checkLevel1Coverage(dir: string): Problem[] {
  const read = readLevel1Objectives(dir);
  const problems = [...read.problems];
  if (!read.objectives) return problems;
  const objectivesFile = relative(objectivesFileFor(dir));
  const modules = readModules(dir);
  read.objectives.objectives.forEach((objective, i) => {
    const { taught, tested } = coverageOf(objective.id, modules);
    const what = `Level 1 objective \`${objective.id}\` (${objective.en})`;
    if (taught.length === 0) {
      problems.push({
        severity: "error",
        file: objectivesFile,
        line: read.lineOf(i),
        message: `${what} is taught by no lesson: add \`${objective.id}\` to the \`level1\` list of a module.md outcome that a lesson page teaches (listed in the page's \`outcomes\`), or write a page for it.`,
      });
    }
    if (tested.length === 0) {
      problems.push({
        severity: "error",
        file: objectivesFile,
        line: read.lineOf(i),
        message: `${what} is tested by no quiz outcome: add \`${objective.id}\` to the \`level1\` list of a module.md outcome that has questions in quiz.yaml, or add questions for an outcome that lists it.`,
      });
    }
  });
  const file = readmeFor(dir);
  if (!fs.existsSync(file)) return problems;
  const readme = fs.readFileSync(file, "utf8");
  const updated = withTable(readme, level1CoverageTable(dir)!);
  if (updated === null) {
    problems.push({ severity: "error", file: relative(file), message: `The README has no Level 1 objectives table: add the lines ${START} and ${END}, then run npm run content:coverage.` });
  } else if (updated !== readme) {
    const line = readme.slice(0, readme.indexOf(START)).split("\n").length;
    problems.push({ severity: "error", file: relative(file), line, message: "The Level 1 objectives table does not match the modules: run npm run content:coverage." });
  }
  return problems;
}

/** Errors for `level1` ids in module.md that are not objectives. */
export function checkObjectiveIds(
  outcomes: { id: string; level1?: string[] }[],
  objectives: Level1Objectives | undefined,
  file: string,
  lineOf: (outcome: number, id: number) => number | undefined,
): Problem[] {
  if (!objectives) return [];
  const known = objectives.objectives.map((o) => o.id);
  return outcomes.flatMap((outcome, i) =>
    (outcome.level1 ?? []).flatMap((id, j) =>
      known.includes(id)
        ? []
        : [{ severity: "error" as const, file, line: lineOf(i, j), message: `Outcome \`${outcome.id}\` names Level 1 objective \`${id}\`, which is not in ${LEVEL1_OBJECTIVES_FILE}. The objectives are: ${known.join(", ")}.` }],
    ),
  );
}
