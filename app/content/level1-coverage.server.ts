import fs from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { LEVEL1_AREAS } from "./schemas.server";
import { splitFrontmatter, type Problem } from "./source.server";

/**
 * The table in content/README.md of which modules teach each Data Security Awareness Level 1
 * area, made from the modules' `level1Areas`: `npm run content:coverage` writes it, and
 * `content:check` fails when it is out of date.
 */

export const LEVEL1_AREA_DESCRIPTIONS: Record<(typeof LEVEL1_AREAS)[number], string> = {
  "data-security-awareness": "Data security awareness: why data security matters in health and care, your personal responsibility, and the National Data Guardian's standards",
  "the-law": "The law: UK GDPR, the Data Protection Act 2018, the common law duty of confidentiality and the Caldicott principles",
  threats: "Threats: phishing, social engineering, malware and ransomware, and how attacks reach staff",
  "breaches-incidents": "Breaches and incidents: recognising a breach or near miss, reporting it at once, and what happens next",
  "good-poor-practice": "Good and poor practice: passwords and smartcards, locking screens, sharing information safely, devices, paper and disposal",
};

const START = "<!-- level1-coverage: made by npm run content:coverage; do not edit by hand -->";
const END = "<!-- /level1-coverage -->";

/** The README beside a content folder (content/README.md for content/modules). */
export function readmeFor(dir: string): string {
  return path.join(dir, "..", "README.md");
}

interface ModuleAreas {
  slug: string;
  title: string;
  order: number;
  areas: string[];
}

function readModules(dir: string): ModuleAreas[] {
  const found: ModuleAreas[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith(".") || entry.name.startsWith("_")) continue;
    const file = path.join(dir, entry.name, "module.md");
    if (!fs.existsSync(file)) continue;
    try {
      const data = parse(splitFrontmatter(fs.readFileSync(file, "utf8").replace(/\r\n?/g, "\n"))?.yaml ?? "") as Partial<{ title: string; order: number; level1Areas: string[] }>;
      found.push({ slug: entry.name, title: String(data.title ?? entry.name), order: Number(data.order ?? 0), areas: Array.isArray(data.level1Areas) ? data.level1Areas : [] });
    } catch {
      // The check reports a module.md it cannot read; the table leaves it out until then.
    }
  }
  return found.sort((a, b) => a.order - b.order || a.slug.localeCompare(b.slug));
}

export function level1CoverageTable(dir: string): string {
  const modules = readModules(dir);
  const rows = LEVEL1_AREAS.map((area) => {
    const taught = modules.filter((m) => m.areas.includes(area)).map((m) => `[${m.title}](modules/${m.slug})`);
    return `| ${LEVEL1_AREA_DESCRIPTIONS[area]} | \`${area}\` | ${taught.join(", ") || "**nothing yet**"} |`;
  });
  return [START, "| Level 1 outcome area | `level1Areas` id | taught in |", "|---|---|---|", ...rows, END].join("\n");
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
  if (!fs.existsSync(file)) return false;
  const readme = fs.readFileSync(file, "utf8");
  const updated = withTable(readme, level1CoverageTable(dir));
  if (updated === null || updated === readme) return false;
  fs.writeFileSync(file, updated);
  return true;
}

/** An error when the README beside the content folder has a table that no longer matches the modules. */
export function checkLevel1Coverage(dir: string): Problem[] {
  const file = readmeFor(dir);
  if (!fs.existsSync(file)) return [];
  const readme = fs.readFileSync(file, "utf8");
  const updated = withTable(readme, level1CoverageTable(dir));
  if (updated === null || updated === readme) return [];
  const line = readme.slice(0, readme.indexOf(START)).split("\n").length;
  return [{ severity: "error", file: path.relative(process.cwd(), file) || file, line, message: "The Level 1 coverage table does not match the modules' level1Areas: run npm run content:coverage." }];
}
