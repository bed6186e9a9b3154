import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildContent } from "~/content/build.server";
import { checkContent, formatProblem } from "~/content/check.server";

/** Lessons that try to run code or reach outside the page: every one is refused, by the check and the build alike. */
const HOSTILE = "tests/fixtures/content/hostile";
const FIXTURES = "tests/fixtures/content";
const temp = fs.mkdtempSync(path.join(os.tmpdir(), "cb-lessons-are-data-"));
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

const CODE = /`\{\.\.\.\}` is code, and lessons cannot run code/;
const NOT_DATA = /must be text in quotes.*lessons cannot run code/;

const REFUSED: [string, RegExp][] = [
  ["read-environment", CODE],
  ["write-file", CODE],
  ["attribute-expression", NOT_DATA],
  ["iframe", /HTML element <iframe> is not allowed/],
  ["script", /HTML element <script> is not allowed/],
  ["iframe-in-expression", CODE],
  ["script-in-expression", CODE],
  ["javascript-link-in-expression", CODE],
  [
    "javascript-link",
    /The link `javascript:alert\(document\.cookie\)` uses `javascript:`: lessons may only link to https:, mailto: and tel:/,
  ],
  ["javascript-figure", /<Figure> `src` `javascript:alert\(1\)` uses `javascript:`/],
  ["data-link", /uses `data:`/],
  ["http-link", /uses `http:`/],
  ["protocol-relative-link", /starts with \/\/ and would go to another site/],
  ["import", /Imports and exports are not allowed/],
  ["export", /Imports and exports are not allowed/],
  ["spread-attribute", /<Warning> has a \{\.\.\.\} attribute/],
  ["dangerously-set-inner-html", /<span> has no prop `dangerouslySetInnerHTML`\. It takes: lang\./],
  ["event-handler", /<strong> has no prop `onClick`\. It takes none\./],
  ["style-attribute", /<span> has no prop `style`/],
  ["template-literal", NOT_DATA],
  ["member-component", /Unknown component <Inset\.constructor>/],
];

const dirs = (name: string) => ({
  outDir: path.join(temp, name, "build"),
  cacheDir: path.join(temp, name, "cache"),
  publicDir: path.join(temp, name, "public"),
});

describe("a lesson cannot run code", () => {
  it("has a fixture for every case listed here, and no other", () => {
    expect(fs.readdirSync(HOSTILE).sort()).toEqual(REFUSED.map(([name]) => name).sort());
  });

  it.each(REFUSED)(
    "%s: the check refuses it at its line, and the build refuses it with the same message",
    async (name, reason) => {
      const dir = path.join(HOSTILE, name);
      const check = await checkContent({ dir, cacheDir: dirs(name).cacheDir });
      const errors = check.problems.filter((p) => p.severity === "error");
      expect(errors.length).toBeGreaterThan(0);
      for (const error of errors) {
        expect(error.file).toBe(path.join(dir, "sample-module", "01-only-page.mdx"));
        expect(error.line).toBe(9);
      }
      expect(errors.map((e) => e.message)).toContainEqual(expect.stringMatching(reason));

      const build = await buildContent({ dir, ...dirs(name) });
      expect(build.ok).toBe(false);
      expect(build.problems.map(formatProblem)).toEqual(check.problems.map(formatProblem));
      expect(fs.existsSync(dirs(name).outDir)).toBe(false);
    },
  );

  it("no fixture can make the build write a file or read the environment", async () => {
    const secret = `secret-${crypto.randomBytes(8).toString("hex")}`;
    process.env.CONTENT_FIXTURE_SECRET = secret;
    const written = path.resolve("lesson-wrote-this.txt");
    fs.rmSync(written, { force: true });
    try {
      const fixtures = [
        path.join(FIXTURES, "valid"),
        ...fs.readdirSync(path.join(FIXTURES, "invalid")).map((name) => path.join(FIXTURES, "invalid", name)),
        ...fs.readdirSync(HOSTILE).map((name) => path.join(HOSTILE, name)),
      ];
      for (const [i, dir] of fixtures.entries()) {
        const result = await buildContent({ dir, ...dirs(`all-${i}`) });
        expect(JSON.stringify(result.problems), dir).not.toContain(secret);
      }
      expect(fs.existsSync(written)).toBe(false);
      const everything = fs
        .readdirSync(temp, { recursive: true, withFileTypes: true })
        .filter((entry) => entry.isFile());
      for (const entry of everything) {
        const text = fs.readFileSync(path.join(entry.parentPath, entry.name), "utf8");
        expect(text, entry.name).not.toContain(secret);
        expect(text, entry.name).not.toContain(os.homedir());
      }
    } finally {
      fs.rmSync(written, { force: true });
      delete process.env.CONTENT_FIXTURE_SECRET;
    }
  });

  it("every fixture that passes the check also builds", async () => {
    const fixtures = [
      path.join(FIXTURES, "valid"),
      ...fs.readdirSync(path.join(FIXTURES, "invalid")).map((name) => path.join(FIXTURES, "invalid", name)),
      ...fs.readdirSync(HOSTILE).map((name) => path.join(HOSTILE, name)),
    ];
    let passed = 0;
    for (const [i, dir] of fixtures.entries()) {
      const check = await checkContent({ dir, cacheDir: dirs(`agree-${i}`).cacheDir });
      const build = await buildContent({ dir, ...dirs(`agree-${i}`) });
      expect(build.ok, dir).toBe(check.errorCount === 0);
      if (build.ok) passed++;
    }
    expect(passed).toBeGreaterThan(0);
  });
});
