import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";
import { buildContent } from "../app/content/build.server";
import { DEFAULT_CONTENT_DIR, formatProblems } from "../app/content/check.server";
import { env } from "../app/env.server";

const HELP = `Usage: npm run content:build [-- --dir <folder>] [-- --watch [-- <command> ...]]

Checks every module (as npm run content:check does) and, when there is no error,
renders each lesson page to static HTML in English and Welsh and writes
catalogue.json and modules/<slug>.json to CONTENT_BUILD_DIR (default ./build/content),
and copies module images to public/content/<slug>/. Lessons are compiled once and
cached in .cache/content under a hash of the module's files and the compiler version.
Exits with 1, writing nothing, when the check finds an error.
  --dir <folder>  build the modules in this folder (default ${DEFAULT_CONTENT_DIR})
  --watch         build again whenever a module file changes; with a command after
                  "--", run it alongside and stop when it stops (npm run dev does this)`;

const { values, positionals } = parseArgs({
  options: { help: { type: "boolean" }, dir: { type: "string" }, watch: { type: "boolean" } },
  allowPositionals: true,
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const dir = values.dir ?? DEFAULT_CONTENT_DIR;
const outDir = env().CONTENT_BUILD_DIR;

async function build(): Promise<boolean> {
  const started = Date.now();
  const result = await buildContent({ dir, outDir });
  if (result.problems.length > 0 || !result.ok) console.log(formatProblems(result));
  if (!result.ok) {
    console.error(`Content not built: fix the errors above. ${path.resolve(outDir)} is unchanged.`);
    return false;
  }
  const list = (slugs: string[]) => (slugs.length > 0 ? slugs.join(", ") : "none");
  console.log(
    `Content built to ${outDir} in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.modules.length} ${result.modules.length === 1 ? "module" : "modules"} ` +
      `(compiled: ${list(result.compiled)}; unchanged, from cache: ${list(result.cached)}).`,
  );
  return true;
}

if (!values.watch) {
  process.exit((await build()) ? 0 : 1);
}

await build();

let running = false;
let again = false;
async function rebuild() {
  if (running) {
    again = true;
    return;
  }
  running = true;
  do {
    again = false;
    await build().catch((error: unknown) => console.error(error));
  } while (again);
  running = false;
}

let timer: NodeJS.Timeout | undefined;
fs.watch(dir, { recursive: true }, () => {
  clearTimeout(timer);
  timer = setTimeout(rebuild, 150);
});
console.log(`Watching ${dir} for changes.`);

if (positionals.length > 0) {
  const [command, ...args] = positionals;
  const child = spawn(command, args, { stdio: "inherit", shell: process.platform === "win32" });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => child.kill(signal));
}
