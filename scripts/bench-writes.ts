import { fork, spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import {
  PROJECT_ROOT,
  addLearners,
  answerForm,
  createSeededDatabase,
  mapConcurrent,
  moduleSlugs,
  openQuiz,
  startServer,
  type Learner,
  type OpenQuiz,
  type RunningServer,
} from "./bench-harness";

const HELP = `Usage: npm run bench:writes -- [options]   (or: tsx scripts/bench-writes.ts [options])

Many learners submitting quizzes at once against the real server (scripts/serve.ts) on a seeded
temporary database. Several load processes each open their learners' quizzes (GET
/learn/<slug>/quiz, as a browser does), wait for the others, then all submit at once (POST, with
the answers). Some submissions are sent twice at the same moment, as a double click would.
Afterwards it checks in the database that every submission that got its redirect to the result
page (302) was recorded exactly once (the attempt graded once, one completion if it passed,
none if not), that nothing answered 5xx (no SQLITE_BUSY reached a learner), and prints
submissions per second.

Options:
  --processes <n>     load processes (default 4)
  --submissions <n>   submissions per process (default 2000)
  --concurrency <n>   requests in flight per process (default 25)
  --workers <n>       server processes, WEB_CONCURRENCY (default: the number of cores, ${os.availableParallelism()})
  --crash             kill -9 the server (all its processes) when 40% of submissions are in,
                      restart it, check every acknowledged submission survived and PRAGMA
                      integrity_check says ok, then resubmit the unacknowledged ones
  --backup            take an online backup (scripts/backup.ts) in the middle of the load,
                      restore it (scripts/restore.ts) into a new file and check it
  --help              this text`;

export interface WriteLoadOptions {
  processes: number;
  submissionsPerProcess: number;
  concurrency: number;
  workers: number;
  crash?: boolean;
  backup?: boolean;
  log?: (line: string) => void;
}

interface Job {
  cookie: string;
  userId: string;
  slug: string;
  pass: boolean;
  /** Send this submission twice at once. */
  twice: boolean;
}

interface Submission {
  attemptId: string;
  slug: string;
  userId: string;
  pass: boolean;
  body: string;
  cookie: string;
  status: number;
  /** Set when the answer was the redirect to this attempt's result page. */
  acknowledged: boolean;
  ms: number;
}

type ToChild = { type: "start"; baseUrl: string; jobs: Job[]; concurrency: number } | { type: "go" };
type FromChild =
  | { type: "ready"; opened: number }
  | { type: "progress"; acknowledged: number }
  | { type: "done"; submissions: Submission[]; startedAt: number; finishedAt: number };

export interface BackupCheck {
  file: string;
  integrity: string;
  attempts: number;
  completions: number;
  /** Passed, graded attempts in the backup without exactly one completion (must be 0: a backup is one consistent moment). */
  inconsistent: number;
  before: number;
  after: number;
}

export interface WriteLoadResult {
  submitted: number;
  acknowledged: number;
  statuses: Record<string, number>;
  serverErrors: number;
  busyInLog: boolean;
  submissionsPerSecond: number;
  p50: number;
  p99: number;
  /** Acknowledged submissions not recorded exactly once. */
  lost: string[];
  doubled: string[];
  integrity: string;
  crash?: { killedAfter: number; unacknowledged: number; resubmittedOk: number; lostAfterRestart: string[] };
  backup?: BackupCheck;
}

// ---------------------------------------------------------------------------------------------
// A load process

async function submit(
  baseUrl: string,
  quiz: OpenQuiz,
  body: string,
): Promise<{ status: number; acknowledged: boolean }> {
  try {
    const response = await fetch(`${baseUrl}/learn/${quiz.slug}/quiz`, {
      method: "POST",
      headers: { Cookie: quiz.learner.cookie, Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body,
      redirect: "manual",
    });
    await response.arrayBuffer();
    const location = response.headers.get("location") ?? "";
    return {
      status: response.status,
      acknowledged: response.status === 302 && location.endsWith(`/learn/${quiz.slug}/result/${quiz.attemptId}`),
    };
  } catch {
    // The server went away mid-request: not acknowledged.
    return { status: 0, acknowledged: false };
  }
}

async function runChild() {
  const send = (message: FromChild, then?: () => void) => process.send!(message, undefined, {}, then);
  const start = await new Promise<Extract<ToChild, { type: "start" }>>((resolve) =>
    process.once("message", (m: ToChild) => m.type === "start" && resolve(m)),
  );
  const { baseUrl, jobs, concurrency } = start;
  const quizzes = await mapConcurrent(jobs, Math.min(concurrency, 8), async (job) => {
    const learner: Learner = { userId: job.userId, email: "", cookie: job.cookie };
    return openQuiz(baseUrl, learner, job.slug);
  });
  const go = new Promise<void>((resolve) => process.once("message", (m: ToChild) => m.type === "go" && resolve()));
  send({ type: "ready", opened: quizzes.length });
  await go;
  const startedAt = Date.now();
  let acknowledged = 0;
  const submissions = await mapConcurrent(quizzes, concurrency, async (quiz, index) => {
    const job = jobs[index];
    const body = answerForm(quiz, { pass: job.pass });
    const began = performance.now();
    const sends = job.twice
      ? await Promise.all([submit(baseUrl, quiz, body), submit(baseUrl, quiz, body)])
      : [await submit(baseUrl, quiz, body)];
    const ms = performance.now() - began;
    const result = sends.find((s) => !s.acknowledged) ?? sends[0];
    if (sends.every((s) => s.acknowledged) && ++acknowledged % 10 === 0) send({ type: "progress", acknowledged: 10 });
    return {
      attemptId: quiz.attemptId,
      slug: quiz.slug,
      userId: job.userId,
      pass: job.pass,
      body,
      cookie: job.cookie,
      status: result.status,
      acknowledged: sends.every((s) => s.acknowledged),
      ms,
    } satisfies Submission;
  });
  // Disconnect only once the (large) report has gone: disconnecting sooner can drop it.
  send({ type: "done", submissions, startedAt, finishedAt: Date.now() }, () => process.disconnect());
}

// ---------------------------------------------------------------------------------------------
// Checks against the database

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Acknowledged submissions whose attempt is not graded, or whose completions are not exactly what the grade says. */
function checkRecorded(
  databasePath: string,
  submissions: Submission[],
): { lost: string[]; doubled: string[]; integrity: string } {
  const db = new Database(databasePath, { readonly: true });
  try {
    const attempt = db.prepare("SELECT submitted_at AS submittedAt, passed FROM quiz_attempts WHERE id = ?");
    const completionCount = db.prepare("SELECT count(*) AS n FROM completions WHERE attempt_id = ?");
    const answerCount = db.prepare("SELECT count(*) AS n FROM attempt_answers WHERE attempt_id = ?");
    const lost: string[] = [];
    const doubled: string[] = [];
    for (const s of submissions.filter((x) => x.acknowledged)) {
      const row = attempt.get(s.attemptId) as { submittedAt: number | null; passed: number | null } | undefined;
      const completions = (completionCount.get(s.attemptId) as { n: number }).n;
      const answers = (answerCount.get(s.attemptId) as { n: number }).n;
      if (!row?.submittedAt || Boolean(row.passed) !== s.pass || answers === 0 || completions < (s.pass ? 1 : 0))
        lost.push(s.attemptId);
      else if (completions > (s.pass ? 1 : 0)) doubled.push(s.attemptId);
    }
    const integrity = (db.pragma("integrity_check") as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join("; ");
    return { lost, doubled, integrity };
  } finally {
    db.close();
  }
}

function countRows(databasePath: string): { attempts: number; completions: number } {
  const db = new Database(databasePath, { readonly: true });
  try {
    return {
      attempts: (
        db.prepare("SELECT count(*) AS n FROM quiz_attempts WHERE submitted_at IS NOT NULL").get() as { n: number }
      ).n,
      completions: (db.prepare("SELECT count(*) AS n FROM completions").get() as { n: number }).n,
    };
  } finally {
    db.close();
  }
}

/** A restored backup: intact, and one consistent moment (no graded pass without its completion, no completion without its attempt). */
export function checkBackupConsistency(databasePath: string): {
  integrity: string;
  attempts: number;
  completions: number;
  inconsistent: number;
} {
  const db = new Database(databasePath, { readonly: true });
  try {
    const integrity = (db.pragma("integrity_check") as { integrity_check: string }[])
      .map((r) => r.integrity_check)
      .join("; ");
    const { attempts, completions } = countRows(databasePath);
    const passedWithout = db
      .prepare(
        "SELECT count(*) AS n FROM quiz_attempts a WHERE a.submitted_at IS NOT NULL AND a.passed = 1 AND (SELECT count(*) FROM completions c WHERE c.attempt_id = a.id) <> 1",
      )
      .get() as { n: number };
    const orphans = db
      .prepare(
        "SELECT count(*) AS n FROM completions c WHERE c.attempt_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM quiz_attempts a WHERE a.id = c.attempt_id AND a.submitted_at IS NOT NULL AND a.passed = 1)",
      )
      .get() as { n: number };
    const unanswered = db
      .prepare(
        "SELECT count(*) AS n FROM quiz_attempts a WHERE a.submitted_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM attempt_answers x WHERE x.attempt_id = a.id)",
      )
      .get() as { n: number };
    return { integrity, attempts, completions, inconsistent: passedWithout.n + orphans.n + unanswered.n };
  } finally {
    db.close();
  }
}

/** Runs a script of ours with tsx, as a separate process, and returns what it printed. */
export function runScript(
  script: string,
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(PROJECT_ROOT, "scripts", script), ...args], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    child.stdout.on("data", (c) => (output += c));
    child.stderr.on("data", (c) => (output += c));
    child.on("exit", (code) => resolve({ code: code ?? 1, output }));
  });
}

// ---------------------------------------------------------------------------------------------
// The run

const here = fileURLToPath(import.meta.url);

export async function runWriteLoad(options: WriteLoadOptions): Promise<WriteLoadResult> {
  const log = options.log ?? (() => {});
  const slugs = moduleSlugs();
  const total = options.processes * options.submissionsPerProcess;
  const database = await createSeededDatabase("cyber-basics-writes-");
  const learners = addLearners(database.databasePath, Math.ceil(total / slugs.length));
  const jobs: Job[] = learners
    .flatMap((learner) => slugs.map((slug) => ({ learner, slug })))
    .slice(0, total)
    .map(({ learner, slug }, i) => ({
      cookie: learner.cookie,
      userId: learner.userId,
      slug,
      pass: i % 10 !== 3,
      twice: i % 20 === 7,
    }));
  let server: RunningServer | undefined = await startServer({
    databasePath: database.databasePath,
    outboxDir: database.outboxDir,
    workers: options.workers,
  });
  const children: ChildProcess[] = [];
  try {
    log(
      `${options.processes} load processes x ${options.submissionsPerProcess} submissions, ${options.concurrency} in flight each, against ${options.workers} server worker(s)`,
    );
    const before = countRows(database.databasePath);
    const ready: Promise<void>[] = [];
    const done: Promise<Extract<FromChild, { type: "done" }>>[] = [];
    let acknowledgedSoFar = 0;
    const progressListeners: Array<() => void> = [];
    for (let p = 0; p < options.processes; p++) {
      const child = fork(here, ["--child"], {
        execArgv: ["--import", "tsx"],
        cwd: PROJECT_ROOT,
        stdio: ["ignore", "inherit", "inherit", "ipc"],
      });
      children.push(child);
      ready.push(new Promise((resolve) => child.on("message", (m: FromChild) => m.type === "ready" && resolve())));
      done.push(
        new Promise((resolve, reject) => {
          child.on("message", (m: FromChild) => {
            if (m.type === "done") resolve(m);
            if (m.type === "progress") {
              acknowledgedSoFar += m.acknowledged;
              for (const listener of progressListeners) listener();
            }
          });
          child.on("close", (code) =>
            setImmediate(() =>
              reject(new Error(`Load process ${p} exited (${code}) without reporting its submissions`)),
            ),
          );
        }),
      );
      child.send({
        type: "start",
        baseUrl: server.baseUrl,
        jobs: jobs.slice(p * options.submissionsPerProcess, (p + 1) * options.submissionsPerProcess),
        concurrency: options.concurrency,
      } satisfies ToChild);
    }
    const preparing = Date.now();
    await Promise.all(ready);
    log(
      `Opened ${jobs.length} quizzes (GET /learn/<slug>/quiz) in ${((Date.now() - preparing) / 1000).toFixed(1)} s; submitting`,
    );
    for (const child of children) child.send({ type: "go" } satisfies ToChild);

    // Mid-load events, at 40% (crash) or 50% (backup) of submissions acknowledged.
    const atShare = (share: number) =>
      new Promise<void>((resolve) => {
        const check = () => acknowledgedSoFar >= share * total && resolve();
        progressListeners.push(check);
        check();
      });
    let backupFile: string | undefined;
    let backupRun: Promise<{ code: number; output: string }> | undefined;
    if (options.backup) {
      backupFile = path.join(database.dir, "backup-under-load.db");
      backupRun = atShare(0.5).then(() => {
        log(`Backing up under load (${acknowledgedSoFar} of ${total} acknowledged so far)`);
        return runScript("backup.ts", ["--db", database.databasePath, "--out", backupFile!]);
      });
    }
    let killedAfter: number | undefined;
    const crashed = options.crash
      ? Promise.race([atShare(0.4), Promise.all(done)]).then(async () => {
          killedAfter = acknowledgedSoFar;
          log(`kill -9 the server (${acknowledgedSoFar} of ${total} acknowledged so far)`);
          await server!.kill9();
        })
      : Promise.resolve();

    const results = await Promise.all(done);
    await crashed;
    const submissions = results.flatMap((r) => r.submissions);
    const startedAt = Math.min(...results.map((r) => r.startedAt));
    const finishedAt = Math.max(...results.map((r) => r.finishedAt));
    const statuses: Record<string, number> = {};
    for (const s of submissions) statuses[s.status] = (statuses[s.status] ?? 0) + 1;
    const acknowledged = submissions.filter((s) => s.acknowledged);
    const latencies = acknowledged.map((s) => s.ms).sort((a, b) => a - b);
    const seconds = (finishedAt - startedAt) / 1000;
    const result: WriteLoadResult = {
      submitted: submissions.length,
      acknowledged: acknowledged.length,
      statuses,
      serverErrors: submissions.filter((s) => s.status >= 500).length,
      busyInLog: false,
      submissionsPerSecond: acknowledged.length / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      lost: [],
      doubled: [],
      integrity: "",
    };

    if (options.crash) {
      const firstOutput = server.output();
      server = await startServer({
        databasePath: database.databasePath,
        outboxDir: database.outboxDir,
        workers: options.workers,
      });
      const afterRestart = checkRecorded(database.databasePath, submissions);
      const unacknowledged = submissions.filter((s) => !s.acknowledged);
      log(
        `Restarted: ${acknowledged.length} acknowledged before the kill, ${afterRestart.lost.length} of them missing, integrity_check: ${afterRestart.integrity}; resubmitting ${unacknowledged.length} unacknowledged`,
      );
      const baseUrl = server.baseUrl;
      const retried = await mapConcurrent(unacknowledged, options.concurrency, async (s) => {
        const quiz: OpenQuiz = {
          learner: { userId: s.userId, email: "", cookie: s.cookie },
          slug: s.slug,
          attemptId: s.attemptId,
          questionIds: [],
        };
        const answer = await submit(baseUrl, quiz, s.body);
        return { ...s, status: answer.status, acknowledged: answer.acknowledged };
      });
      const all = [...acknowledged, ...retried];
      const final = checkRecorded(database.databasePath, all);
      result.crash = {
        killedAfter: killedAfter ?? 0,
        unacknowledged: unacknowledged.length,
        resubmittedOk: retried.filter((r) => r.acknowledged).length,
        lostAfterRestart: afterRestart.lost,
      };
      result.lost = final.lost;
      result.doubled = [...new Set([...afterRestart.doubled, ...final.doubled])];
      result.integrity = afterRestart.integrity === "ok" ? final.integrity : afterRestart.integrity;
      result.serverErrors = retried.filter((r) => r.status >= 500).length;
      result.busyInLog = /SQLITE_BUSY|database is locked/.test(firstOutput + server.output());
    } else {
      const recorded = checkRecorded(database.databasePath, submissions);
      result.lost = recorded.lost;
      result.doubled = recorded.doubled;
      result.integrity = recorded.integrity;
      result.busyInLog = /SQLITE_BUSY|database is locked/.test(server.output());
    }

    if (backupRun && backupFile) {
      const backup = await backupRun;
      if (backup.code !== 0) throw new Error(`The backup failed:\n${backup.output}`);
      const restoredPath = path.join(database.dir, "restored.db");
      const restore = await runScript("restore.ts", [backupFile, "--to", restoredPath, "--yes"]);
      if (restore.code !== 0) throw new Error(`The restore failed:\n${restore.output}`);
      const after = countRows(database.databasePath);
      result.backup = {
        file: backupFile,
        ...checkBackupConsistency(restoredPath),
        before: before.attempts,
        after: after.attempts,
      };
    }
    return result;
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill();
    await server?.stop();
    database.remove();
  }
}

function report(result: WriteLoadResult) {
  console.log("");
  console.log(
    `Submissions sent:        ${result.submitted} (${Object.entries(result.statuses)
      .map(([status, n]) => `${status === "0" ? "no answer" : status}: ${n}`)
      .join(", ")})`,
  );
  console.log(`Acknowledged (302):      ${result.acknowledged}`);
  console.log(
    `Submissions/s:           ${result.submissionsPerSecond.toFixed(0)} (latency p50 ${result.p50.toFixed(0)} ms, p99 ${result.p99.toFixed(0)} ms)`,
  );
  console.log(
    `5xx answers:             ${result.serverErrors}; SQLITE_BUSY in the server log: ${result.busyInLog ? "yes" : "no"}`,
  );
  if (result.crash) {
    console.log(
      `Crash:                   killed after ${result.crash.killedAfter} acknowledged; lost after restart: ${result.crash.lostAfterRestart.length}; resubmitted ${result.crash.unacknowledged}, acknowledged ${result.crash.resubmittedOk}`,
    );
  }
  console.log(
    `Recorded exactly once:   ${result.lost.length === 0 && result.doubled.length === 0 ? "yes" : "NO"} (missing ${result.lost.length}, doubled ${result.doubled.length})`,
  );
  console.log(`PRAGMA integrity_check:  ${result.integrity}`);
  if (result.backup) {
    const b = result.backup;
    console.log(
      `Backup under load:       restored; integrity_check ${b.integrity}; ${b.attempts} graded attempts (${b.before} before the load, ${b.after} after), ${b.completions} completions, inconsistent rows ${b.inconsistent}`,
    );
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      processes: { type: "string", default: "4" },
      submissions: { type: "string", default: "2000" },
      concurrency: { type: "string", default: "25" },
      workers: { type: "string", default: String(os.availableParallelism()) },
      crash: { type: "boolean", default: false },
      backup: { type: "boolean", default: false },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  if (!fs.existsSync(path.join(PROJECT_ROOT, "build/server.js")))
    throw new Error("No build: run `npm run build` first.");
  console.log(
    `Load average before: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  const result = await runWriteLoad({
    processes: Number(values.processes),
    submissionsPerProcess: Number(values.submissions),
    concurrency: Number(values.concurrency),
    workers: Number(values.workers),
    crash: values.crash,
    backup: values.backup,
    log: (line) => console.log(line),
  });
  report(result);
  const ok =
    result.lost.length === 0 &&
    result.doubled.length === 0 &&
    result.serverErrors === 0 &&
    !result.busyInLog &&
    result.integrity === "ok" &&
    (!result.backup || (result.backup.integrity === "ok" && result.backup.inconsistent === 0));
  console.log(
    `\n${ok ? "PASS" : "FAIL"}. Load average after: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  process.exitCode = ok ? 0 : 1;
}

if (process.argv.includes("--child")) await runChild();
else if (process.argv[1] && pathToFileURL(path.resolve(process.argv[1])).href === import.meta.url) await main();
