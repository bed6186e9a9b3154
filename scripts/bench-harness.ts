// Shared by the benchmark scripts and the load, crash and backup tests: a seeded temporary
// database, many learners with sessions, the real server (build/server.js) started against it,
// and the quiz flow a learner's browser goes through.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { createDb, migrateDb } from "../db/client";
import { memberships, organisations, sessions, units, users } from "../db/schema";
import { seedDemo } from "../db/seed";
import { getQuizBank, listModules } from "../app/content/catalogue.server";
import { SESSION_COOKIE_NAME } from "../app/auth/lucia.server";

export const PROJECT_ROOT = path.resolve(import.meta.dirname, "..");

export interface TempDatabase {
  dir: string;
  databasePath: string;
  outboxDir: string;
  remove(): void;
}

/** A migrated temporary database with the demo organisations and accounts. */
export async function createSeededDatabase(prefix = "cyber-basics-bench-"): Promise<TempDatabase> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const databasePath = path.join(dir, "app.db");
  const db = createDb(databasePath);
  migrateDb(db);
  await seedDemo(db);
  db.$client.close();
  return {
    dir,
    databasePath,
    outboxDir: path.join(dir, "outbox"),
    remove: () => fs.rmSync(dir, { recursive: true, force: true }),
  };
}

export interface Learner {
  userId: string;
  email: string;
  /** The Cookie header a signed-in browser sends. */
  cookie: string;
}

/**
 * Adds learners (user, membership of a ward, a live session) straight into the database, the way
 * a staff import and a sign-in would leave them, without paying for a password hash each.
 */
export function addLearners(
  databasePath: string,
  count: number,
  options: { orgCode?: string; emailPrefix?: string; sessionMinutes?: number } = {},
): Learner[] {
  const db = createDb(databasePath);
  try {
    const org = db
      .select({ id: organisations.id })
      .from(organisations)
      .where(eq(organisations.code, options.orgCode ?? "XA1"))
      .get();
    if (!org) throw new Error(`No organisation ${options.orgCode ?? "XA1"} in ${databasePath}`);
    const unit = db.select({ id: units.id }).from(units).where(eq(units.organisationId, org.id)).get();
    const prefix = options.emailPrefix ?? `load-${crypto.randomBytes(3).toString("hex")}`;
    // Lucia extends a session once half its life has gone; a fresh one needs no write on use.
    const expiresAt = Math.floor(Date.now() / 1000) + (options.sessionMinutes ?? 25) * 60;
    const learners: Learner[] = [];
    db.transaction((tx) => {
      for (let i = 0; i < count; i++) {
        const userId = crypto.randomUUID();
        const email = `${prefix}-${i}@load.example`;
        const sessionId = crypto.randomBytes(25).toString("hex");
        tx.insert(users)
          .values({ id: userId, email, givenName: "Load", familyName: `Learner ${i}` })
          .run();
        tx.insert(memberships)
          .values({
            userId,
            organisationId: org.id,
            unitId: unit?.id ?? null,
            staffGroup: "nursing-midwifery",
            jobRole: "Staff Nurse",
            startDate: "2020-01-01",
          })
          .run();
        tx.insert(sessions).values({ id: sessionId, userId, expiresAt }).run();
        learners.push({ userId, email, cookie: `${SESSION_COOKIE_NAME}=${sessionId}` });
      }
    });
    return learners;
  } finally {
    db.$client.close();
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

export interface RunningServer {
  baseUrl: string;
  port: number;
  process: ChildProcess;
  output(): string;
  /** SIGTERM, then wait for the primary and its workers to exit. */
  stop(): Promise<void>;
  /** SIGKILL to the server's whole process group (primary and workers): a crash, not a shutdown. */
  kill9(): Promise<void>;
}

export interface StartServerOptions {
  databasePath: string;
  outboxDir?: string;
  workers?: number;
  port?: number;
  /** Added to the server's environment; a variable given as undefined is left out. */
  env?: Record<string, string | undefined>;
  /** Extra node flags (e.g. --cpu-prof); cluster workers inherit them. */
  nodeArgs?: string[];
}

const started = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of started) if (child.exitCode === null && child.pid) killGroup(child.pid, "SIGKILL");
});

function killGroup(pid: number, signal: NodeJS.Signals) {
  try {
    process.kill(-pid, signal);
  } catch {
    // already gone
  }
}

/** Starts the real server (`build/server.js`, what `npm start` runs) on loopback and waits for /healthz. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  if (!fs.existsSync(path.join(PROJECT_ROOT, "build/server.js")))
    throw new Error("No build: run `npm run build` first.");
  const port = options.port ?? (await freePort());
  const baseUrl = `http://localhost:${port}`;
  let output = "";
  const env: Record<string, string | undefined> = {
    ...process.env,
    NODE_ENV: "production",
    PORT: String(port),
    DATABASE_PATH: options.databasePath,
    OUTBOX_DIR: options.outboxDir ?? path.join(path.dirname(options.databasePath), "outbox"),
    APP_URL: baseUrl,
    WEB_CONCURRENCY: String(options.workers ?? 1),
    ...options.env,
  };
  for (const name of Object.keys(env)) if (env[name] === undefined) delete env[name];
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), "build/server.js"], {
    cwd: PROJECT_ROOT,
    env: env as NodeJS.ProcessEnv,
    // Its own process group, so a crash test can kill the primary and its workers at once.
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  started.add(child);
  child.stdout?.on("data", (chunk) => (output += chunk));
  child.stderr?.on("data", (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  exited.then(() => started.delete(child));
  await waitForHealthy(baseUrl, child, () => output);
  const pid = child.pid!;
  return {
    baseUrl,
    port,
    process: child,
    output: () => output,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => killGroup(pid, "SIGKILL"), 10_000);
      await exited;
      clearTimeout(timer);
    },
    async kill9() {
      killGroup(pid, "SIGKILL");
      await exited;
      // Workers die with the group; wait until none is left holding the port or the database.
      for (let i = 0; i < 100 && groupAlive(pid); i++) await sleep(50);
    },
  };
}

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitForHealthy(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited with code ${server.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`The server did not become healthy within 60 s:\n${log()}`);
}

/** Module slugs in catalogue order. */
export function moduleSlugs(): string[] {
  return listModules("en-GB").map((m) => m.slug);
}

export interface OpenQuiz {
  learner: Learner;
  slug: string;
  attemptId: string;
  /** The question ids the server drew for this attempt, in order. */
  questionIds: string[];
}

/** GET /learn/<slug>/quiz as the learner: the server creates (or resumes) an attempt and draws its questions. */
export async function openQuiz(baseUrl: string, learner: Learner, slug: string): Promise<OpenQuiz> {
  const response = await fetch(`${baseUrl}/learn/${slug}/quiz`, {
    headers: { Cookie: learner.cookie },
    redirect: "manual",
  });
  const html = await response.text();
  if (response.status !== 200) throw new Error(`GET /learn/${slug}/quiz answered ${response.status}`);
  const attemptId = /name="attemptId" value="([^"]+)"/.exec(html)?.[1];
  if (!attemptId) throw new Error(`No attemptId on /learn/${slug}/quiz`);
  const questionIds = [...new Set([...html.matchAll(/name="q:([^"]+)"/g)].map((m) => m[1]))];
  return { learner, slug, attemptId, questionIds };
}

/**
 * The form a learner sends: every question answered rightly (read from the server-side answer key,
 * which only a load generator on this machine may do), or every one wrongly, to fail.
 */
export function answerForm(quiz: OpenQuiz, options: { pass: boolean }): string {
  const bank = getQuizBank(quiz.slug, "en-GB");
  if (!bank) throw new Error(`No quiz bank for ${quiz.slug}`);
  const body = new URLSearchParams({ attemptId: quiz.attemptId });
  for (const id of quiz.questionIds) {
    const question = bank.questions.find((q) => q.id === id);
    if (!question) throw new Error(`Question ${id} is not in the ${quiz.slug} bank`);
    const chosen = options.pass
      ? question.options.filter((o) => o.correct)
      : question.options.filter((o) => !o.correct).slice(0, 1);
    for (const option of chosen) body.append(`q:${id}`, option.id);
  }
  return body.toString();
}

/** Runs `task` over `items` with at most `concurrency` in flight; results keep the items' order. */
export async function mapConcurrent<T, R>(
  items: readonly T[],
  concurrency: number,
  task: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, items.length) }, async () => {
      while (next < items.length) {
        const index = next++;
        results[index] = await task(items[index], index);
      }
    }),
  );
  return results;
}

// autocannon ships no types; this is the part of its API the benchmarks use.
export interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest) => AutocannonRequest | null;
}
export interface Histogram {
  average: number;
  p50: number;
  p99: number;
  max: number;
}
export interface AutocannonResult {
  requests: Histogram & { total: number; sent: number };
  latency: Histogram;
  throughput: Histogram;
  duration: number;
  errors: number;
  timeouts: number;
  non2xx: number;
  statusCodeStats: Record<string, { count: number }>;
}
export interface AutocannonOptions {
  url: string;
  connections: number;
  duration?: number;
  amount?: number;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: AutocannonRequest[];
  timeout?: number;
}
const require = createRequire(import.meta.url);
const autocannonModule = require("autocannon") as (
  options: AutocannonOptions,
  callback: (error: Error | null, result: AutocannonResult) => void,
) => unknown;

export function autocannon(options: AutocannonOptions): Promise<AutocannonResult> {
  return new Promise((resolve, reject) => {
    autocannonModule(options, (error, result) => (error ? reject(error) : resolve(result)));
  });
}

/** A live session for an existing account (e.g. a demo manager), as the Cookie header its browser sends. */
export function sessionCookieFor(databasePath: string, email: string, minutes = 60): string {
  const db = createDb(databasePath);
  try {
    const user = db.select({ id: users.id }).from(users).where(eq(users.email, email)).get();
    if (!user) throw new Error(`No account ${email} in ${databasePath}`);
    const sessionId = crypto.randomBytes(25).toString("hex");
    db.insert(sessions)
      .values({ id: sessionId, userId: user.id, expiresAt: Math.floor(Date.now() / 1000) + minutes * 60 })
      .run();
    return `${SESSION_COOKIE_NAME}=${sessionId}`;
  } finally {
    db.$client.close();
  }
}

export interface StaffListUpload {
  status: number;
  /** The preview page the upload redirected to, if it did. */
  previewPath: string | null;
  body: string;
  ms: number;
}

/** Sends a staff list to the running server's upload form, as a browser's form post does. */
export async function uploadStaffList(
  baseUrl: string,
  cookie: string,
  orgCode: string,
  fileName: string,
  bytes: Uint8Array,
  fields: Record<string, string> = {},
): Promise<StaffListUpload> {
  const form = new FormData();
  form.append("file", new File([bytes as BlobPart], fileName));
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const started = performance.now();
  const response = await fetch(`${baseUrl}/manage/${orgCode}/import`, {
    method: "POST",
    body: form,
    headers: { Cookie: cookie, Origin: baseUrl },
    redirect: "manual",
  });
  const body = await response.text();
  const location = response.headers.get("Location");
  return {
    status: response.status,
    previewPath: location ? new URL(location, baseUrl).pathname : null,
    body,
    ms: performance.now() - started,
  };
}

/** Asks /healthz every `everyMs` until stopped; reports the slowest answer. */
export function watchHealth(
  baseUrl: string,
  everyMs = 50,
): { stop(): Promise<{ slowestMs: number; checks: number; failures: number }> } {
  let running = true;
  let slowestMs = 0;
  let checks = 0;
  let failures = 0;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const response = await fetch(`${baseUrl}/healthz`);
        await response.arrayBuffer();
        if (!response.ok) failures++;
      } catch {
        failures++;
      }
      slowestMs = Math.max(slowestMs, performance.now() - started);
      checks++;
      await sleep(everyMs);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { slowestMs, checks, failures };
    },
  };
}
