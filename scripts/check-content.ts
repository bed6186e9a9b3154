import { parseArgs } from "node:util";
import { checkContent, DEFAULT_CONTENT_DIR, formatCoverage, formatProblems } from "../app/content/check.server";

const HELP = `Usage: npm run content:check [-- --dir <folder>]

Checks every module under the content folder (default ${DEFAULT_CONTENT_DIR}) against
content/README.md, with the same code the build runs: frontmatter (unknown fields are
errors), each lesson validated as data before anything compiles it (no {...} code,
imports, elements or props outside the allowed table, or addresses other than https:,
mailto:, tel: and this site's paths), then compiled with mdx-bundler (cached in
.cache/content) and rendered; images and alt text, links to this site's real pages,
the quiz and its Welsh twin, and the Data Security Awareness Level 1 objectives: every
\`level1\` id is in content/level1-objectives.yaml, every objective is taught by a lesson
and tested by a quiz outcome, and the table in content/README.md is up to date.
Each problem is printed as file:line:column with a plain reason. Then it prints which
parts have a Welsh translation.

Exits with 1 when there is any error (warnings alone do not fail).
  --dir <folder>  check the modules in this folder instead`;

const { values } = parseArgs({ options: { help: { type: "boolean" }, dir: { type: "string" } } });
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const result = await checkContent({ dir: values.dir ?? DEFAULT_CONTENT_DIR });
console.log(formatProblems(result));
if (result.modules.length > 0) console.log(`\n${formatCoverage(result.modules)}`);
process.exit(result.errorCount > 0 ? 1 : 0);
