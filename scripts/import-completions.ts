import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { eq } from "drizzle-orm";
import { organisations } from "../db/schema";
import { db } from "../app/db.server";
import { englishText } from "../app/i18n/english-text";
import { checkCompletionRecord, type ImportScope } from "../app/prior-learning/plan.server";
import { applyCompletionPlan } from "../app/prior-learning/record.server";
import { todayIso } from "../app/utils/dates";

const HELP = `Usage: npm run completions:import -- (--org <code> | --all-organisations) <record.csv|.xlsx> [options]

Records training done elsewhere (prior learning), as the manager's upload page does: an ESR competence
report or an e-learning certificate list, as CSV (UTF-8 or Windows-1252, comma, semicolon or tab
separated) or an Excel workbook, with Employee Number or Email, Course (or Competence Name),
Completion Date and, if given, Expiry Date. People are found by employee number or email among the
organisation's staff (every organisation's with --all-organisations), courses by the mapping a system
admin keeps in the app. Rows for unknown people or courses, bad or future dates, and expiry dates not
after the completion are listed and left out. Applied in one transaction; running a file again
changes nothing.

  --org <code>           the organisation whose staff the file lists, e.g. XA1
  --all-organisations    look people up in every organisation (a system admin's import)
  --source <name>        the system the record comes from, shown beside each completion (default ESR)
  --sheet <name>         the workbook sheet to read (default: the first)
  --dry-run              list what would be recorded, row by row, and change nothing
  --problems <n>         how many lines to list in each group (default 20; 0 lists all)
  --help                 show this

Uses DATABASE_PATH. Exit code: 0 done, 1 the file or organisation could not be used, 2 bad arguments.`;

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      org: { type: "string" },
      "all-organisations": { type: "boolean", default: false },
      source: { type: "string", default: "ESR" },
      sheet: { type: "string" },
      "dry-run": { type: "boolean", default: false },
      problems: { type: "string", default: "20" },
      help: { type: "boolean", default: false },
    },
  });
} catch (error) {
  console.error(`${(error as Error).message}\n\n${HELP}`);
  process.exit(2);
}
const { values, positionals } = args;
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const source = values.source.trim();
if (
  Boolean(values.org) === values["all-organisations"] ||
  positionals.length !== 1 ||
  !/^\d+$/.test(values.problems) ||
  !source ||
  source.length > 60
) {
  console.error(HELP);
  process.exit(2);
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const file = path.resolve(positionals[0]);
if (!fs.existsSync(file)) fail(`No such file: ${file}`);
let scope: ImportScope = { allOrganisations: true };
let where = "every organisation";
if (values.org) {
  const organisation = db()
    .select()
    .from(organisations)
    .where(eq(organisations.code, values.org.trim().toUpperCase()))
    .get();
  if (!organisation) fail(`No organisation has the code ${values.org}.`);
  scope = { organisationId: organisation.id };
  where = `${organisation.name} (${organisation.code})`;
}

const checked = await checkCompletionRecord(fs.readFileSync(file), scope, todayIso(), values.sheet);
if (!checked.ok) fail(englishText(checked.problem));
const { plan } = checked;
const fileName = path.basename(file);
let result = { added: plan.add.length, unchanged: plan.unchanged.length, problems: plan.problems.length };
if (!values["dry-run"]) {
  const user = os.userInfo().username;
  result = applyCompletionPlan({
    plan,
    scope,
    fileName,
    by: {
      userId: null,
      source,
      at: new Date(),
      description: `${user} (command line on ${os.hostname()})`,
      via: "command line",
    },
  });
}

console.log(
  `\n${values["dry-run"] ? "Dry run: nothing was changed." : "Recorded."} ${where}, ${fileName}, from ${source}`,
);
console.log(`  rows read             ${plan.rowCount}`);
console.log(`  completions recorded  ${result.added}${values["dry-run"] ? " (would be)" : ""}`);
console.log(`  already recorded      ${result.unchanged}`);
console.log(`  rows not imported     ${result.problems}`);
const limit = Number(values.problems) || Infinity;
const list = <T>(title: string, items: T[], format: (item: T) => string) => {
  if (items.length === 0) return;
  console.log(`\n${title}${items.length > limit ? ` (first ${limit} of ${items.length})` : ""}:`);
  for (const item of items.slice(0, limit)) console.log(`  ${format(item)}`);
};
const line = (p: (typeof plan.add)[number]) =>
  `row ${p.row} ${p.name} <${p.email}>: ${p.moduleTitle}, completed ${p.completedOn}${p.expiresOn ? `, expires ${p.expiresOn}` : ""} (${p.course})`;
if (values["dry-run"]) list("To record", plan.add, line);
list(
  "Rows not imported",
  plan.problems,
  (p) =>
    [`row ${p.row}`, p.person, p.course].filter(Boolean).join(" ") +
    `: ${p.problems.map((x) => `${x.column ? `${x.column}: ` : ""}${englishText(x)}`).join("; ")}`,
);
db().$client.close();
