import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";

const HELP = `Usage: tsx scripts/bench-compliance.ts [--scale 1] [--keep] [--dir <folder>]

Generates a synthetic national dataset into a temporary database: at --scale 1 about 3,000,000
staff in 400 organisations (under 42 parent ICBs), 20 departments each, with about 24,000,000
completions of the four national modules over two years (some people never started, some lapsed,
new starters and leavers), builds the compliance tables with the app's own rebuild, then prints:

  - one trust's dashboard main table (unit x staff group x module) time, target < 20 ms
  - the national organisation x module table time, target < 250 ms
  - the other request-path queries: drill-down page, 12-month trend
  - staff-level CSV export rows/s and peak RSS (a separate process), targets >= 400,000 rows/s, < 200 MB
  - completions recorded per second through recordCompletion (one transaction each), target >= 2,000/s

Times are the median of 5 runs after one warm-up. Needs the built content (npm run content:build).
Not a test: \`tests/integration/compliance-bench.test.ts\` runs it at --scale 0.001.

  --scale <n>    fraction of the national size (default 1; 0.001 is about 3,000 staff)
  --keep         keep the temporary folder (the database) and print where it is
  --dir <folder> where to make the temporary folder (default: the system temp folder)
  --help         this text`;

const { values } = parseArgs({
  options: {
    scale: { type: "string", default: "1" },
    keep: { type: "boolean", default: false },
    dir: { type: "string" },
    help: { type: "boolean", default: false },
    "measure-export": { type: "string" },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const NATIONAL = { staff: 3_000_000, organisations: 400, parents: 42, units: 20 };
const REQUIRED = ["spotting-phishing", "passwords-and-access", "protecting-information", "reporting-incidents"];
const GROUPS = [
  "nursing-midwifery",
  "additional-clinical-services",
  "admin-clerical",
  "medical-dental",
  "allied-health-professionals",
  "estates-ancillary",
  "add-prof-scientific-technical",
  "healthcare-scientists",
  "students",
  "social-care",
] as const;
const GROUP_WEIGHTS = [26, 20, 22, 10, 7, 6, 5, 2, 1, 1];
const GIVEN = [
  "Amira",
  "Siân",
  "Tomasz",
  "Grace",
  "Rhys",
  "Ngozi",
  "Dafydd",
  "Chloé",
  "Oliver",
  "Mared",
  "Yusuf",
  "Zoë",
];
const FAMILY = [
  "Hussain",
  "Llywelyn",
  "Nowak",
  "Okafor",
  "Pritchard",
  "O'Brien",
  "Evans",
  "Smith, Jr",
  "Jones",
  "Patel",
  "Müller",
  "Ó Briain",
];
const MS_PER_DAY = 86_400_000;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function time<T>(fn: () => T, runs = 5): { ms: number; result: T } {
  let result = fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    times.push(performance.now() - t0);
  }
  return { ms: median(times), result };
}

/** A small, fast, seeded random number generator, so runs are comparable. */
function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = seed;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
/** Verification codes in ascending order, so the unique index only ever appends. */
function sequentialCode(n: number): string {
  let text = "";
  for (let i = 0; i < 12; i++) {
    text = CODE_ALPHABET[n % CODE_ALPHABET.length] + text;
    n = Math.floor(n / CODE_ALPHABET.length);
  }
  return `${text.slice(0, 4)}-${text.slice(4, 8)}-${text.slice(8)}`;
}

function isoOfDay(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

function log(text: string) {
  console.log(text);
}

async function measureExport(databasePath: string) {
  process.env.DATABASE_PATH = databasePath;
  const { exportCompliance } = await import("../app/compliance/exports.server");
  const { db } = await import("../app/db.server");
  const { organisations } = await import("../db/schema");
  const orgs = db().select().from(organisations).all();
  const sink = fs.openSync(os.devNull, "w");
  // Rows are counted from the tables (one line per counted person and required module) rather than
  // by scanning the output, which would add its own cost; the integration tests check the lines.
  // Counted before the clock starts: the count reads the whole table.
  const rows = (
    db().$client.prepare("SELECT COUNT(*) AS n FROM compliance_rows WHERE counted = 1 AND module_id > 0").get() as {
      n: number;
    }
  ).n;
  const baseline = process.memoryUsage.rss();
  let peak = baseline;
  const t0 = performance.now();
  for (const organisation of orgs) {
    const result = await exportCompliance({
      organisation,
      kind: "staff",
      format: "csv",
      language: "en-GB",
      by: { description: "benchmark (command line)", userId: null, via: "command line" },
      databasePath,
    });
    for await (const chunk of result.body) {
      if (typeof chunk === "string") fs.writeSync(sink, chunk);
      else fs.writeSync(sink, chunk);
      peak = Math.max(peak, process.memoryUsage.rss());
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  fs.closeSync(sink);
  // Sampled after every chunk: getrusage's maxRSS would report the parent's, which Linux keeps across fork and exec.
  console.log(JSON.stringify({ rows, seconds, peakRssMb: peak / 1e6, baselineRssMb: baseline / 1e6 }));
}

if (values["measure-export"]) {
  await measureExport(values["measure-export"]);
  process.exit(0);
}

const scale = Number(values.scale);
if (!Number.isFinite(scale) || scale <= 0 || scale > 2) {
  console.error(HELP);
  process.exit(2);
}
if (!fs.existsSync(path.resolve(process.env.CONTENT_BUILD_DIR ?? "./build/content", "catalogue.json"))) {
  console.error("No built content: run `npm run content:build` first (the module versions come from it).");
  process.exit(1);
}

const dir = fs.mkdtempSync(path.join(values.dir ?? os.tmpdir(), "cyber-basics-bench-compliance-"));
const databasePath = path.join(dir, "bench.db");
process.env.DATABASE_PATH = databasePath;
process.env.OUTBOX_DIR = path.join(dir, "outbox");

const { db } = await import("../app/db.server");
const { rebuildCompliance, ensureComplianceCurrent } = await import("../app/compliance/store.server");
const { dashboardData } = await import("../app/compliance/dashboard.server");
const { queryCells, queryNational, staffList, figuresOnDays } = await import("../app/compliance/figures.server");
const { monthEnds } = await import("../app/compliance/days");
const { recordCompletion } = await import("../app/learning/completions.server");
const { todayIso } = await import("../app/utils/dates");

const database = db();
const client = database.$client;
const today = todayIso();
const todayDay = Math.round(Date.parse(`${today}T00:00:00Z`) / MS_PER_DAY);
const random = mulberry32(20261126);

const organisationCount = Math.max(2, Math.round(NATIONAL.organisations * scale));
const parentCount = Math.max(1, Math.round(NATIONAL.parents * scale));
const staffPerOrganisation = Math.max(50, Math.round((NATIONAL.staff * scale) / organisationCount));
const unitsPerOrganisation = Math.max(2, Math.min(NATIONAL.units, Math.round(staffPerOrganisation / 40)));

// ---- generate ----
const started = performance.now();
client.pragma("synchronous = OFF");
client.pragma("cache_size = -1000000");
const insertOrg = client.prepare("INSERT INTO organisations (code, name, kind, parent_id) VALUES (?, ?, ?, ?)");
const insertUnit = client.prepare("INSERT INTO units (organisation_id, name) VALUES (?, ?)");
const insertUser = client.prepare("INSERT INTO users (id, email, given_name, family_name) VALUES (?, ?, ?, ?)");
const insertMembership = client.prepare(
  "INSERT INTO memberships (user_id, organisation_id, unit_id, staff_group, job_role, employee_number, role, start_date, end_date) VALUES (?, ?, ?, ?, '', ?, 'learner', ?, ?)",
);
const insertCompletion = client.prepare(
  "INSERT INTO completions (user_id, module_slug, module_version, major_version, completed_at, score_percent, attempt_id, verification_code) VALUES (?, ?, '1.0.0', 1, ?, ?, NULL, ?)",
);

const parentIds: number[] = [];
const organisations: { id: number; units: number[] }[] = [];
client.transaction(() => {
  for (let p = 0; p < parentCount; p++)
    parentIds.push(
      Number(insertOrg.run(`QB${p}`, `Bench Integrated Care Board ${p + 1}`, "icb", null).lastInsertRowid),
    );
  for (let o = 0; o < organisationCount; o++) {
    const kind = o % 10 < 6 ? "acute-trust" : o % 10 < 8 ? "community-trust" : "mental-health-trust";
    const id = Number(
      insertOrg.run(
        `RB${String(o).padStart(3, "0")}`,
        `Bench NHS Trust ${o + 1}`,
        kind,
        parentIds[o % parentIds.length],
      ).lastInsertRowid,
    );
    const units: number[] = [];
    for (let u = 0; u < unitsPerOrganisation; u++)
      units.push(Number(insertUnit.run(id, `Department ${u + 1}`).lastInsertRowid));
    organisations.push({ id, units });
  }
})();

function pickGroup(): string {
  let r = random() * 100;
  for (let i = 0; i < GROUPS.length; i++) {
    r -= GROUP_WEIGHTS[i];
    if (r < 0) return GROUPS[i];
  }
  return GROUPS[0];
}

let userNumber = 0;
let completionNumber = 0;
let membershipCount = 0;
const BATCH = 2_000;
const people = organisations.length * staffPerOrganisation;
for (let first = 0; first < people; first += BATCH) {
  client.transaction(() => {
    for (let n = first; n < Math.min(people, first + BATCH); n++) {
      const organisation = organisations[Math.floor(n / staffPerOrganisation)];
      const id = `u${String(++userNumber).padStart(8, "0")}`;
      insertUser.run(
        id,
        `${id}@bench.example`,
        GIVEN[userNumber % GIVEN.length],
        FAMILY[(userNumber * 7) % FAMILY.length],
      );
      const r = random();
      // 3% new starters (last 45 days), 4% leavers (left in the last year), the rest started 0-10 years ago.
      const startDay = r < 0.03 ? todayDay - Math.floor(random() * 45) : todayDay - 60 - Math.floor(random() * 3650);
      const endDay = r > 0.96 ? todayDay - 1 - Math.floor(random() * 365) : null;
      const unit = organisation.units[Math.floor(random() * organisation.units.length)];
      insertMembership.run(
        id,
        organisation.id,
        unit,
        pickGroup(),
        `E${userNumber}`,
        isoOfDay(startDay),
        endDay === null ? null : isoOfDay(endDay),
      );
      membershipCount++;
      // 2% are bank staff in a second organisation: one completion counts for both.
      if (random() < 0.02) {
        const other =
          organisations[
            (organisations.indexOf(organisation) + 1 + Math.floor(random() * (organisations.length - 1))) %
              organisations.length
          ];
        insertMembership.run(
          id,
          other.id,
          other.units[0],
          "nursing-midwifery",
          `B${userNumber}`,
          isoOfDay(todayDay - 400),
          null,
        );
        membershipCount++;
      }
      for (const module of REQUIRED) {
        const pattern = random();
        if (pattern < 0.05 || startDay > todayDay - 30) continue; // never started (new starters)
        // Yearly renewals over two years, mostly a month early; 10% renew late (lapsed for a while), 3% stopped a year ago.
        // Training done before joining (at a previous employer) counts too.
        let day = todayDay - 730 + Math.floor(random() * 365);
        const stop = pattern < 0.08 ? todayDay - 365 : todayDay;
        const completed: number[] = [];
        while (day < stop) {
          completed.push(day);
          day += pattern < 0.18 ? 380 + Math.floor(random() * 60) : 305 + Math.floor(random() * 50);
        }
        for (const d of completed)
          insertCompletion.run(
            id,
            module,
            d * MS_PER_DAY + 10 * 3_600_000,
            80 + Math.floor(random() * 21),
            sequentialCode(++completionNumber),
          );
      }
    }
  })();
  if ((first / BATCH) % 100 === 0)
    process.stderr.write(
      `\rgenerating: ${userNumber.toLocaleString("en-GB")} staff, ${completionNumber.toLocaleString("en-GB")} completions`,
    );
}
process.stderr.write("\n");
const generated = (performance.now() - started) / 1000;

const rebuildStart = performance.now();
client.transaction(() =>
  rebuildCompliance(client, todayDay, (done, total) => {
    if (done % 100_000 < 5_000)
      process.stderr.write(
        `\rbuilding compliance rows: ${done.toLocaleString("en-GB")} of ${total.toLocaleString("en-GB")} people`,
      );
  }),
)();
process.stderr.write("\n");
client.exec("ANALYZE");
client.pragma("wal_checkpoint(TRUNCATE)");
client.pragma("synchronous = NORMAL");
client.pragma("cache_size = -2000");
const built = (performance.now() - rebuildStart) / 1000;
const rows = (client.prepare("SELECT COUNT(*) AS n FROM compliance_rows").get() as { n: number }).n;
const sizeMb = fs.statSync(databasePath).size / 1e6;

log(
  `Scale ${scale}: ${organisationCount} organisations under ${parentCount} parents, ${userNumber.toLocaleString("en-GB")} staff (${membershipCount.toLocaleString("en-GB")} memberships), ${completionNumber.toLocaleString("en-GB")} completions`,
);
log(
  `generation: ${generated.toFixed(1)} s; compliance tables built in ${built.toFixed(1)} s (${rows.toLocaleString("en-GB")} rows); database ${sizeMb.toFixed(0)} MB`,
);

// ---- read path ----
const trust = client
  .prepare(
    "SELECT organisation_id AS id, COUNT(*) AS n FROM compliance_rows WHERE module_id = 0 AND counted = 1 GROUP BY organisation_id ORDER BY n DESC LIMIT 1",
  )
  .get() as { id: number; n: number };
const trustTable = time(() => queryCells(client, trust.id, {}, todayDay));
log(
  `trust dashboard main table (unit x staff group x module, ${trust.n.toLocaleString("en-GB")} staff, ${trustTable.result.length} cells): ${trustTable.ms.toFixed(1)} ms (target < 20 ms)`,
);
const national = time(() => queryNational(client, todayDay));
log(
  `national organisation x module table (${national.result.length} rows): ${national.ms.toFixed(1)} ms (target < 250 ms)`,
);
const drill = time(() => staffList(trust.id, { moduleId: 1, status: "overdue" }, "name", false, 1, today, database));
log(
  `drill-down page (overdue, sorted by name, ${drill.result.total.toLocaleString("en-GB")} people): ${drill.ms.toFixed(1)} ms`,
);
const trend = time(() => figuresOnDays(trust.id, monthEnds(todayDay, 12), { moduleId: 0 }, database, today));
log(`12-month trend for the trust (all required training): ${trend.ms.toFixed(1)} ms`);
const trustOrganisation = client
  .prepare(
    "SELECT id, code, name, kind, parent_id AS parentId, compliance_target AS complianceTarget, created_at AS createdAt FROM organisations WHERE id = ?",
  )
  .get(trust.id) as Parameters<typeof dashboardData>[0];
const dashboard = time(() =>
  dashboardData(trustOrganisation, { organisationId: trust.id, unitIds: null }, {}, "en-GB", today),
);
log(`the trust's whole dashboard (every query the page makes): ${dashboard.ms.toFixed(1)} ms`);

// ---- export, in a process of its own so its peak memory is its own ----
const here = path.dirname(fileURLToPath(import.meta.url));
const child = spawnSync(
  process.execPath,
  ["--import", "tsx", path.join(here, "bench-compliance.ts"), "--measure-export", databasePath],
  {
    encoding: "utf8",
    env: process.env,
    maxBuffer: 10_000_000,
  },
);
if (child.status !== 0) {
  console.error(child.stderr);
  process.exit(1);
}
const exported = JSON.parse(child.stdout.trim().split("\n").pop()!) as {
  rows: number;
  seconds: number;
  peakRssMb: number;
  baselineRssMb: number;
};
log(
  `staff CSV export (every organisation in turn): ${exported.rows.toLocaleString("en-GB")} rows in ${exported.seconds.toFixed(1)} s = ${Math.round(exported.rows / exported.seconds).toLocaleString("en-GB")} rows/s, peak RSS ${exported.peakRssMb.toFixed(0)} MB, ${exported.baselineRssMb.toFixed(0)} MB of it before the first row (targets >= 400,000 rows/s, < 200 MB)`,
);

// ---- write path ----
const writers = client
  .prepare("SELECT user_id AS id FROM memberships WHERE end_date IS NULL ORDER BY random() LIMIT ?")
  .all(Math.max(200, Math.round(5_000 * Math.min(1, scale * 10)))) as { id: string }[];
const now = Date.now();
const t0 = performance.now();
writers.forEach((w, i) => {
  database.transaction((tx) => {
    recordCompletion(tx, {
      userId: w.id,
      moduleSlug: REQUIRED[i % REQUIRED.length],
      moduleVersion: "1.0.0",
      completedAt: new Date(now - i),
      scorePercent: 90,
      attemptId: null,
    });
  });
});
const seconds = (performance.now() - t0) / 1000;
log(
  `write path: ${writers.length.toLocaleString("en-GB")} completions through recordCompletion in ${seconds.toFixed(2)} s = ${Math.round(writers.length / seconds).toLocaleString("en-GB")}/s (target >= 2,000/s)`,
);

// The first read of a new day moves leavers and starters on. Put the rows back as they were yesterday
// (yesterday's leavers counted, today's starters not) and time it. Last, as it leaves the counters off.
const yesterdayLeavers = client
  .prepare("UPDATE compliance_rows SET counted = 1 WHERE end_day = ?")
  .run(todayDay - 1).changes;
const todaysStarters = client
  .prepare("UPDATE compliance_rows SET counted = 0 WHERE start_day = ?")
  .run(todayDay).changes;
client.prepare("UPDATE compliance_state SET as_of_day = ?").run(todayDay - 1);
const rollStart = performance.now();
ensureComplianceCurrent(database, today);
log(
  `first read of a new day: ${(performance.now() - rollStart).toFixed(0)} ms to move on ${(yesterdayLeavers + todaysStarters).toLocaleString("en-GB")} rows of leavers and starters`,
);

database.$client.close();
if (values.keep) log(`kept ${dir}`);
else fs.rmSync(dir, { recursive: true, force: true });
