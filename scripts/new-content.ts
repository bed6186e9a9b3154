import { parseArgs } from "node:util";
import { DEFAULT_CONTENT_DIR } from "../app/content/check.server";
import { writeLevel1Coverage } from "../app/content/level1-coverage.server";
import { createModule } from "../app/content/new-module.server";

const HELP = `Usage: npm run content:new -- <slug> "<title>" [--welsh] [--dir <folder>]

Creates content/modules/<slug>/ with a module.md, one lesson page (01-introduction.mdx) and a
three-question quiz.yaml that pass npm run content:check as they are, with text for you to
replace; --welsh adds module.cy.md, 01-introduction.cy.mdx and quiz.cy.yaml stubs, marked as
awaiting review. Its order is after every existing module; versionDate and lastReviewed are
today. Then it brings the Level 1 objectives table in content/README.md up to date.
  --welsh         add the Welsh stubs
  --dir <folder>  create it in this folder (default ${DEFAULT_CONTENT_DIR})`;

const { values, positionals } = parseArgs({
  options: { help: { type: "boolean" }, welsh: { type: "boolean" }, dir: { type: "string" } },
  allowPositionals: true,
});
if (values.help || positionals.length !== 2) {
  console.log(HELP);
  process.exit(values.help ? 0 : 1);
}
const dir = values.dir ?? DEFAULT_CONTENT_DIR;
try {
  const files = createModule({ dir, slug: positionals[0], title: positionals[1], welsh: values.welsh });
  console.log(`Created:\n${files.map((f) => `  ${f}`).join("\n")}`);
  if (!values.dir && writeLevel1Coverage(dir))
    console.log("Updated the Level 1 objectives table in content/README.md.");
  console.log("Next: edit the files, then npm run content:check.");
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
}
