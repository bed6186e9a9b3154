import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { eq } from "drizzle-orm";
import { organisations } from "../db/schema";
import { db } from "../app/db.server";
import { backgroundDeliveryIdle } from "../app/email/mailer.server";
import { closeTransport } from "../app/email/transport.server";
import { outboxCounts } from "../app/email/outbox.server";
import { resources } from "../app/i18n/resources";
import { applyStaffImport, inviteImportedStaff, previewStaffImport } from "../app/staff-import/apply.server";
import { decodeUtf8, type Problem } from "../app/staff-import/parse.server";
import type { ImportPlan } from "../app/staff-import/plan.server";

const HELP = `Usage: tsx scripts/import-staff.ts --org <code> <staff-list.csv> [options]

Imports an HR staff list (CSV, UTF-8) into one organisation, as the manager's upload page does:
people are matched by employee number, then email; new people are added (an account from another
organisation gains a membership); changed details are updated; a passed end date marks a leaver.
Rows with problems are listed and left out. Everything is applied in one transaction.

  --org <code>        the organisation's code, e.g. XA1 (required)
  --full-list         the file lists all staff: mark current members missing from it as leavers
                      (managers are never marked this way)
  --no-invitations    do not email an invitation to people new to Cyber Basics
  --dry-run           show what would change, and change nothing
  --problems <n>      how many rows with problems to list (default 20; 0 lists all)
  --help              show this

Uses DATABASE_PATH, and SMTP_URL or OUTBOX_DIR for the invitations (see README).
Exit code: 0 done, 1 the file or organisation could not be used, 2 bad arguments.`;

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      org: { type: "string" },
      "full-list": { type: "boolean", default: false },
      "no-invitations": { type: "boolean", default: false },
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
if (!values.org || positionals.length !== 1 || !/^\d+$/.test(values.problems)) {
  console.error(HELP);
  process.exit(2);
}

/** The English text of an i18n key: the CLI is for admins and speaks English. */
function describe(problem: Problem): string {
  const text = problem.key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)?.[part], resources["en-GB"].translation);
  return String(text ?? problem.key).replace(/\{\{(\w+)\}\}/g, (_, name: string) => problem.values?.[name] ?? "");
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const started = performance.now();
const file = path.resolve(positionals[0]);
if (!fs.existsSync(file)) fail(`No such file: ${file}`);
const content = decodeUtf8(fs.readFileSync(file));
if (content === null) fail(describe({ key: "staffImport.errors.fileNotUtf8" }));
const organisation = db().select().from(organisations).where(eq(organisations.code, values.org.trim().toUpperCase())).get();
if (!organisation) fail(`No organisation has the code ${values.org}.`);

const input = {
  organisation,
  content,
  fileName: path.basename(file),
  fullList: values["full-list"],
  sendInvitations: !values["no-invitations"],
};

let plan: ImportPlan;
let invitations = 0;
if (values["dry-run"]) {
  const result = previewStaffImport(input);
  if (!result.ok) fail(describe(result.problem));
  plan = result.plan;
} else {
  const bar = new cliProgress.SingleBar({ format: "Applying {bar} {percentage}% | {value}/{total} people", hideCursor: true, noTTYOutput: false }, cliProgress.Presets.shades_classic);
  let barStarted = false;
  const result = applyStaffImport(input, {
    actorUserId: null,
    onProgress: (done, total) => {
      if (!barStarted) {
        bar.start(total, 0);
        barStarted = true;
      }
      bar.update(done);
    },
  });
  if (barStarted) bar.stop();
  if (!result.ok) fail(describe(result.problem));
  plan = result.plan;
  const queued = await inviteImportedStaff(result.invitees, organisation.name);
  invitations = queued.length;
  if (queued.length) {
    process.stdout.write(`Sending ${queued.length} invitations...\n`);
    await backgroundDeliveryIdle();
  }
}

const c = plan.counts;
const seconds = ((performance.now() - started) / 1000).toFixed(2);
console.log(`\n${values["dry-run"] ? "Dry run: nothing was changed." : "Imported."} ${organisation.name} (${organisation.code}), ${input.fileName}`);
console.log(`  rows read            ${c.rows}`);
console.log(`  added                ${c.added}`);
console.log(`  updated              ${c.updated}`);
console.log(`  marked as leavers    ${c.leavers}${plan.absentLeavers.length ? ` (${plan.absentLeavers.length} not in the full list)` : ""}`);
console.log(`  unchanged            ${c.unchanged}`);
console.log(`  leavers not on file  ${c.skipped}`);
console.log(`  rows left out        ${c.invalid}`);
console.log(`  invitations          ${values["dry-run"] ? c.invitations : invitations}`);
if (plan.newUnits.length) console.log(`  new departments      ${plan.newUnits.join("; ")}`);
if (plan.rowProblems.length) {
  const limit = Number(values.problems) || plan.rowProblems.length;
  console.log(`\nRows left out${plan.rowProblems.length > limit ? ` (first ${limit} of ${plan.rowProblems.length})` : ""}:`);
  for (const { row, problems } of plan.rowProblems.slice(0, limit)) console.log(`  row ${row}: ${problems.map(describe).join("; ")}`);
}
if (invitations) {
  const counts = outboxCounts();
  if (counts.queued + counts.sending > 0) console.log(`\n${counts.queued + counts.sending} emails are still queued: scripts/send-emails.ts retries them.`);
}
console.log(`\nTook ${seconds} s.`);
closeTransport();
db().$client.close();
