import { parseArgs } from "node:util";
import { DEFAULT_CONTENT_DIR } from "../app/content/check.server";
import { readmeFor, writeLevel1Coverage } from "../app/content/level1-coverage.server";

const HELP = `Usage: npm run content:coverage [-- --dir <folder>]

Writes the Data Security Awareness Level 1 objectives table in content/README.md (between its
level1-objectives markers): each objective in content/level1-objectives.yaml, the lesson pages that
teach it and the quiz outcomes that test it, from the \`level1\` lists of the modules' outcomes.
content:check fails while the table is out of date.
  --dir <folder>  the modules folder (default ${DEFAULT_CONTENT_DIR}); the README beside it is updated`;

const { values } = parseArgs({ options: { help: { type: "boolean" }, dir: { type: "string" } } });
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const dir = values.dir ?? DEFAULT_CONTENT_DIR;
console.log(
  writeLevel1Coverage(dir)
    ? `Updated the Level 1 objectives table in ${readmeFor(dir)}.`
    : `${readmeFor(dir)} is up to date.`,
);
