import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { checkContent, formatProblem } from "~/content/check.server";
import { checkLevel1Coverage, level1CoverageTable } from "~/content/level1-coverage.server";

const run = promisify(execFile);
const tsx = path.resolve("node_modules/.bin/tsx");
const temp = fs.mkdtempSync(path.join(os.tmpdir(), "cb-level1-"));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

const rel = (file: string) => path.relative(process.cwd(), file);

const OBJECTIVES = `sources:
  - title: "The national course"
    url: https://example.org/level1
objectives:
  - id: threats
    published: Define potential threats to the security of information
    en: Threats to information
    cy: Bygythiadau i wybodaeth
  - id: law
    published: Outline the steps you must follow to ensure you comply with the law
    en: Following the law
    cy: Dilyn y gyfraith
`;

/** A content folder with the valid fixture module, an objectives file and an up-to-date README. */
function contentFolder(name: string) {
  const root = path.join(temp, name);
  const dir = path.join(root, "modules");
  fs.cpSync("tests/fixtures/content/valid", dir, { recursive: true });
  fs.writeFileSync(path.join(root, "level1-objectives.yaml"), OBJECTIVES);
  fs.writeFileSync(path.join(root, "README.md"), `# Guide\n\n${level1CoverageTable(dir)}\n`);
  const meta = path.join(dir, "password-basics", "module.md");
  const edit = (from: string | RegExp, to: string) =>
    fs.writeFileSync(meta, fs.readFileSync(meta, "utf8").replace(from, to));
  return { root, dir, meta, edit, cacheDir: path.join(root, "cache") };
}

describe("the Data Security Awareness Level 1 objectives of the real content", () => {
  const objectives = (
    parse(fs.readFileSync("content/level1-objectives.yaml", "utf8")) as { objectives: { id: string }[] }
  ).objectives;

  it("lists the eight published objectives of the national course, with Welsh titles", () => {
    expect(objectives.map((o) => o.id)).toEqual([
      "importance-of-data-security",
      "ndg-standards",
      "comply-with-the-law",
      "threats-to-data-security",
      "breaches-and-incidents",
      "good-record-keeping",
      "caldicott-principles",
      "freedom-of-information",
    ]);
  });

  it("every objective is taught by a lesson and tested by a quiz outcome, and content/README.md has the current table", () => {
    expect(checkLevel1Coverage("content/modules").map(formatProblem)).toEqual([]);
    const table = level1CoverageTable("content/modules")!;
    expect(fs.readFileSync("content/README.md", "utf8")).toContain(table);
    for (const { id } of objectives) {
      const row = table.split("\n").find((line) => line.includes(`| \`${id}\` |`));
      expect(row, id).toMatch(/\]\(modules\/[a-z-]+\/\d\d-[a-z-]+\.mdx\)/);
      expect(row, id).not.toContain("yet**");
    }
  });
});

describe("content:check and the Level 1 objectives", () => {
  it("passes a module whose outcomes name known objectives, and puts its pages and outcomes in the table", async () => {
    const { dir, cacheDir } = contentFolder("valid");
    expect((await checkContent({ dir, cacheDir })).problems.map(formatProblem)).toEqual([]);
    const table = level1CoverageTable(dir)!;
    expect(table).toContain(
      "| `law` | [Password basics](modules/password-basics): [2. Keeping it private](modules/password-basics/02-keeping-it-private.mdx) | Password basics: `keep-it-private` Keep your password to yourself, even when someone asks. |",
    );
  });

  it("refuses an objective id that is not in level1-objectives.yaml, at its line", async () => {
    const { dir, meta, edit, cacheDir } = contentFolder("unknown");
    edit("level1: [threats, law]", "level1: [threats, the-law]");
    const result = await checkContent({ dir, cacheDir });
    const line =
      fs
        .readFileSync(meta, "utf8")
        .split("\n")
        .findIndex((l) => l.includes("the-law]")) + 1;
    expect(result.problems.map(formatProblem)).toContain(
      `${rel(meta)}:${line}: error: Outcome \`keep-it-private\` names Level 1 objective \`the-law\`, which is not in level1-objectives.yaml. The objectives are: threats, law.`,
    );
  });

  it("refuses a level1 list in the Welsh module.md: only the words are translated", async () => {
    const { dir, cacheDir } = contentFolder("welsh");
    const welsh = path.join(dir, "password-basics", "module.cy.md");
    fs.writeFileSync(
      welsh,
      fs
        .readFileSync(welsh, "utf8")
        .replace(/( {2}- id: choose-password\n {4}text: .*\n)/, "$1    level1: [threats]\n"),
    );
    const result = await checkContent({ dir, cacheDir });
    expect(result.problems.map(formatProblem).join("\n")).toMatch(/module\.cy\.md:\d+: error: Unknown field `level1`/);
  });

  it("fails while an objective is taught by no lesson or tested by no quiz outcome, saying which and what to add", async () => {
    const { root, dir, edit, cacheDir } = contentFolder("uncovered");
    edit("level1: [threats, law]", "level1: [threats]");
    const result = await checkContent({ dir, cacheDir });
    const objectivesFile = rel(path.join(root, "level1-objectives.yaml"));
    expect(result.problems.map(formatProblem)).toEqual(
      expect.arrayContaining([
        `${objectivesFile}:9: error: Level 1 objective \`law\` (Following the law) is taught by no lesson: add \`law\` to the \`level1\` list of a module.md outcome that a lesson page teaches (listed in the page's \`outcomes\`), or write a page for it.`,
        `${objectivesFile}:9: error: Level 1 objective \`law\` (Following the law) is tested by no quiz outcome: add \`law\` to the \`level1\` list of a module.md outcome that has questions in quiz.yaml, or add questions for an outcome that lists it.`,
      ]),
    );
  });

  it("counts an objective as taught only through a page that teaches the outcome", async () => {
    const { root, dir, cacheDir } = contentFolder("untaught");
    const page = path.join(dir, "password-basics", "02-keeping-it-private.mdx");
    fs.writeFileSync(page, fs.readFileSync(page, "utf8").replace(/^outcomes: .*\n/m, ""));
    const messages = (await checkContent({ dir, cacheDir })).problems.map(formatProblem);
    expect(messages).toContain(
      `${rel(path.join(root, "level1-objectives.yaml"))}:9: error: Level 1 objective \`law\` (Following the law) is taught by no lesson: add \`law\` to the \`level1\` list of a module.md outcome that a lesson page teaches (listed in the page's \`outcomes\`), or write a page for it.`,
    );
    expect(messages.join("\n")).not.toContain("is tested by no quiz outcome");
  });

  it("fails while the README table is out of date, and content:coverage brings it up to date", async () => {
    const { root, dir, edit, cacheDir } = contentFolder("stale");
    edit("level1: [threats]\n", "level1: [threats, law]\n");
    const stale = await checkContent({ dir, cacheDir });
    expect(stale.problems.map(formatProblem)).toEqual([
      `${rel(path.join(root, "README.md"))}:3: error: The Level 1 objectives table does not match the modules: run npm run content:coverage.`,
    ]);

    await run(tsx, ["scripts/content-coverage.ts", "--dir", dir]);
    expect((await checkContent({ dir, cacheDir })).problems.map(formatProblem)).toEqual([]);
    expect(fs.readFileSync(path.join(root, "README.md"), "utf8")).toContain(
      "| `law` | [Password basics](modules/password-basics): [1. Choosing a password](modules/password-basics/01-choosing-a-password.mdx), [2. Keeping it private](modules/password-basics/02-keeping-it-private.mdx) |",
    );
  });

  it("reports a mistake in level1-objectives.yaml at its line", async () => {
    const { root, dir, cacheDir } = contentFolder("bad-objectives");
    fs.writeFileSync(
      path.join(root, "level1-objectives.yaml"),
      OBJECTIVES.replace("    cy: Dilyn y gyfraith\n", "").replace("  - id: law", "  - id: threats"),
    );
    const messages = (await checkContent({ dir, cacheDir })).problems.map(formatProblem);
    const file = rel(path.join(root, "level1-objectives.yaml"));
    expect(messages).toEqual(
      expect.arrayContaining([expect.stringMatching(new RegExp(`^${file}:9: error: .*\\bcy\\b`))]),
    );
  });
});
