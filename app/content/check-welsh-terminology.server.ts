import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { normaliseText, parseYamlSource, validateYaml, type Problem } from "./source.server";

/**
 * The Welsh terminology list (content/welsh-terminology.yaml): the agreed Welsh word for each
 * English term, and words not to use for it. content:check refuses an avoided word in any Welsh
 * content file and in the Welsh UI strings (app/i18n/locales/cy/).
 */

export const TERMINOLOGY_FILE = "welsh-terminology.yaml";
export const WELSH_LOCALES_DIR = "app/i18n/locales/cy";

const text = z.string().trim().min(1);
export const TerminologySchema = z.array(z.strictObject({ en: text, cy: text, avoid: z.array(text).default([]), note: text.optional() })).min(1);
export type Terminology = z.infer<typeof TerminologySchema>;

const relative = (file: string) => path.relative(process.cwd(), file) || file;

export function readTerminology(file: string, problems: Problem[]): Terminology | null {
  let raw: string;
  try {
    raw = normaliseText(fs.readFileSync(file, "utf8"));
  } catch {
    return null;
  }
  const source = parseYamlSource(raw, relative(file));
  problems.push(...source.problems);
  if (source.problems.length > 0) return null;
  const result = validateYaml(TerminologySchema, source, relative(file));
  problems.push(...result.problems);
  if (!result.value) return null;
  const seen = new Map<string, number>();
  result.value.forEach((term, i) => {
    const key = term.en.toLowerCase();
    if (seen.has(key)) problems.push({ severity: "error", file: relative(file), line: source.lineOf([i, "en"]), message: `"${term.en}" is listed twice (also entry ${seen.get(key)! + 1}).` });
    else seen.set(key, i);
    for (const avoided of term.avoid) {
      if (avoided.toLowerCase() === term.cy.toLowerCase()) {
        problems.push({ severity: "error", file: relative(file), line: source.lineOf([i, "avoid"]), message: `"${term.en}": "${avoided}" is both the agreed word and a word to avoid.` });
      }
    }
  });
  return result.value;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** An avoided word as a whole word (Welsh letters such as ŵ and ŷ count as letters), any case. */
function avoidedPattern(word: string): RegExp {
  return new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(word).replace(/\s+/g, "\\s+")}(?![\\p{L}\\p{N}])`, "giu");
}

/** Every use of an avoided word in these Welsh files, each on its line and column. */
export function checkWelshTerminology(terms: Terminology, files: string[], termsFile: string): Problem[] {
  const rules = terms.flatMap((term) => term.avoid.map((word) => ({ term, word, pattern: avoidedPattern(word) })));
  const problems: Problem[] = [];
  for (const file of files) {
    const lines = normaliseText(fs.readFileSync(file, "utf8")).split("\n");
    lines.forEach((line, index) => {
      for (const { term, word, pattern } of rules) {
        for (const match of line.matchAll(pattern)) {
          problems.push({
            severity: "error",
            file: relative(file),
            line: index + 1,
            column: (match.index ?? 0) + 1,
            message: `"${match[0]}" is not the agreed Welsh for "${term.en}": use "${term.cy}" (${relative(termsFile)}; it avoids "${word}").`,
          });
        }
      }
    });
  }
  return problems;
}

/** Welsh files of a content folder: module.cy.md, *.cy.mdx and quiz.cy.yaml in each module. */
export function welshContentFiles(modulesDir: string): string[] {
  if (!fs.existsSync(modulesDir)) return [];
  return fs
    .readdirSync(modulesDir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith(".") && !entry.name.startsWith("_"))
    .flatMap((entry) =>
      fs
        .readdirSync(path.join(modulesDir, entry.name))
        .filter((name) => /\.cy\.(md|mdx|yaml)$/.test(name))
        .sort()
        .map((name) => path.join(modulesDir, entry.name, name)),
    );
}

export function welshLocaleFiles(localesDir: string): string[] {
  if (!fs.existsSync(localesDir)) return [];
  return fs
    .readdirSync(localesDir)
    .filter((name) => name.endsWith(".json"))
    .sort()
    .map((name) => path.join(localesDir, name));
}
