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
import { englishText } from "../app/i18n/english-text";
import { applyStaffImport, checkStaffList, inviteImportedStaff, readStaffList } from "../app/staff-import/apply.server";
import type { Problem } from "../app/staff-import/parse.server";
import type { ImportPlan } from "../app/staff-import/plan.server";
import {
  planViewRows,
  type AddedLine,
  type ChangedLine,
  type LeaverLine,
  type LeftOutLine,
} from "../app/staff-import/plan-view.server";

const HELP = `Usage: tsx scripts/import-staff.ts --org <code> [--org <code>...] <staff-list.csv|.xlsx> [options]

Imports an HR staff list, as the manager's upload page does: CSV (UTF-8 or
Windows-1252, comma, semicolon or tab separated) or an Excel workbook; ESR's column names and one
row per assignment are understood. People are matched by employee number, then email; new people
are added (an account from another organisation gains a membership); changed details are updated;
a passed end date marks a leaver. Rows with problems are listed and left out. Everything is
applied in one transaction.

  --org <code>        the organisation's code, e.g. XA1 (required): rows without an Organisation Code
                      go to it. Give --org again (or XA1,VX001) for each other organisation whose
                      rows the file may carry: they are imported into it in the same transaction.
                      Rows for any other code are listed and left out.
  --full-list         the file lists all staff: mark current members missing from it as leavers
                      (managers are never marked this way)
  --no-invitations    do not email an invitation to people new to Cyber Basics
  --sheet <name>      the workbook sheet to read (default: the first)
  --dry-run           show what would change, person by person, and change nothing
  --problems <n>      how many people to list in each group (default 20; 0 lists all)
  --help              show this

Uses DATABASE_PATH, and SMTP_URL or OUTBOX_DIR for the invitations (see README).
Exit code: 0 done, 1 the file or organisation could not be used, 2 bad arguments.`;

let args;
try {
  args = parseArgs({
    allowPositionals: true,
    options: {
      org: { type: "string", multiple: true },
      "full-list": { type: "boolean", default: false },
      "no-invitations": { type: "boolean", default: false },
      "dry-run": { type: "boolean", default: false },
      sheet: { type: "string" },
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
const codes = (values.org ?? [])
  .flatMap((v) => v.split(","))
  .map((c) => c.trim().toUpperCase())
  .filter(Boolean);
if (codes.length === 0 || positionals.length !== 1 || !/^\d+$/.test(values.problems)) {
  console.error(HELP);
  process.exit(2);
}

const describe = (problem: Problem): string => englishText(problem);

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

const started = performance.now();
const file = path.resolve(positionals[0]);
if (!fs.existsSync(file)) fail(`No such file: ${file}`);
const targets = [...new Set(codes)].map((code) => {
  const found = db().select().from(organisations).where(eq(organisations.code, code)).get();
  if (!found) fail(`No organisation has the code ${code}.`);
  return found;
});
const [organisation, ...alsoInto] = targets;

const check = {
  organisation,
  alsoInto,
  bytes: fs.readFileSync(file),
  fullList: values["full-list"],
  sendInvitations: !values["no-invitations"],
  sheet: values.sheet,
};
// A dry run plans here; an import plans once, inside its transaction.
const checked = values["dry-run"]
  ? await checkStaffList(check)
  : await readStaffList(check).then((read) => (read.ok ? { ...read, plan: null } : read));
if (!checked.ok) fail(describe(checked.problem));
const input = {
  organisation,
  alsoInto,
  parsed: checked.parsed,
  fileName: path.basename(file),
  fullList: values["full-list"],
  sendInvitations: !values["no-invitations"],
};

let plan: ImportPlan;
let invitations = 0;
if (checked.plan) {
  plan = checked.plan;
} else {
  const bar = new cliProgress.SingleBar(
    { format: "Applying {bar} {percentage}% | {value}/{total} people", hideCursor: true, noTTYOutput: false },
    cliProgress.Presets.shades_classic,
  );
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
  const queued = await inviteImportedStaff(result.invitees);
  invitations = queued.length;
  if (queued.length) {
    process.stdout.write(`Sending ${queued.length} invitations...\n`);
    await backgroundDeliveryIdle();
  }
}

const c = plan.counts;
const seconds = ((performance.now() - started) / 1000).toFixed(2);
console.log(
  `\n${values["dry-run"] ? "Dry run: nothing was changed." : "Imported."} ${plan.parts.map((p) => `${p.organisation.name} (${p.organisation.code})`).join(", ")}, ${input.fileName}`,
);
console.log(`  rows read            ${c.rows}`);
console.log(`  added                ${c.added}`);
console.log(`  updated              ${c.updated}`);
console.log(
  `  marked as leavers    ${c.leavers}${plan.absentLeavers.length ? ` (${plan.absentLeavers.length} not in the full list)` : ""}`,
);
console.log(`  unchanged            ${c.unchanged}`);
console.log(`  leavers not on file  ${c.skipped}`);
console.log(`  rows left out        ${c.invalid}`);
console.log(`  invitations          ${values["dry-run"] ? c.invitations : invitations}`);
if (plan.newUnits.length) console.log(`  new departments      ${plan.newUnits.join("; ")}`);
if (plan.parts.length > 1) {
  for (const { organisation: o, counts } of plan.parts)
    console.log(`  ${o.code.padEnd(20)} ${counts.added} added, ${counts.updated} updated, ${counts.leavers} leavers`);
}
const limit = Number(values.problems) || Infinity;
// After an import only the rows left out and the notes are listed: the rest are not made.
const lines = planViewRows(plan, checked.parsed, values["dry-run"] ? undefined : ["leftOut", "notes"]);
const assignments = (n: number) => (n > 1 ? ` (${n} assignments)` : "");
const groups: Array<[string, string, (data: Record<string, unknown>) => string]> = [
  [
    "add",
    "To add",
    (d) => {
      const a = d as unknown as AddedLine;
      return `${a.organisation ? `${a.organisation}: ` : ""}${a.name}${assignments(a.assignments)} <${a.email}> ${[a.employeeNumber, a.unit, a.staffGroup, a.jobRole, a.startDate].filter(Boolean).join(", ")}`;
    },
  ],
  [
    "update",
    "Details that change",
    (d) => {
      const c = d as unknown as ChangedLine;
      return `${c.organisation ? `${c.organisation}: ` : ""}${c.name}${assignments(c.assignments)}: ${c.changes.map((x) => `${x.field} ${x.from || "(blank)"} -> ${x.to || "(blank)"}`).join("; ")}`;
    },
  ],
  [
    "leave",
    "To mark as leavers",
    (d) => {
      const l = d as unknown as LeaverLine;
      return `${l.organisation ? `${l.organisation}: ` : ""}${l.name} <${l.email}> from ${l.endDate}${l.absent ? " (not in the full list)" : ""}`;
    },
  ],
  [
    "leftOut",
    "Left out",
    (d) => {
      const l = d as unknown as LeftOutLine;
      return `row ${l.row}${l.name ? ` ${l.name}` : ""}: ${l.problems.map((p) => `${p.column ? `${p.column}: ` : ""}${describe(p)}`).join("; ")}`;
    },
  ],
  [
    "notes",
    "Imported with a note",
    (d) => {
      const l = d as unknown as LeftOutLine;
      return `row ${l.row} ${l.name}: ${l.problems.map(describe).join("; ")}`;
    },
  ],
];
for (const [section, title, format] of groups) {
  const inSection = lines.filter((l) => l.section === section);
  if (inSection.length === 0 || (section !== "leftOut" && !values["dry-run"] && section !== "notes")) continue;
  console.log(`\n${title}${inSection.length > limit ? ` (first ${limit} of ${inSection.length})` : ""}:`);
  for (const line of inSection.slice(0, limit)) console.log(`  ${format(line.data)}`);
}
if (invitations) {
  const counts = outboxCounts();
  if (counts.queued + counts.sending > 0)
    console.log(`\n${counts.queued + counts.sending} emails are still queued: scripts/send-emails.ts retries them.`);
}
console.log(`\nTook ${seconds} s.`);
closeTransport();
db().$client.close();
