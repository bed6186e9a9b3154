import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import ExcelJS from "exceljs";
import { createDb, migrateDb } from "../db/client";
import { seedDemo } from "../db/seed";
import { ESR_STAFF_GROUP_NAMES } from "../app/staff-import/staff-groups";
import { createSeededDatabase, sessionCookieFor, startServer, uploadStaffList, watchHealth } from "./bench-harness";

const HELP = `Usage: tsx scripts/bench-import.ts [--rows 100000] [--invitations] [--keep] [--no-web]

Writes a staff list of --rows people (default 100,000) to a temporary folder, as CSV (CRLF) and as
XLSX, makes a fresh database there (migrated, with the demo organisations), then times:
  - scripts/import-staff.ts importing the CSV into XA1 twice: first when everyone is new, then
    again when nothing changes; then the XLSX into a fresh database;
  - the web path (needs npm run build): the running server (one process) given the CSV and then
    the XLSX through the upload form, each into a fresh database, timing upload (read, checked and
    planned), preview and apply, with /healthz asked every 50 ms meanwhile (slowest answer shown).
Prints each run's wall-clock and CPU time. Not a test: the target is under 10 s for 100,000 rows.

  --rows <n>       how many people
  --invitations    also queue and deliver an invitation to each new person (to OUTBOX_DIR files)
  --keep           keep the temporary folder and print where it is`;

const { values } = parseArgs({
  options: {
    rows: { type: "string", default: "100000" },
    invitations: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    "no-web": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const rows = Number(values.rows);
if (!Number.isInteger(rows) || rows < 1) {
  console.error(HELP);
  process.exit(2);
}

const GIVEN = [
  "Siân",
  "Gwenllïan",
  "Zoë",
  "Rhys",
  "Amira",
  "Tomasz",
  "Chloé",
  "Dafydd",
  "Ngozi",
  "Øystein",
  "Mared",
  "José",
];
const FAMILY = [
  "Llywelyn",
  "ap Dafydd",
  "Ó Briain",
  "Jones",
  "Nowak",
  "Okafor",
  "Müller",
  "Evans",
  "Hussain",
  "Pritchard",
];
const GROUPS = Object.values(ESR_STAFF_GROUP_NAMES);

const HEADER = [
  "Employee Number",
  "First Name",
  "Last Name",
  "Email",
  "Organisation Code",
  "Department",
  "Staff Group",
  "Job Role",
  "Start Date",
  "End Date",
];

function person(i: number): string[] {
  const year = 2000 + (i % 26);
  const month = String(1 + (i % 12)).padStart(2, "0");
  const day = String(1 + (i % 28)).padStart(2, "0");
  const start = i % 2 ? `${year}-${month}-${day}` : `${day}/${month}/${year}`;
  const end = i % 50 === 0 ? `${year + 1}-${month}-${day}` : "";
  return [
    `B${String(i).padStart(7, "0")}`,
    GIVEN[i % GIVEN.length],
    FAMILY[i % FAMILY.length],
    `person${i}@bench.example`,
    "XA1",
    `Department ${i % 60}`,
    GROUPS[i % GROUPS.length],
    "Staff",
    start,
    end,
  ];
}

async function writeWorkbook(file: string, count: number): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: true });
  const sheet = workbook.addWorksheet("Staff In Post");
  sheet.addRow(["Staff In Post report"]).commit();
  sheet.addRow([]).commit();
  sheet.addRow(HEADER).commit();
  for (let i = 0; i < count; i++) {
    const cells: (string | Date)[] = person(i);
    // Real Excel dates, as a workbook saved from a report has.
    const [y, m, d] = [2000 + (i % 26), i % 12, 1 + (i % 28)];
    cells[8] = new Date(Date.UTC(y, m, d));
    const row = sheet.addRow(cells);
    row.getCell(9).numFmt = "dd/mm/yyyy";
    row.commit();
  }
  await workbook.commit();
}

function staffList(count: number): string {
  const lines = [HEADER.join(",")];
  for (let i = 0; i < count; i++) {
    const year = 2000 + (i % 26);
    const month = String(1 + (i % 12)).padStart(2, "0");
    const day = String(1 + (i % 28)).padStart(2, "0");
    const start = i % 2 ? `${year}-${month}-${day}` : `${day}/${month}/${year}`;
    const end = i % 50 === 0 ? `${year + 1}-${month}-${day}` : "";
    const department = i % 7 === 0 ? `"Ward ${i % 40}, Block ${i % 3}"` : `Department ${i % 60}`;
    lines.push(
      [
        `B${String(i).padStart(7, "0")}`,
        GIVEN[i % GIVEN.length],
        FAMILY[i % FAMILY.length],
        `person${i}@bench.example`,
        "XA1",
        department,
        GROUPS[i % GROUPS.length],
        "Staff",
        start,
        end,
      ].join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cyber-basics-bench-import-"));
const file = path.join(dir, "staff.csv");
const databasePath = path.join(dir, "bench.db");
const workbookFile = path.join(dir, "staff.xlsx");
fs.writeFileSync(file, "\uFEFF" + staffList(rows));
console.log(`Wrote ${rows.toLocaleString("en-GB")} rows (${(fs.statSync(file).size / 1e6).toFixed(1)} MB) to ${file}`);
await writeWorkbook(workbookFile, rows);
console.log(`Wrote them as a workbook too (${(fs.statSync(workbookFile).size / 1e6).toFixed(1)} MB)`);

async function freshDatabase(at: string) {
  fs.rmSync(at, { force: true });
  const database = createDb(at);
  migrateDb(database);
  await seedDemo(database);
  database.$client.close();
}
await freshDatabase(databasePath);

// The import reports its own CPU time as it exits: on a busy machine the wall clock says less.
const REPORT_CPU =
  'data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write(`cpu ${u.user} ${u.system}\\n`)})';

function run(label: string, input = file): void {
  const args = [
    "--import",
    REPORT_CPU,
    "--import",
    "tsx",
    "scripts/import-staff.ts",
    "--org",
    "XA1",
    input,
    "--problems",
    "3",
    ...(values.invitations ? [] : ["--no-invitations"]),
  ];
  const started = performance.now();
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_PATH: databasePath, OUTBOX_DIR: path.join(dir, "outbox") };
  // Invitations go to files in the temporary folder, never to a real mail server.
  delete env.SMTP_URL;
  const result = spawnSync(process.execPath, args, {
    env,
    encoding: "utf8",
  });
  const seconds = (performance.now() - started) / 1000;
  if (result.status !== 0) {
    console.error(result.stdout, result.stderr);
    throw new Error(`${label}: the import failed with exit code ${result.status}`);
  }
  const summary = result.stdout
    .split("\n")
    .filter((l) => /^\s+(rows read|added|updated|marked|unchanged|rows left out|invitations)/.test(l));
  const [user, system] = (result.stderr.match(/^cpu (\d+) (\d+)$/m) ?? []).slice(1).map((n) => Number(n) / 1e6);
  console.log(
    `\n${label}: ${seconds.toFixed(2)} s wall clock (whole process, including start-up), ${(user + system).toFixed(2)} s CPU (${user.toFixed(2)} user + ${system.toFixed(2)} system)`,
  );
  for (const line of summary) console.log(line);
}

run("First import, everyone new");
run("Same file again, nothing changes");
await freshDatabase(databasePath);
run("XLSX, everyone new", workbookFile);

async function web(label: string, input: string, fileName: string) {
  const database = await createSeededDatabase("cyber-basics-bench-import-web-");
  const server = await startServer({ databasePath: database.databasePath, outboxDir: database.outboxDir, workers: 1 });
  try {
    const cookie = sessionCookieFor(database.databasePath, "manager@riverside.example");
    const health = watchHealth(server.baseUrl);
    const sent = await uploadStaffList(server.baseUrl, cookie, "XA1", fileName, fs.readFileSync(input));
    if (sent.status !== 302 || !sent.previewPath)
      throw new Error(`${label}: the upload answered ${sent.status}: ${sent.body.slice(0, 300)}`);
    let started = performance.now();
    const page = await fetch(`${server.baseUrl}${sent.previewPath}`, { headers: { Cookie: cookie } });
    const html = await page.text();
    const previewMs = performance.now() - started;
    const digest = /name="digest" value="([^"]+)"/.exec(html)?.[1];
    if (!digest) throw new Error(`${label}: the preview has nothing to apply`);
    started = performance.now();
    const applied = await fetch(`${server.baseUrl}${sent.previewPath}`, {
      method: "POST",
      body: new URLSearchParams({ digest }),
      headers: { Cookie: cookie, Origin: server.baseUrl },
    });
    const done = await applied.text();
    const applyMs = performance.now() - started;
    const { slowestMs, checks, failures } = await health.stop();
    const added = /data-count="added">(\d+)</.exec(done)?.[1];
    console.log(
      `\n${label}: upload (read, checked, planned) ${(sent.ms / 1000).toFixed(2)} s, preview ${(previewMs / 1000).toFixed(2)} s, apply ${(applyMs / 1000).toFixed(2)} s (added ${added})`,
    );
    console.log(`  /healthz meanwhile: ${checks} checks, slowest ${slowestMs.toFixed(0)} ms, ${failures} failed`);
  } finally {
    await server.stop();
    database.remove();
  }
}

if (!values["no-web"]) {
  await web("Web, CSV with CRLF", file, "staff.csv");
  await web("Web, XLSX", workbookFile, "staff.xlsx");
}

if (values.keep) console.log(`\nKept ${dir}`);
else fs.rmSync(dir, { recursive: true, force: true });
