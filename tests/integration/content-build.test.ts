import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { HtmlValidate } from "html-validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildContent, type BuildResult } from "~/content/build.server";
import { getLessonPage, getModule, getQuizBank, listModules } from "~/content/catalogue.server";

const VALID = "tests/fixtures/content/valid";
const temp = fs.mkdtempSync(path.join(os.tmpdir(), "cb-content-build-"));
const outDir = path.join(temp, "build");
const dirs = { outDir, cacheDir: path.join(temp, "cache"), publicDir: path.join(temp, "public") };
// The catalogue reads CONTENT_BUILD_DIR through env(), on first use.
process.env.CONTENT_BUILD_DIR = outDir;

let result: BuildResult;
beforeAll(async () => {
  result = await buildContent({ dir: VALID, ...dirs });
});
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

describe("content build", () => {
  it("builds the valid module, compiling it", () => {
    expect(result.ok).toBe(true);
    expect(result.compiled).toEqual(["password-basics"]);
    expect(result.cached).toEqual([]);
    expect(fs.readFileSync(path.join(dirs.publicDir, "password-basics", "lock.png"))).toEqual(
      fs.readFileSync(path.join(VALID, "password-basics", "lock.png")),
    );
  });

  it("lists the module in English with its metadata", () => {
    const [module] = listModules("en-GB");
    expect(module).toMatchObject({
      slug: "password-basics",
      title: "Password basics",
      minutes: 10,
      version: "2.1.0",
      majorVersion: 2,
      versionDate: "2026-03-02",
      lastReviewed: "2026-03-09",
      pages: [
        { number: 1, title: "Choosing a password" },
        { number: 2, title: "Keeping it private" },
      ],
      language: "en-GB",
      isFallback: false,
      welsh: "partial",
      translationStatus: "awaiting-review",
    });
    expect(module.outcomes.map((o) => o.id)).toEqual(["choose-password", "keep-it-private"]);
    // The Level 1 mapping is for the check and content/README.md, not for learners.
    expect(Object.keys(module.outcomes[1])).toEqual(["id", "text"]);
  });

  it("gives Welsh metadata and page titles where translated, English where not", () => {
    const module = getModule("password-basics", "cy");
    expect(module).toMatchObject({ title: "Hanfodion cyfrineiriau", language: "cy", isFallback: false });
    expect(module?.pages).toEqual([
      { number: 1, title: "Dewis cyfrinair", outcomes: ["choose-password"] },
      { number: 2, title: "Keeping it private", outcomes: ["keep-it-private"] },
    ]);
    expect(getModule("no-such-module", "en-GB")).toBeNull();
  });

  it("renders a page to static HTML with the lesson components", () => {
    const page = getLessonPage("password-basics", 1, "en-GB")!;
    expect(page).toMatchObject({
      number: 1,
      title: "Choosing a password",
      language: "en-GB",
      isFallback: false,
      pageCount: 2,
    });
    const { html } = page;
    expect(html).toContain(
      '<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span><p>Three random words make a strong password.</p></div>',
    );
    expect(html).toContain("<h2>Three random words</h2>");
    // Components after a level-2 heading get level-3 headings.
    expect(html).toMatch(
      /<div class="nhsuk-warning-callout"><h3 class="nhsuk-warning-callout__label"><span class="nhsuk-u-visually-hidden">Important: <\/span>Never share your password<\/h3><p>IT will never ask for it.<\/p><\/div>/,
    );
    expect(html).toMatch(
      /<h3 class="nhsuk-do-dont-list__label">Do<\/h3><ul class="nhsuk-list nhsuk-list--tick" role="list">/,
    );
    expect(html).toMatch(
      /<h3 class="nhsuk-do-dont-list__label">Don&#x27;t<\/h3><ul class="nhsuk-list nhsuk-list--cross"/,
    );
    expect(html).toContain(
      '<strong class="nhsuk-tag nhsuk-tag--blue"><span class="nhsuk-u-visually-hidden">Scenario: </span>GP reception</strong>',
    );
    expect(html).toMatch(
      /<details class="nhsuk-details[^"]*"><summary class="nhsuk-details__summary"><span class="nhsuk-details__summary-text">Show the answer<\/span><\/summary><div class="nhsuk-details__text"><p>Hang up and call IT/,
    );
    expect(html).toContain('<figcaption class="app-mock-message__label">Example email');
    expect(html).toContain("&lt;helpdesk@it-support.example&gt;");
    expect(html).toMatch(
      /<mark class="app-flag">in one hour<span class="app-flag__number"><span class="nhsuk-u-visually-hidden"> \(warning sign 1\)<\/span><span aria-hidden="true">1<\/span>/,
    );
    expect(html).toMatch(
      /<p class="app-mock-message__signs-heading">Warning signs<\/p><ol class="nhsuk-list nhsuk-list--number"><li>A deadline meant to rush you<\/li><li>A link to a page that asks for your password<\/li><\/ol>/,
    );
    expect(html).toContain("Example text message");
    expect(html).toContain(
      '<img class="nhsuk-image__img" src="/content/password-basics/lock.png" alt="A padlock on a laptop screen"/><figcaption class="nhsuk-image__caption">Lock your screen when you leave it.</figcaption>',
    );
    expect(html).toContain('<th class="nhsuk-table__header nhsuk-u-text-align-right" scope="col">Strength</th>');
    expect(html).toContain('<a href="/learn/password-basics/2">the next page</a>');
  });

  it("sends no script, inline style, event handler or top-level heading, and is valid HTML", async () => {
    const validator = new HtmlValidate({
      extends: ["html-validate:recommended"],
      rules: { "void-style": "off", "no-redundant-role": "off" },
    });
    for (const [number, language] of [
      [1, "en-GB"],
      [1, "cy"],
      [2, "en-GB"],
    ] as const) {
      const { html } = getLessonPage("password-basics", number, language)!;
      expect(html).not.toMatch(/<script|\sstyle=|\son[a-z]+=|<h1/i);
      const report = await validator.validateString(html);
      expect(
        report.results.flatMap((r) => r.messages.map((m) => `${number} ${language}: ${m.ruleId}: ${m.message}`)),
      ).toEqual([]);
    }
  });

  it("gives the Welsh page in Welsh and falls back to English where there is none", () => {
    const welsh = getLessonPage("password-basics", 1, "cy")!;
    expect(welsh).toMatchObject({ title: "Dewis cyfrinair", language: "cy", isFallback: false });
    expect(welsh.html).toContain("Dangos yr ateb");
    expect(welsh.html).toContain('<span class="nhsuk-u-visually-hidden">Gwybodaeth: </span>');
    expect(welsh.html).toContain("Derbynfa meddygfa");

    const fallback = getLessonPage("password-basics", 2, "cy")!;
    expect(fallback).toMatchObject({ title: "Keeping it private", language: "en-GB", isFallback: true, pageCount: 2 });
    expect(fallback.html).toContain(
      '<img src="/content/password-basics/lock.png" alt="A sticky note with a password on it, crossed out"/>',
    );

    expect(getLessonPage("password-basics", 3, "en-GB")).toBeNull();
    expect(getLessonPage("password-basics", 0, "en-GB")).toBeNull();
    expect(getLessonPage("../catalogue", 1, "en-GB")).toBeNull();
  });

  it("keeps the question bank, with answers, on the server side of the build", () => {
    const english = getQuizBank("password-basics", "en-GB")!;
    expect(english).toMatchObject({
      slug: "password-basics",
      version: "2.1.0",
      passMark: 80,
      questionsPerAttempt: 2,
      language: "en-GB",
      isFallback: false,
    });
    expect(english.questions[0]).toMatchObject({ id: "three-words", outcome: "choose-password", multiple: false });
    expect(english.questions[1].multiple).toBe(true);
    expect(english.questions[1].options.map((o) => o.correct)).toEqual([true, true, false]);
    expect(english.questions[1].options[2].explanation).toBe("IT will never ask for your password.");

    const welsh = getQuizBank("password-basics", "cy")!;
    expect(welsh).toMatchObject({ language: "cy", isFallback: false });
    expect(welsh.questions[0].text).toBe("Pa un yw'r cyfrinair cryfaf?");
    expect(welsh.questions.map((q) => q.options.map((o) => o.correct))).toEqual(
      english.questions.map((q) => q.options.map((o) => o.correct)),
    );
  });

  it("writes a catalogue without answers or lesson HTML", () => {
    const raw = fs.readFileSync(path.join(outDir, "catalogue.json"), "utf8");
    expect(raw).toContain("Password basics");
    expect(raw).not.toMatch(/"correct"|"explanation"|"html"|"options"/);
  });

  it("refuses to build, and writes nothing, when the check finds an error", async () => {
    const brokenOut = path.join(temp, "broken-build");
    const broken = await buildContent({
      dir: "tests/fixtures/content/invalid/no-correct-answer",
      ...dirs,
      outDir: brokenOut,
    });
    expect(broken.ok).toBe(false);
    expect(broken.problems).toContainEqual(
      expect.objectContaining({
        severity: "error",
        message: expect.stringMatching(/has no option marked `correct: true`/),
      }),
    );
    expect(fs.existsSync(brokenOut)).toBe(false);
  });
});

describe("content build cache", () => {
  it("compiles nothing the second time, and only the changed module after an edit", async () => {
    const cacheTemp = fs.mkdtempSync(path.join(temp, "cache-test-"));
    const dir = path.join(cacheTemp, "modules");
    fs.cpSync(path.join(VALID, "password-basics"), path.join(dir, "password-basics"), { recursive: true });
    fs.cpSync(path.join(VALID, "password-basics"), path.join(dir, "password-basics-again"), { recursive: true });
    const options = {
      dir,
      outDir: path.join(cacheTemp, "build"),
      cacheDir: path.join(cacheTemp, "cache"),
      publicDir: path.join(cacheTemp, "public"),
    };

    const first = await buildContent(options);
    expect(first.ok).toBe(true);
    expect(first.compiled).toEqual(["password-basics", "password-basics-again"]);

    const second = await buildContent(options);
    expect(second.compiled).toEqual([]);
    expect(second.cached).toEqual(["password-basics", "password-basics-again"]);

    const page = path.join(dir, "password-basics-again", "02-keeping-it-private.mdx");
    fs.writeFileSync(
      page,
      fs
        .readFileSync(page, "utf8")
        .replace("Your password is yours alone.", "Your password is yours and nobody else's."),
    );
    const third = await buildContent(options);
    expect(third.compiled).toEqual(["password-basics-again"]);
    expect(third.cached).toEqual(["password-basics"]);
    const built = JSON.parse(
      fs.readFileSync(path.join(options.outDir, "modules", "password-basics-again.json"), "utf8"),
    ) as { pages: { content: { "en-GB": { html: string } } }[] };
    expect(built.pages[1].content["en-GB"].html).toContain("Your password is yours and nobody else&#x27;s.");
  });
});
