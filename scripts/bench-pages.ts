import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import zlib from "node:zlib";
import Database from "better-sqlite3";
import {
  PROJECT_ROOT,
  addLearners,
  answerForm,
  autocannon,
  createSeededDatabase,
  freePort,
  mapConcurrent,
  moduleSlugs,
  openQuiz,
  sleep,
  startServer,
  type AutocannonRequest,
  type AutocannonResult,
  type OpenQuiz,
} from "./bench-harness";
import { groupCpuMs, prepareRemixAnchor, startReactLimit, startRemixAnchor, type Anchor } from "./bench-anchors";

const HELP = `Usage: npm run bench:pages -- [options]   (or: tsx scripts/bench-pages.ts [options])

Starts, one after another on this machine and in this run, our production server (scripts/serve.ts,
what npm start runs, on a seeded temporary database) and two anchors, loads each with the same
autocannon settings and prints requests/s, p50 and p99 latency for:
  remix      the default Remix anchor: scripts/bench-anchor, a minimal Remix 2.17.5 app installed
             unpatched into its own folder on first use (npm install there), built with its own
             classic compiler and served by remix-serve with its defaults (one process, gzip,
             request log); one route whose loader returns text sized so the page weighs what our
             lesson page does
  lesson     a signed-in learner's lesson page (GET /learn/spotting-phishing/2)
  react      the React limit: a bare node:http server (same worker count as ours) rendering the
             real lesson page's component tree (root Layout + lesson route) with renderToString per
             request; no router, no session, no database
  dashboard  the learner's dashboard (GET /my-training)
  turns      lesson pages that each record a page view (GET /learn/spotting-phishing/1 to 4, each
             request the next page for the next of the benchmark's learners, so every view writes)
  quiz       quiz submissions (POST /learn/<slug>/quiz, each a different prepared attempt)
  ceiling    a bare Node http server returning the lesson page's bytes: a check on the load
             generator, not a denominator
then the ratios ours / default Remix and ours / React limit against the targets (lesson >= 2x
default Remix with p99 < 100 ms, dashboard >= 1x, quiz >= 0.8x), each server's CPU time per request
(all its processes, from /proc: steadier than requests/s when others share the machine), and the
lesson page's weight.
Absolute figures move 2-5x between machines and with load: compare the ratios.

Options:
  --duration <s>      seconds per page and round (default 10)
  --rounds <n>        rounds of remix, lesson, react, dashboard in turn (default 3); each page's
                      median round is printed, so a change in the machine's load falls on all alike
  --connections <n>   concurrent connections (default 50)
  --workers <n>       our server's processes, WEB_CONCURRENCY (default: the number of cores, ${os.availableParallelism()})
  --attempts <n>      quiz attempts prepared for the quiz run (default 4000)
  --only <list>       comma-separated subset of remix,lesson,react,dashboard,turns,quiz,ceiling
  --build             run npm run build (and rebuild the anchor) first (default: only when there is no build)
  --profile           also write a CPU profile (.cpuprofile, node --cpu-prof) of each of our server's
                      processes while under load, and print where; open it in Chrome DevTools
                      (Performance tab) or VS Code. Profiling slows the server: its figures are not
                      comparable with a run without --profile.
  --help              this text

Run it when the machine is otherwise idle (check the load average with uptime): the load
generator shares the cores with the server, as it would on a small host.`;

const { values } = parseArgs({
  options: {
    duration: { type: "string", default: "10" },
    rounds: { type: "string", default: "3" },
    connections: { type: "string", default: "50" },
    workers: { type: "string", default: String(os.availableParallelism()) },
    attempts: { type: "string", default: "4000" },
    only: { type: "string", default: "remix,lesson,react,dashboard,turns,quiz,ceiling" },
    build: { type: "boolean", default: false },
    profile: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const duration = Number(values.duration);
const rounds = Math.max(1, Number(values.rounds));
const connections = Number(values.connections);
const workers = Number(values.workers);
const attemptCount = Number(values.attempts);
const only = new Set(values.only.split(","));
const LESSON_PATH = "/learn/spotting-phishing/2";

interface Row {
  name: string;
  /** The server's CPU time per request served, in ms (all its processes). */
  cpuMs?: number;
  requestsPerSecond: number;
  p50: number;
  p99: number;
  expected: number;
  unexpected: number;
}

function row(name: string, result: AutocannonResult, expectedStatus: number): Row {
  const expected = result.statusCodeStats[String(expectedStatus)]?.count ?? 0;
  const all = Object.values(result.statusCodeStats).reduce((sum, s) => sum + s.count, 0);
  return {
    name,
    // Not requests.average, the mean of whole seconds' counts: a run of a fixed number of requests
    // (the quiz's 4,000) ends part-way through a second, which that mean counts as a whole one, so
    // any quiz run of 4-5 s printed 800/s.
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    expected,
    unexpected: all - expected + result.errors + result.timeouts,
  };
}

/** A bare Node http server (one process per worker, like the app) returning these bytes for every request. */
async function startCeiling(body: Buffer, contentType: string, processes: number) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cyber-basics-ceiling-"));
  const file = path.join(dir, "page.html");
  const script = path.join(dir, "ceiling.mjs");
  fs.writeFileSync(file, body);
  const port = await freePort();
  const code = `
    import cluster from "node:cluster";
    import fs from "node:fs";
    import http from "node:http";
    const body = fs.readFileSync(${JSON.stringify(file)});
    if (cluster.isPrimary && ${processes} > 1) {
      for (let i = 0; i < ${processes}; i++) cluster.fork();
    } else {
      http.createServer((req, res) => {
        res.writeHead(200, { "Content-Type": ${JSON.stringify(contentType)}, "Content-Length": body.length });
        res.end(body);
      }).listen(${port}, "127.0.0.1");
    }`;
  fs.writeFileSync(script, code);
  const child = spawn(process.execPath, [script], { stdio: "inherit", detached: true });
  for (let i = 0; i < 100; i++) {
    try {
      if ((await fetch(`http://127.0.0.1:${port}/`)).ok) break;
    } catch {
      await sleep(50);
    }
  }
  return {
    url: `http://127.0.0.1:${port}${LESSON_PATH}`,
    stop: () => {
      try {
        process.kill(-child.pid!, "SIGTERM");
      } catch {
        // already gone
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Weight {
  kind: string;
  files: number;
  raw: number;
  sent: number;
  gzip: number;
  brotli: number;
}

/** What a browser downloads for the lesson page, as this server sends it (Accept-Encoding: br, gzip). */
async function measureWeight(baseUrl: string, cookie: string, html: string): Promise<Weight[]> {
  const scripts = new Set<string>();
  for (const m of html.matchAll(/<script[^>]*\ssrc="([^"]+)"/g)) scripts.add(m[1]);
  for (const m of html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)) scripts.add(m[1]);
  for (const m of html.matchAll(/import\s*(?:[\w*{}\s,]+from\s*)?"(\/build\/[^"]+\.js)"/g)) scripts.add(m[1]);
  const styles = new Set([...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]));
  const inline = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join("");

  async function fetchAll(urls: Set<string>, kind: string): Promise<Weight> {
    const weight: Weight = { kind, files: urls.size, raw: 0, sent: 0, gzip: 0, brotli: 0 };
    for (const url of urls) {
      const response = await fetch(new URL(url, baseUrl), {
        headers: { "Accept-Encoding": "br, gzip", Cookie: cookie },
      });
      const raw = Buffer.from(await response.arrayBuffer());
      // fetch decodes the body; the header tells what went over the wire.
      const encoding = response.headers.get("content-encoding");
      weight.raw += raw.length;
      weight.gzip += zlib.gzipSync(raw, { level: 9 }).length;
      weight.brotli += zlib.brotliCompressSync(raw).length;
      weight.sent +=
        encoding === "br"
          ? zlib.brotliCompressSync(raw).length
          : encoding === "gzip"
            ? zlib.gzipSync(raw).length
            : raw.length;
    }
    return weight;
  }
  const page = Buffer.from(html);
  const htmlWeight: Weight = {
    kind: "HTML",
    files: 1,
    raw: page.length,
    sent: page.length,
    gzip: zlib.gzipSync(page, { level: 9 }).length,
    brotli: zlib.brotliCompressSync(page).length,
  };
  const inlineBytes = Buffer.from(inline);
  const inlineWeight: Weight = {
    kind: "inline script",
    files: 1,
    raw: inlineBytes.length,
    sent: inlineBytes.length,
    gzip: zlib.gzipSync(inlineBytes).length,
    brotli: zlib.brotliCompressSync(inlineBytes).length,
  };
  return [htmlWeight, await fetchAll(scripts, "JavaScript files"), inlineWeight, await fetchAll(styles, "CSS files")];
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;

/** The stylesheets and module scripts a page links, in order. */
function pageAssets(html: string) {
  const stylesheets = [...html.matchAll(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  const scripts = [...html.matchAll(/<link[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g)].map((m) => m[1]);
  return { stylesheets, scripts };
}

/** The round with the median requests/s (the lower middle one of an even count). */
function median(results: Row[]): Row {
  const sorted = [...results].sort((a, b) => a.requestsPerSecond - b.requestsPerSecond);
  return sorted[Math.floor((sorted.length - 1) / 2)];
}

const ratio = (r: Row | undefined, of: Row | undefined) =>
  r && of && of.requestsPerSecond > 0 ? r.requestsPerSecond / of.requestsPerSecond : undefined;
const fixed = (n: number | undefined, digits = 2) => (n === undefined ? "" : n.toFixed(digits));

async function main() {
  if (values.build || !fs.existsSync(path.join(PROJECT_ROOT, "build/server.js"))) {
    console.log("Building (npm run build)...");
    const built = spawnSync("npm", ["run", "build"], { cwd: PROJECT_ROOT, stdio: "inherit" });
    if (built.status !== 0) process.exit(built.status ?? 1);
  }
  if (only.has("remix")) prepareRemixAnchor(values.build);
  const slugs = moduleSlugs();
  const database = await createSeededDatabase();
  const learnerCount = Math.max(1, Math.ceil(attemptCount / slugs.length));
  const learners = addLearners(database.databasePath, learnerCount);
  const profileDir = values.profile
    ? path.join(PROJECT_ROOT, ".cache/profiles", new Date().toISOString().replace(/[:.]/g, "-"))
    : null;
  const nodeArgs = profileDir ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [];
  const server = await startServer({
    databasePath: database.databasePath,
    outboxDir: database.outboxDir,
    workers,
    nodeArgs,
  });
  const rows = new Map<string, Row>();
  const reader = learners[0];
  const load = async (key: string, name: string, url: string, headers: Record<string, string> = {}) => {
    await autocannon({ url, connections, duration: 2, headers });
    rows.set(key, row(name, await autocannon({ url, connections, duration, headers }), 200));
  };
  let stopped = false;
  try {
    console.log(
      `Our server: ${workers} worker process(es) on ${server.baseUrl}; ${connections} connections, ${duration} s per page x ${rounds} rounds (after a 2 s warm-up each); load average ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
    const lessonResponse = await fetch(`${server.baseUrl}${LESSON_PATH}`, { headers: { Cookie: reader.cookie } });
    const lessonHtml = await lessonResponse.text();
    if (lessonResponse.status !== 200 || !lessonHtml.includes("app-lesson"))
      throw new Error(`The lesson page answered ${lessonResponse.status}`);
    const signedIn = { Cookie: reader.cookie };

    const anchors: Anchor[] = [];
    const targets: {
      key: string;
      name: string;
      url: string;
      pgid: number;
      headers?: Record<string, string>;
      requests?: AutocannonRequest[];
    }[] = [];
    if (only.has("remix")) {
      // Text through a loader is sent twice (page and hydration data): start from half the lesson
      // page's size, then adjust until the anchor's page weighs what ours does (within 2%).
      const lessonBytes = Buffer.byteLength(lessonHtml);
      let textBytes = Math.round(lessonBytes / 2);
      let anchor = await startRemixAnchor(textBytes);
      let bytes = Buffer.byteLength(await (await fetch(anchor.url)).text());
      for (let i = 0; i < 3 && Math.abs(bytes - lessonBytes) > lessonBytes * 0.02; i++) {
        anchor.stop();
        textBytes = Math.round(textBytes + (lessonBytes - bytes) / 2);
        anchor = await startRemixAnchor(textBytes);
        bytes = Buffer.byteLength(await (await fetch(anchor.url)).text());
      }
      anchors.push(anchor);
      targets.push({ key: "remix", name: `default Remix (${kb(bytes)})`, url: anchor.url, pgid: anchor.pgid });
    }
    if (only.has("lesson"))
      targets.push({
        key: "lesson",
        name: `lesson page (${kb(Buffer.byteLength(lessonHtml))})`,
        url: `${server.baseUrl}${LESSON_PATH}`,
        pgid: server.process.pid!,
        headers: signedIn,
      });
    if (only.has("react")) {
      const limit = await startReactLimit({
        workers,
        lesson: LESSON_PATH.replace("/learn/", ""),
        ...pageAssets(lessonHtml),
      });
      anchors.push(limit);
      const bytes = Buffer.byteLength(await (await fetch(limit.url)).text());
      targets.push({ key: "react", name: `React limit (${kb(bytes)})`, url: limit.url, pgid: limit.pgid });
    }
    if (only.has("dashboard"))
      targets.push({
        key: "dashboard",
        name: "dashboard /my-training",
        url: `${server.baseUrl}/my-training`,
        pgid: server.process.pid!,
        headers: signedIn,
      });
    if (only.has("turns")) {
      // Request n shows learner n % L page 1 + floor(n / L) % 4: each learner's next view is always
      // another page than their last, so every view is recorded (a write) before the page is sent.
      const turners = learners.slice(1);
      let next = 0;
      const request: AutocannonRequest = {
        setupRequest: (req) => {
          const n = next++;
          const learner = turners[n % turners.length];
          const page = 1 + (Math.floor(n / turners.length) % 4);
          return { ...req, path: `/learn/spotting-phishing/${page}`, headers: { Cookie: learner.cookie } };
        },
      };
      targets.push({
        key: "turns",
        name: "lesson page turns (a write)",
        url: server.baseUrl,
        pgid: server.process.pid!,
        requests: [request],
      });
    }
    try {
      // Every server is up (the idle ones cost nothing); each round loads each page in turn, so a
      // change in the machine's other load falls on all of them alike. The median round counts.
      const loadOf = (target: (typeof targets)[number], seconds: number) =>
        autocannon({
          url: target.url,
          connections,
          duration: seconds,
          headers: target.headers,
          requests: target.requests,
        });
      for (const target of targets) await loadOf(target, 2);
      const runs = new Map<string, Row[]>();
      for (let round = 0; round < rounds; round++) {
        for (const target of targets) {
          const cpuBefore = groupCpuMs(target.pgid);
          const result = row(target.name, await loadOf(target, duration), 200);
          const cpuAfter = groupCpuMs(target.pgid);
          if (cpuBefore !== undefined && cpuAfter !== undefined && result.expected > 0)
            result.cpuMs = (cpuAfter - cpuBefore) / (result.expected + result.unexpected);
          runs.set(target.key, [...(runs.get(target.key) ?? []), result]);
        }
      }
      for (const [key, results] of runs) rows.set(key, median(results));
      if (only.has("turns")) {
        const check = new Database(database.databasePath, { readonly: true });
        const recorded = check
          .prepare(
            "SELECT count(*) FROM module_progress WHERE module_slug = 'spotting-phishing' AND json_array_length(pages_seen) = 4",
          )
          .pluck()
          .get();
        check.close();
        console.log(`  turns: ${recorded} of ${learners.length - 1} learners have all four pages recorded as seen`);
      }
      if (rounds > 1)
        for (const [key, results] of runs)
          console.log(
            `  ${key.padEnd(10)} requests/s by round: ${results.map((r) => r.requestsPerSecond.toFixed(0)).join(", ")}`,
          );
    } finally {
      for (const anchor of anchors) anchor.stop();
    }
    if (only.has("quiz")) {
      const pairs = learners.flatMap((learner) => slugs.map((slug) => ({ learner, slug }))).slice(0, attemptCount);
      const started = Date.now();
      const quizzes: OpenQuiz[] = await mapConcurrent(pairs, 8, ({ learner, slug }) =>
        openQuiz(server.baseUrl, learner, slug),
      );
      console.log(
        `Prepared ${quizzes.length} quiz attempts (GET /learn/<slug>/quiz) in ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      const forms = quizzes.map((quiz, i) => ({ quiz, body: answerForm(quiz, { pass: i % 10 !== 0 }) }));
      let next = 0;
      const request: AutocannonRequest = {
        method: "POST",
        setupRequest: (req) => {
          const form = forms[next++ % forms.length];
          return {
            ...req,
            method: "POST",
            path: `/learn/${form.quiz.slug}/quiz`,
            headers: {
              Cookie: form.quiz.learner.cookie,
              Origin: server.baseUrl,
              "Content-Type": "application/x-www-form-urlencoded",
            },
            body: form.body,
          };
        },
      };
      const cpuBefore = groupCpuMs(server.process.pid!);
      const result = await autocannon({ url: server.baseUrl, connections, amount: forms.length, requests: [request] });
      const quizRow = row("quiz submission (302)", result, 302);
      const cpuAfter = groupCpuMs(server.process.pid!);
      if (cpuBefore !== undefined && cpuAfter !== undefined) quizRow.cpuMs = (cpuAfter - cpuBefore) / forms.length;
      rows.set("quiz", quizRow);
      if (process.env.BENCH_DEBUG) console.log(result.statusCodeStats, server.output().slice(-3000));
    }
    const weights = await measureWeight(server.baseUrl, reader.cookie, lessonHtml);
    if (profileDir) {
      // The profiles are written as the processes exit.
      await server.stop();
      stopped = true;
    }
    if (only.has("ceiling")) {
      const bare = await startCeiling(
        Buffer.from(lessonHtml),
        lessonResponse.headers.get("content-type") ?? "text/html",
        workers,
      );
      try {
        await load("ceiling", "ceiling: bare Node, same bytes", bare.url);
      } finally {
        bare.stop();
      }
    }

    const remix = rows.get("remix");
    const react = rows.get("react");
    console.log("");
    console.log(
      "page                              requests/s   p50 ms   p99 ms      ok   other   ÷ default Remix   ÷ React limit   CPU ms/request",
    );
    for (const [key, r] of rows) {
      const ours = key === "lesson" || key === "dashboard" || key === "turns" || key === "quiz";
      console.log(
        `${r.name.padEnd(32)} ${r.requestsPerSecond.toFixed(0).padStart(11)} ${r.p50.toFixed(0).padStart(8)} ${r.p99.toFixed(0).padStart(8)} ${String(r.expected).padStart(7)} ${String(r.unexpected).padStart(7)}   ${(ours ? fixed(ratio(r, remix)) : "").padStart(15)}   ${(ours ? fixed(ratio(r, react)) : "").padStart(13)}   ${fixed(r.cpuMs).padStart(14)}`,
      );
    }
    console.log("");
    const target = (label: string, key: string, minimum: number, p99Limit?: number) => {
      const r = rows.get(key);
      const x = ratio(r, remix);
      if (!r || x === undefined) return;
      const met = x >= minimum && (p99Limit === undefined || r.p99 < p99Limit);
      console.log(
        `  ${label.padEnd(16)} ${fixed(x)} x default Remix (target >= ${minimum}${p99Limit ? `, p99 < ${p99Limit} ms: ${r.p99.toFixed(0)} ms` : ""})  ${met ? "met" : "NOT MET"}`,
      );
    };
    if (remix) {
      console.log("Targets (same run):");
      target("lesson page", "lesson", 2, 100);
      target("dashboard", "dashboard", 1);
      target("quiz submission", "quiz", 0.8);
    }
    const lessonCpu = rows.get("lesson")?.cpuMs;
    if (remix?.cpuMs && lessonCpu)
      console.log(
        `  lesson page uses ${fixed(lessonCpu / remix.cpuMs)} x the CPU per request of default Remix (steadier than requests/s on a shared machine; 0.5 or less for 2x)`,
      );
    const lesson = rows.get("lesson");
    if (lesson && react)
      console.log(
        `  lesson page is ${fixed(ratio(lesson, react))} of the React limit (rendering the same component tree and nothing else)`,
      );
    {
      console.log("");
      console.log(`Lesson page weight (${LESSON_PATH}):`);
      for (const w of weights) {
        console.log(
          `  ${w.kind.padEnd(17)} ${String(w.files).padStart(2)} file(s)  raw ${kb(w.raw).padStart(9)}  as sent ${kb(w.sent).padStart(9)}  gzip ${kb(w.gzip).padStart(9)}  brotli ${kb(w.brotli).padStart(9)}`,
        );
      }
      const js = weights.filter((w) => w.kind.includes("JavaScript") || w.kind.includes("script"));
      const jsSent = js.reduce((sum, w) => sum + w.sent, 0);
      const jsGzip = js.reduce((sum, w) => sum + w.gzip, 0);
      console.log(`  JavaScript total: ${kb(jsSent)} as sent, ${kb(jsGzip)} gzip (target: under 150 KB compressed)`);
    }
    console.log(
      `\nLoad average after the run: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(" ")}`,
    );
  } finally {
    if (!stopped) await server.stop();
    database.remove();
  }
  if (profileDir) {
    const profiles = fs.existsSync(profileDir)
      ? fs.readdirSync(profileDir).filter((f) => f.endsWith(".cpuprofile"))
      : [];
    const sized = profiles
      .map((f) => ({ file: path.join(profileDir, f), size: fs.statSync(path.join(profileDir, f)).size }))
      .sort((a, b) => b.size - a.size);
    console.log(`\nCPU profiles of our server (one per process; the largest are the workers that served the load):`);
    for (const p of sized) console.log(`  ${p.file}  ${kb(p.size)}`);
    if (sized.length === 0) console.log(`  none written in ${profileDir}: the server did not exit cleanly`);
  }
}

await main();
