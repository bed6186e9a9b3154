// The two anchors npm run bench:pages measures beside our server in the same run: a default Remix
// app (scripts/bench-anchor, its own unpatched install, served by remix-serve with its defaults)
// and the React limit (scripts/bench-react-limit: the lesson page's component tree rendered with
// renderToString by a bare node:http server).
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import * as esbuild from "esbuild";
import { PROJECT_ROOT, freePort, sleep } from "./bench-harness";

export const ANCHOR_DIR = path.join(PROJECT_ROOT, "scripts/bench-anchor");

export interface Anchor {
  url: string;
  /** Process group of the server (its primary and workers). */
  pgid: number;
  stop(): void;
}

/**
 * CPU time (user + system, ms) used so far by every process in a process group, from /proc (Linux;
 * undefined elsewhere). CPU per request moves far less than requests/s on a machine others share.
 */
export function groupCpuMs(pgid: number): number | undefined {
  let entries: string[];
  try {
    entries = fs.readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  let ticks = 0;
  for (const pid of entries) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    } catch {
      continue;
    }
    // The fields after the command name, which may itself hold spaces and parentheses.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    if (Number(fields[2]) !== pgid) continue;
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  // Linux reports these in clock ticks of 1/100 s (USER_HZ) on every platform Node runs on.
  return ticks * 10;
}

function run(command: string, args: string[], cwd: string) {
  const result = spawnSync(command, args, { cwd, stdio: "inherit" });
  if (result.status !== 0) throw new Error(`${command} ${args.join(" ")} failed in ${cwd}`);
}

/** Where a package resolves from the anchor's folder: it must be the anchor's own copy, not the root's patched one. */
function resolveFromAnchor(specifier: string): string {
  return createRequire(path.join(ANCHOR_DIR, "package.json")).resolve(specifier);
}

/** Installs (first use) and builds the default Remix anchor with its own remix compiler. */
export function prepareRemixAnchor(rebuild: boolean) {
  if (!fs.existsSync(path.join(ANCHOR_DIR, "node_modules/@remix-run/serve/package.json"))) {
    console.log("Installing the default Remix anchor (npm install in scripts/bench-anchor, once)...");
    // Its own package.json has no postinstall: the root's patch-package patches never touch it.
    run("npm", ["install", "--no-audit", "--no-fund"], ANCHOR_DIR);
  }
  for (const name of ["@remix-run/router", "@remix-run/server-runtime", "@remix-run/react"]) {
    const file = resolveFromAnchor(`${name}/package.json`);
    if (!file.startsWith(path.join(ANCHOR_DIR, "node_modules") + path.sep))
      throw new Error(`The anchor would use ${name} from ${file}, not its own unpatched copy`);
  }
  if (rebuild || !fs.existsSync(path.join(ANCHOR_DIR, "build/index.js"))) {
    console.log("Building the default Remix anchor (remix build, classic compiler)...");
    run(process.execPath, [resolveFromAnchor("@remix-run/dev/dist/cli.js"), "build"], ANCHOR_DIR);
  }
}

async function waitFor(url: string, child: ChildProcess, name: string) {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`${name} exited with code ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not listening yet
    }
    await sleep(100);
  }
  throw new Error(`${name} did not answer within 30 s`);
}

function stopGroup(child: ChildProcess) {
  try {
    process.kill(-child.pid!, "SIGTERM");
  } catch {
    // already gone
  }
}

/** remix-serve with its defaults (one process, compression, request log), its page text of `textBytes`. */
export async function startRemixAnchor(textBytes: number): Promise<Anchor> {
  const port = await freePort();
  const child = spawn(process.execPath, [resolveFromAnchor("@remix-run/serve/dist/cli.js"), "./build/index.js"], {
    cwd: ANCHOR_DIR,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      HOST: "127.0.0.1",
      BENCH_ANCHOR_BYTES: String(textBytes),
    },
    // The request log goes to stdout as remix-serve writes it by default; nobody reads it.
    stdio: ["ignore", "ignore", "inherit"],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}/`;
  await waitFor(url, child, "remix-serve (default Remix anchor)");
  return { url, pgid: child.pid!, stop: () => stopGroup(child) };
}

/** Bundles the React-limit server (app components, @remix-run/react swapped for a shim) and starts it. */
export async function startReactLimit(options: {
  workers: number;
  stylesheets: string[];
  scripts: string[];
  lesson: string;
}): Promise<Anchor> {
  const outfile = path.join(PROJECT_ROOT, ".cache/bench/react-limit.mjs");
  const dir = path.join(PROJECT_ROOT, "scripts/bench-react-limit");
  await esbuild.build({
    entryPoints: [path.join(dir, "server.tsx")],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    // Packages load from the root node_modules, as the app's own server build does.
    packages: "external",
    jsx: "automatic",
    alias: { "~": path.join(PROJECT_ROOT, "app"), "@db": path.join(PROJECT_ROOT, "db") },
    loader: { ".css": "empty" },
    define: { "process.env.NODE_ENV": '"production"' },
    logLevel: "warning",
    plugins: [
      {
        name: "no-remix",
        setup(build) {
          build.onResolve({ filter: /^@remix-run\/react$/ }, () => ({ path: path.join(dir, "remix-react-shim.tsx") }));
          build.onResolve({ filter: /^remix-i18next\/react$/ }, () => ({
            path: "remix-i18next-react",
            namespace: "shim",
          }));
          build.onLoad({ filter: /.*/, namespace: "shim" }, () => ({
            contents: "export function useChangeLanguage() {}",
            loader: "js",
          }));
        },
      },
    ],
  });
  const port = await freePort();
  const child = spawn(process.execPath, [outfile], {
    cwd: PROJECT_ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      PORT: String(port),
      WEB_CONCURRENCY: String(options.workers),
      LESSON: options.lesson,
      STYLESHEETS: JSON.stringify(options.stylesheets),
      SCRIPTS: JSON.stringify(options.scripts),
    },
    stdio: ["ignore", "inherit", "inherit"],
    detached: true,
  });
  const url = `http://127.0.0.1:${port}/`;
  await waitFor(url, child, "React limit server");
  return { url, pgid: child.pid!, stop: () => stopGroup(child) };
}
