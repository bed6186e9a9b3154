import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { createDb, migrateDb } from "../db/client";
import { seedDemo } from "../db/seed";
import { ESR_STAFF_GROUP_NAMES } from "../app/staff-import/staff-groups";

const HELP = `Usage: tsx scripts/bench-import.ts [--rows 100000] [--invitations] [--keep]

Writes a staff list of --rows people (default 100,000) to a temporary folder, makes a fresh
database there (migrated, with the demo organisations), then times scripts/import-staff.ts
importing it into XA1 twice: first when everyone is new, then again when nothing changes.
Prints each run's wall-clock and CPU time. Not a test: the target is under 10 s for 100,000 rows.

  --rows <n>       how many people
  --invitations    also queue and deliver an invitation to each new person (to OUTBOX_DIR files)
  --keep           keep the temporary folder and print where it is`;

const { values } = parseArgs({
  options: { rows: { type: "string", default: "100000" }, invitations: { type: "boolean", default: false }, keep: { type: "boolean", default: false }, help: { type: "boolean", default: false } },
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

const GIVEN = ["Siân", "Gwenllïan", "Zoë", "Rhys", "Amira", "Tomasz", "Chloé", "Dafydd", "Ngozi", "Øystein", "Mared", "José"];
const FAMILY = ["Llywelyn", "ap Dafydd", "Ó Briain", "Jones", "Nowak", "Okafor", "Müller", "Evans", "Hussain", "Pritchard"];
const GROUPS = Object.values(ESR_STAFF_GROUP_NAMES);

function staffList(count: number): string {
  const lines = ["Employee Number,First Name,Last Name,Email,Organisation Code,Department,Staff Group,Job Role,Start Date,End Date"];
  for (let i = 0; i < count; i++) {
    const year = 2000 + (i % 26);
    const month = String(1 + (i % 12)).padStart(2, "0");
    const day = String(1 + (i % 28)).padStart(2, "0");
    const start = i % 2 ? `${year}-${month}-${day}` : `${day}/${month}/${year}`;
    const end = i % 50 === 0 ? `${year + 1}-${month}-${day}` : "";
    const department = i % 7 === 0 ? `"Ward ${i % 40}, Block ${i % 3}"` : `Department ${i % 60}`;
    lines.push(
      [`B${String(i).padStart(7, "0")}`, GIVEN[i % GIVEN.length], FAMILY[i % FAMILY.length], `person${i}@bench.example`, "XA1", department, GROUPS[i % GROUPS.length], "Staff", start, end].join(","),
    );
  }
  return lines.join("\r\n") + "\r\n";
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cyber-basics-bench-import-"));
const file = path.join(dir, "staff.csv");
const databasePath = path.join(dir, "bench.db");
fs.writeFileSync(file, "\uFEFF" + staffList(rows));
console.log(`Wrote ${rows.toLocaleString("en-GB")} rows (${(fs.statSync(file).size / 1e6).toFixed(1)} MB) to ${file}`);

const database = createDb(databasePath);
migrateDb(database);
await seedDemo(database);
database.$client.close();

// The import reports its own CPU time as it exits: on a busy machine the wall clock says less.
const REPORT_CPU = 'data:text/javascript,process.on("exit",()=>{const u=process.cpuUsage();process.stderr.write(`cpu ${u.user} ${u.system}\\n`)})';

function run(label: string): void {
  const args = ["--import", REPORT_CPU, "--import", "tsx", "scripts/import-staff.ts", "--org", "XA1", file, "--problems", "3", ...(values.invitations ? [] : ["--no-invitations"])];
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
  const summary = result.stdout.split("\n").filter((l) => /^\s+(rows read|added|updated|marked|unchanged|rows left out|invitations)/.test(l));
  const [user, system] = (result.stderr.match(/^cpu (\d+) (\d+)$/m) ?? []).slice(1).map((n) => Number(n) / 1e6);
  console.log(`\n${label}: ${seconds.toFixed(2)} s wall clock (whole process, including start-up), ${(user + system).toFixed(2)} s CPU (${user.toFixed(2)} user + ${system.toFixed(2)} system)`);
  for (const line of summary) console.log(line);
}

run("First import, everyone new");
run("Same file again, nothing changes");

if (values.keep) console.log(`\nKept ${dir}`);
else fs.rmSync(dir, { recursive: true, force: true });
