import fs from "node:fs";
import { parseArgs } from "node:util";

const HELP = `Usage: tsx scripts/profile-summary.ts [options] <file.cpuprofile>...

Summarises .cpuprofile files (from npm run bench:pages -- --profile): self time by function and by
file, and total (inclusive) time of the busiest functions, over all the given profiles together.

Options:
  --during <regex>  only the samples between the first and the last whose stack has a frame
                    (function name or url) matching regex, e.g. "quiz.tsx" for the quiz phase
  --within <regex>  only samples whose stack has a matching frame
  --top <n>         rows per table (default 25)`;

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    during: { type: "string" },
    within: { type: "string" },
    top: { type: "string", default: "25" },
    help: { type: "boolean", default: false },
  },
});
if (values.help || positionals.length === 0) {
  console.log(HELP);
  process.exit(0);
}

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const top = Number(values.top);
const selfByFn = new Map<string, number>();
const selfByFile = new Map<string, number>();
const totalByFn = new Map<string, number>();
let totalUs = 0;
let idleUs = 0;

const shortUrl = (url: string) =>
  url
    .replace(/^file:\/\//, "")
    .replace(/.*\/node_modules\//, "~nm/")
    .replace(/.*\/build\//, "build/");

for (const file of positionals) {
  const profile: Profile = JSON.parse(fs.readFileSync(file, "utf8"));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = (id: number) => {
    const stack: Node[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) stack.push(byId.get(cur)!);
    return stack;
  };
  const label = (n: Node) =>
    `${n.callFrame.functionName || "(anonymous)"} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const matches = (re: RegExp, stack: Node[]) =>
    stack.some((n) => re.test(n.callFrame.functionName) || re.test(n.callFrame.url));

  let from = 0;
  let to = profile.samples.length - 1;
  if (values.during) {
    const re = new RegExp(values.during);
    const hits = profile.samples.flatMap((s, i) => (matches(re, stackOf(s)) ? [i] : []));
    if (hits.length === 0) continue;
    from = hits[0];
    to = hits[hits.length - 1];
  }
  const within = values.within ? new RegExp(values.within) : null;
  for (let i = from; i <= to; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    const node = byId.get(profile.samples[i])!;
    if (node.callFrame.functionName === "(idle)") {
      idleUs += dt;
      continue;
    }
    const stack = stackOf(profile.samples[i]);
    if (within && !matches(within, stack)) continue;
    totalUs += dt;
    selfByFn.set(label(node), (selfByFn.get(label(node)) ?? 0) + dt);
    const fileKey = shortUrl(node.callFrame.url) || node.callFrame.functionName;
    selfByFile.set(fileKey, (selfByFile.get(fileKey) ?? 0) + dt);
    for (const seen of new Set(stack.map(label))) totalByFn.set(seen, (totalByFn.get(seen) ?? 0) + dt);
  }
}

const ms = (us: number) => (us / 1000).toFixed(0).padStart(7);
const pct = (us: number) => ((100 * us) / totalUs).toFixed(1).padStart(5) + "%";
const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, v] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`${ms(v)} ms ${pct(v)}  ${k}`);
};
console.log(`busy ${ms(totalUs)} ms, idle ${ms(idleUs)} ms`);
print("Self time by function", selfByFn);
print("Self time by file", selfByFile);
print("Total (inclusive) time by function", totalByFn);
