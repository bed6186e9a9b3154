import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { unzipSync } from "fflate";
import type { Frame, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { expectAccessible, openPage, signInAs, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const databasePath = inject("databasePath");
const browser = useBrowser();

const SLUG = "spotting-phishing";
const PACKAGE_PATH = "/package/";
const WELSH_PATH = "/package-cy/";

interface BankQuestion {
  id: string;
  outcome: string;
  text: string;
  multiple: boolean;
  options: { id: string; text: string; correct: boolean }[];
}
interface Bank {
  passMark: number;
  questionsPerAttempt: number;
  questions: BankQuestion[];
}

let files: Record<string, Uint8Array>;
let welshFiles: Record<string, Uint8Array>;
let packageDir: string;
let welshDir: string;
let lms: http.Server;
let lmsUrl: string;

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript",
  ".css": "text/css",
  ".svg": "image/svg+xml",
};

/**
 * The LMS side: a page with scorm-again's SCORM 1.2 runtime. startSco() puts a fresh API (restored
 * from saved cmi data when given) on the window and opens the package's launch page in a frame, as
 * an LMS does; closeSco() closes it.
 */
const LMS_PAGE = `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Test LMS</title>
<script src="/scorm12.js"></script>
<script>
  window.calls = [];
  window.received = {};
  window.startSco = (saved) => {
    const api = new Scorm12API({ logLevel: 5 });
    if (saved) api.loadFromJSON(saved);
    for (const name of ["LMSInitialize", "LMSSetValue", "LMSCommit", "LMSFinish"]) {
      const original = api[name].bind(api);
      api[name] = (...args) => {
        window.calls.push(name);
        if (name === "LMSSetValue") window.received[args[0]] = args[1];
        return original(...args);
      };
    }
    window.API = api;
    const frame = document.createElement("iframe");
    frame.id = "sco";
    frame.title = "Course";
    frame.style.width = "1000px";
    frame.style.height = "800px";
    frame.src = "${PACKAGE_PATH}index.html";
    document.body.append(frame);
  };
  window.closeSco = () => document.getElementById("sco").remove();
  window.cmi = () => ({
    lesson_status: API.cmi.core.lesson_status,
    lesson_location: API.cmi.core.lesson_location,
    score_raw: API.cmi.core.score.raw,
    score_min: API.cmi.core.score.min,
    score_max: API.cmi.core.score.max,
    suspend_data: API.cmi.suspend_data,
    // Write-only in SCORM 1.2: what the package sent.
    exit: window.received["cmi.core.exit"],
  });
</script>
</head><body></body></html>`;

function startLms(): Promise<http.Server> {
  const scormAgain = fs.readFileSync(path.resolve("node_modules/scorm-again/dist/scorm12.js"));
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    if (url.pathname === "/lms.html") {
      response.writeHead(200, { "Content-Type": CONTENT_TYPES[".html"] }).end(LMS_PAGE);
    } else if (url.pathname === "/scorm12.js") {
      response.writeHead(200, { "Content-Type": CONTENT_TYPES[".js"] }).end(scormAgain);
    } else if (url.pathname.startsWith(PACKAGE_PATH) || url.pathname.startsWith(WELSH_PATH)) {
      const [prefix, dir] = url.pathname.startsWith(PACKAGE_PATH) ? [PACKAGE_PATH, packageDir] : [WELSH_PATH, welshDir];
      const file = path.join(dir, decodeURIComponent(url.pathname.slice(prefix.length)));
      if (!file.startsWith(dir) || !fs.existsSync(file)) return void response.writeHead(404).end();
      response.writeHead(200, { "Content-Type": CONTENT_TYPES[path.extname(file)] ?? "application/octet-stream" });
      response.end(fs.readFileSync(file));
    } else {
      response.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

function unzipTo(entries: Record<string, Uint8Array>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cyber-basics-scorm-"));
  for (const [name, bytes] of Object.entries(entries)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), bytes);
  }
  return dir;
}

function bank(): Bank {
  const quiz = new TextDecoder().decode(files["quiz.html"]);
  const json = /<script type="application\/json" id="cb-quiz-data">([\s\S]*?)<\/script>/.exec(quiz)![1];
  return JSON.parse(json) as Bank;
}

async function contentFrame(page: Page, file: RegExp): Promise<Frame> {
  await expect.poll(() => page.frames().find((f) => file.test(f.url())), { timeout: 10_000 }).toBeTruthy();
  const frame = page.frames().find((f) => file.test(f.url()))!;
  await frame.waitForLoadState("load");
  return frame;
}

const cmi = (page: Page) => page.evaluate(() => (window as unknown as { cmi: () => Record<string, string> }).cmi());

/** Answers the questions on show, rightly or wrongly, using the package's own answer key, and submits. */
async function answerQuiz(quiz: Frame, how: "right" | "wrong"): Promise<string[]> {
  const questions = bank().questions;
  const shown = await quiz.$$eval(".nhsuk-fieldset__heading", (headings) => headings.map((h) => h.textContent ?? ""));
  for (const [index, text] of shown.entries()) {
    const question = questions.find((q) => q.text === text)!;
    expect(question, text).toBeTruthy();
    const chosen =
      how === "right" ? question.options.filter((o) => o.correct) : [question.options.find((o) => !o.correct)!];
    for (const option of chosen) {
      await quiz.check(`#q-${index + 1} label:text-is(${JSON.stringify(option.text)})`);
    }
  }
  await quiz.click("button[type=submit]");
  return shown.map((text) => questions.find((q) => q.text === text)!.id);
}

beforeAll(async () => {
  const { context, page } = await openPage(browser());
  await signInAs(page, baseUrl, "admin@cyberbasics.example");
  await page.goto(`${baseUrl}/admin/scorm`);
  await page.waitForSelector("h1:has-text('SCORM packages')");
  await expectAccessible(page);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.click(`a[href="/admin/scorm/${SLUG}?language=en-GB"]`),
  ]);
  expect(download.suggestedFilename()).toMatch(/^cyber-basics-spotting-phishing-[\d.]+-en-scorm12\.zip$/);
  files = unzipSync(new Uint8Array(fs.readFileSync((await download.path())!)));
  const welsh = await page.request.get(`${baseUrl}/admin/scorm/${SLUG}?language=cy`);
  expect(welsh.status()).toBe(200);
  welshFiles = unzipSync(new Uint8Array(await welsh.body()));
  expect((await page.request.get(`${baseUrl}/admin/scorm/no-such-module?language=cy`)).status()).toBe(404);
  await context.close();

  packageDir = unzipTo(files);
  welshDir = unzipTo(welshFiles);
  lms = await startLms();
  lmsUrl = `http://127.0.0.1:${(lms.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => lms?.close(resolve));
  for (const dir of [packageDir, welshDir]) if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe("SCORM 1.2 package", () => {
  it("downloads are recorded in the audit trail", () => {
    const database = new Database(databasePath, { readonly: true });
    try {
      const rows = database
        .prepare("SELECT details FROM audit_events WHERE action = 'export-downloaded' AND details LIKE '%\"scorm\"%'")
        .all() as { details: string }[];
      const details = rows.map((r) => JSON.parse(r.details));
      expect(details).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ export: "scorm", module: SLUG, language: "en-GB", via: "web" }),
          expect.objectContaining({ export: "scorm", module: SLUG, language: "cy", via: "web" }),
        ]),
      );
    } finally {
      database.close();
    }
  });

  it("has imsmanifest.xml at the root: SCORM 1.2, one SCO, every file listed and no file listed that is missing", async () => {
    expect(Object.keys(files)).toContain("imsmanifest.xml");
    const { context, page } = await openPage(browser());
    const manifest = await page.evaluate((xml) => {
      const doc = new DOMParser().parseFromString(xml, "application/xml");
      const resources = [...doc.getElementsByTagName("resource")];
      return {
        errors: doc.getElementsByTagName("parsererror").length,
        schema: doc.getElementsByTagName("schema")[0]?.textContent,
        schemaversion: doc.getElementsByTagName("schemaversion")[0]?.textContent,
        scos: resources.map((r) => [r.getAttribute("adlcp:scormtype"), r.getAttribute("href")]),
        masteryScore: doc.getElementsByTagName("adlcp:masteryscore")[0]?.textContent,
        files: [...doc.getElementsByTagName("file")].map((f) => f.getAttribute("href")),
      };
    }, new TextDecoder().decode(files["imsmanifest.xml"]));
    await context.close();
    expect(manifest).toMatchObject({
      errors: 0,
      schema: "ADL SCORM",
      schemaversion: "1.2",
      scos: [["sco", "index.html"]],
      masteryScore: String(bank().passMark),
    });
    const inZip = Object.keys(files).filter((f) => f !== "imsmanifest.xml");
    expect([...manifest.files].sort()).toEqual([...inZip].sort());
  });

  it("refers only to its own files: no outside addresses", () => {
    for (const [name, bytes] of Object.entries(files)) {
      if (!/\.(html|css|js)$/.test(name)) continue;
      const text = new TextDecoder().decode(bytes);
      // SVG's namespace name is an identifier, never fetched.
      expect(text.replaceAll("http://www.w3.org/2000/svg", ""), name).not.toMatch(
        /(https?:)?\/\/[a-z0-9.-]+\.[a-z]{2,}/i,
      );
      for (const [, target] of text.matchAll(/\b(?:src|href)="([^"]*)"/g)) {
        if (/^(mailto:|tel:|#)/.test(target)) continue;
        expect(Object.keys(files), `${name} refers to ${target}`).toContain(target);
      }
      for (const [, target] of text.matchAll(/url\(([^)]*)\)/g)) {
        if (target.startsWith("data:")) continue;
        expect(Object.keys(files), `${name} refers to ${target}`).toContain(
          path.posix.join(path.posix.dirname(name), target),
        );
      }
    }
  });

  it("in Welsh: Welsh pages and quiz", async () => {
    const { context, page, problems } = await openPage(browser());
    await page.goto(`${lmsUrl}${WELSH_PATH}page-1.html`);
    expect(await page.getAttribute("html", "lang")).toBe("cy");
    expect(await page.textContent("main")).toContain("Tudalen 1 o");
    await page.goto(`${lmsUrl}${WELSH_PATH}quiz.html`);
    await page.waitForSelector(".nhsuk-fieldset__heading");
    expect(await page.textContent("main")).toContain("Cwestiwn 1 o");
    expect(await page.textContent("button[type=submit]")).toBe("Cyflwyno'r atebion");
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
  });

  it("its lesson pages and quiz pass axe, and the quiz works opened on its own (nothing to report to)", async () => {
    const { context, page, problems } = await openPage(browser());
    await page.goto(`${lmsUrl}${PACKAGE_PATH}page-2.html`);
    await expectAccessible(page);
    await page.goto(`${lmsUrl}${PACKAGE_PATH}quiz.html`);
    await page.waitForSelector(".nhsuk-fieldset__heading");
    await expectAccessible(page);
    await page.click("button[type=submit]");
    await page.waitForSelector(".nhsuk-error-summary:not([hidden])");
    await expectAccessible(page);
    await answerQuiz(page.mainFrame(), "wrong");
    await page.waitForSelector("h2:has-text('You did not pass this time')");
    await expectAccessible(page);
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
  });

  it("reports to the LMS: incomplete, where the learner got to, then resumes there", async () => {
    const { context, page, problems } = await openPage(browser());
    const outside: string[] = [];
    const loaded: string[] = [];
    page.on("request", (request) => {
      const url = request.url();
      let from = "";
      try {
        from = request.frame().url();
      } catch {
        // A frame already gone: judged by its address alone.
      }
      const fromPackage = from.startsWith(`${lmsUrl}${PACKAGE_PATH}`) || url.startsWith(`${lmsUrl}${PACKAGE_PATH}`);
      if (fromPackage) loaded.push(url.slice(lmsUrl.length + PACKAGE_PATH.length));
      if (
        fromPackage &&
        !(url.startsWith(`${lmsUrl}${PACKAGE_PATH}`) && url.slice(lmsUrl.length + PACKAGE_PATH.length) in files)
      ) {
        outside.push(url);
      }
    });
    await page.goto(`${lmsUrl}/lms.html`);
    await page.evaluate(() => (window as unknown as { startSco: () => void }).startSco());
    let lesson = await contentFrame(page, /page-1\.html$/);
    expect(await lesson.textContent("h1")).toBe("What phishing is");
    await expect.poll(() => cmi(page)).toMatchObject({ lesson_status: "incomplete", lesson_location: "page-1.html" });
    for (const next of [2, 3]) {
      await lesson.click("a.nhsuk-pagination__link--next");
      lesson = await contentFrame(page, new RegExp(`page-${next}\\.html$`));
    }
    await expect.poll(() => cmi(page)).toMatchObject({ lesson_location: "page-3.html" });
    expect(JSON.parse((await cmi(page)).suspend_data)).toMatchObject({ p: [1, 2, 3] });

    await page.evaluate(() => (window as unknown as { closeSco: () => void }).closeSco());
    await expect
      .poll(() =>
        page.evaluate(() => (window as unknown as { calls: string[] }).calls.filter((c) => c !== "LMSSetValue").at(-1)),
      )
      .toBe("LMSFinish");
    const saved = await cmi(page);
    expect(saved).toMatchObject({ lesson_status: "incomplete", lesson_location: "page-3.html", exit: "suspend" });

    // The LMS launches the package again with what it saved.
    await page.evaluate((data) => (window as unknown as { startSco: (saved: unknown) => void }).startSco(data), {
      core: { lesson_status: saved.lesson_status, lesson_location: saved.lesson_location, entry: "resume" },
      suspend_data: saved.suspend_data,
    });
    lesson = await contentFrame(page, /page-3\.html$/);
    await page.waitForTimeout(300);
    expect((await cmi(page)).lesson_location).toBe("page-3.html");
    expect(page.frames().some((f) => /page-1\.html$/.test(f.url()))).toBe(false);
    await lesson.click("a.nhsuk-pagination__link--next");
    await contentFrame(page, /page-4\.html$/);
    await expect.poll(async () => JSON.parse((await cmi(page)).suspend_data)).toMatchObject({ p: [1, 2, 3, 4] });

    expect(loaded).toEqual(
      expect.arrayContaining(["index.html", "assets/player.js", "assets/nhsuk-frontend.css", "assets/lesson.css"]),
    );
    expect(outside).toEqual([]);
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
  });

  it("marks the quiz in the browser: a fail reports failed and the score, a pass reports passed", async () => {
    const { context, page, problems } = await openPage(browser());
    await page.goto(`${lmsUrl}/lms.html`);
    await page.evaluate(() => (window as unknown as { startSco: () => void }).startSco());
    const lesson = await contentFrame(page, /page-1\.html$/);
    await lesson.goto(`${lmsUrl}${PACKAGE_PATH}quiz.html`);
    const quiz = await contentFrame(page, /quiz\.html$/);
    await quiz.waitForSelector(".nhsuk-fieldset__heading");
    const { passMark, questionsPerAttempt, questions } = bank();

    // Submitting with nothing answered asks for every answer and reports nothing.
    await quiz.click("button[type=submit]");
    await quiz.waitForSelector(".nhsuk-error-summary:not([hidden])");
    expect(await quiz.locator(".nhsuk-error-summary li").count()).toBe(questionsPerAttempt);
    expect((await cmi(page)).lesson_status).toBe("incomplete");

    const firstDraw = await answerQuiz(quiz, "wrong");
    const outcomes = new Set(questions.map((q) => q.outcome));
    expect(new Set(firstDraw.map((id) => questions.find((q) => q.id === id)!.outcome))).toEqual(outcomes);
    await quiz.waitForSelector("h2:has-text('You did not pass this time')");
    await expect
      .poll(() => cmi(page))
      .toMatchObject({ lesson_status: "failed", score_raw: "0", score_min: "0", score_max: "100" });
    // As in the app: the outcomes missed, each with the lesson pages that teach it.
    expect(await quiz.textContent("main")).toContain("Lessons to look at again");
    expect(await quiz.locator("main ul a[href^='page-']").count()).toBeGreaterThanOrEqual(outcomes.size);

    await quiz.click("button:has-text('Try the quiz again')");
    await quiz.waitForSelector("button[type=submit]");
    const secondDraw = await answerQuiz(quiz, "right");
    // As in the app: questions not seen before come first (the bank has enough for a whole new draw).
    expect(secondDraw.filter((id) => firstDraw.includes(id))).toEqual([]);
    expect(new Set(secondDraw.map((id) => questions.find((q) => q.id === id)!.outcome))).toEqual(outcomes);
    await quiz.waitForSelector("h2:has-text('You passed')");
    const passed = await cmi(page);
    expect(passed).toMatchObject({ lesson_status: "passed", lesson_location: "quiz.html" });
    expect(Number(passed.score_raw)).toBeGreaterThanOrEqual(passMark);
    expect(JSON.parse(passed.suspend_data).s).toHaveLength(2 * questionsPerAttempt);

    // A later fail takes neither the pass nor its score away.
    await quiz.click("button:has-text('Try the quiz again')");
    await quiz.waitForSelector("button[type=submit]");
    await answerQuiz(quiz, "wrong");
    await quiz.waitForSelector("h2:has-text('You did not pass this time')");
    await expect.poll(() => cmi(page)).toMatchObject({ lesson_status: "passed", score_raw: passed.score_raw });

    await page.evaluate(() => (window as unknown as { closeSco: () => void }).closeSco());
    await expect
      .poll(() =>
        page.evaluate(() => (window as unknown as { calls: string[] }).calls.filter((c) => c !== "LMSSetValue").at(-1)),
      )
      .toBe("LMSFinish");
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
  });
});
