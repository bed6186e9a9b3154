import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { buildContent } from "~/content/build.server";
import { checkContent, formatProblem } from "~/content/check.server";

const run = promisify(execFile);
const tsx = path.resolve("node_modules/.bin/tsx");
const temp = fs.mkdtempSync(path.join(os.tmpdir(), "cb-authoring-"));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

describe("npm run content:new", () => {
  it("creates a module with one lesson and a three-question quiz that passes the check and builds", async () => {
    const dir = path.join(temp, "new", "modules");
    fs.mkdirSync(dir, { recursive: true });
    const { stdout } = await run(tsx, ["scripts/new-content.ts", "--dir", dir, "spotting-vishing", "Spotting vishing"]);
    expect(stdout).toContain("spotting-vishing/quiz.yaml");
    expect(fs.readdirSync(path.join(dir, "spotting-vishing")).sort()).toEqual([
      "01-introduction.mdx",
      "module.md",
      "quiz.yaml",
    ]);
    const check = await checkContent({ dir, cacheDir: path.join(temp, "new", "cache") });
    expect(check.problems.map(formatProblem)).toEqual([]);
    expect(check.modules[0]).toMatchObject({
      slug: "spotting-vishing",
      meta: { title: "Spotting vishing", order: 1, version: "1.0.0" },
    });
    expect(check.modules[0].quiz?.questions).toHaveLength(3);
    const build = await buildContent({
      dir,
      outDir: path.join(temp, "new", "build"),
      cacheDir: path.join(temp, "new", "cache"),
      publicDir: path.join(temp, "new", "public"),
    });
    expect(build.ok).toBe(true);
  });

  it("adds Welsh stubs when asked, placed after the existing modules", { timeout: 60_000 }, async () => {
    const dir = path.join(temp, "welsh", "modules");
    fs.mkdirSync(dir, { recursive: true });
    await run(tsx, ["scripts/new-content.ts", "--dir", dir, "first-module", "First"]);
    await run(tsx, ["scripts/new-content.ts", "--dir", dir, "--welsh", "second-module", "Second"]);
    const check = await checkContent({ dir, cacheDir: path.join(temp, "welsh", "cache") });
    expect(check.problems.map(formatProblem)).toEqual([]);
    const second = check.modules.find((m) => m.slug === "second-module")!;
    expect(second.meta?.order).toBe(2);
    expect(second.welshMeta?.translation.status).toBe("awaiting-review");
    expect(second.welshQuiz?.questions.map((q) => q.id)).toEqual(second.quiz?.questions.map((q) => q.id));
    expect(second.pages[0].welsh).toBeDefined();
  });

  it("refuses a bad slug and a folder that exists, changing nothing", { timeout: 60_000 }, async () => {
    const dir = path.join(temp, "refuse", "modules");
    fs.mkdirSync(path.join(dir, "taken"), { recursive: true });
    const bad = await run(tsx, ["scripts/new-content.ts", "--dir", dir, "Bad Slug", "Title"]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(bad).toMatchObject({ code: 1, stderr: expect.stringContaining("lower-case words joined by hyphens") });
    const taken = await run(tsx, ["scripts/new-content.ts", "--dir", dir, "taken", "Title"]).catch(
      (e: { code: number; stderr: string }) => e,
    );
    expect(taken).toMatchObject({ code: 1, stderr: expect.stringContaining("already exists") });
    expect(fs.readdirSync(dir)).toEqual(["taken"]);
    expect(fs.readdirSync(path.join(dir, "taken"))).toEqual([]);
  });
});
