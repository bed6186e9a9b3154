import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@db/seed";
import { buildContent } from "~/content/build.server";
import { getLessonPage, getQuizBank, listModules } from "~/content/catalogue.server";
import type { QuizBank } from "~/content/types";
import { db } from "~/db.server";
import { gradeAttempt, startOrResumeAttempt } from "~/quiz/attempts.server";

// The real curriculum in content/modules, built the way `npm run build` builds it.
const root = fs.mkdtempSync(path.join(os.tmpdir(), "cb-curriculum-"));
process.env.CONTENT_BUILD_DIR = path.join(root, "built");
let learnerId: string;

beforeAll(async () => {
  const result = await buildContent({
    dir: path.resolve("content/modules"),
    outDir: process.env.CONTENT_BUILD_DIR!,
    cacheDir: path.join(root, "cache"),
    publicDir: path.join(root, "public"),
  });
  expect(result.problems.filter((p) => p.severity === "error")).toEqual([]);
  await seedDemo(db());
  learnerId = db()
    .$client.prepare("SELECT id FROM users WHERE email = 'carer@oaklodge.example'")
    .pluck()
    .get() as string;
}, 120_000);

const SLUGS = [
  "spotting-phishing",
  "passwords-and-access",
  "protecting-information",
  "ransomware-and-malware",
  "reporting-incidents",
  "devices-and-working-away",
  "social-engineering",
  "social-media-and-messaging",
  "confidentiality-in-practice",
  "using-ai-tools-safely",
];

function answersFor(bank: QuizBank, questionIds: string[], right: boolean): Record<string, string[]> {
  return Object.fromEntries(
    questionIds.map((id) => {
      const question = bank.questions.find((q) => q.id === id)!;
      const options = question.options.filter((o) => o.correct === right);
      return [id, right ? options.map((o) => o.id) : options.slice(0, 1).map((o) => o.id)];
    }),
  );
}

describe("the curriculum", () => {
  it("has all ten modules, in order", () => {
    expect(listModules("en-GB").map((m) => m.slug)).toEqual(SLUGS);
  });

  it.each(SLUGS)("%s: pages render, the bank has at least 25 questions (2.5 × the 10 drawn), pass mark 80%", (slug) => {
    const module = listModules("en-GB").find((m) => m.slug === slug)!;
    expect(module.sources.length).toBeGreaterThan(0);
    for (const page of module.pages) {
      const lesson = getLessonPage(slug, page.number, "en-GB")!;
      expect(lesson.html.length, `${slug} page ${page.number}`).toBeGreaterThan(500);
      expect(lesson.html).not.toMatch(/<script|style=/i);
    }
    const bank = getQuizBank(slug, "en-GB")!;
    expect(bank.questions.length).toBeGreaterThanOrEqual(2.5 * bank.questionsPerAttempt);
    expect(bank.questionsPerAttempt).toBe(10);
    expect(bank.passMark).toBe(80);
    for (const outcome of module.outcomes)
      expect(
        bank.questions.some((q) => q.outcome === outcome.id),
        `${slug} ${outcome.id}`,
      ).toBe(true);
  });

  it.each(SLUGS)("%s: the quiz can be passed and failed", async (slug) => {
    const bank = getQuizBank(slug, "en-GB")!;
    const pass = startOrResumeAttempt(learnerId, bank);
    expect(
      await gradeAttempt(
        pass,
        bank,
        answersFor(
          bank,
          pass.questions.map((q) => q.id),
          true,
        ),
      ),
    ).toEqual({ outcome: "graded", passed: true });
    const fail = startOrResumeAttempt(learnerId, bank);
    expect(fail.id).not.toBe(pass.id);
    expect(
      await gradeAttempt(
        fail,
        bank,
        answersFor(
          bank,
          fail.questions.map((q) => q.id),
          false,
        ),
      ),
    ).toEqual({ outcome: "graded", passed: false });
  });

  it("has no question asked twice across modules", () => {
    const normalise = (text: string) =>
      text
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, " ")
        .trim();
    const seen = new Map<string, string>();
    const duplicates: string[] = [];
    for (const slug of SLUGS) {
      for (const question of getQuizBank(slug, "en-GB")!.questions) {
        const key = normalise(question.text);
        if (seen.has(key)) duplicates.push(`${slug}/${question.id} repeats ${seen.get(key)}`);
        seen.set(key, `${slug}/${question.id}`);
      }
    }
    expect(duplicates).toEqual([]);
  });

  it("is fully in Welsh for every module, marked as awaiting review", () => {
    const welsh = listModules("cy")
      .filter((m) => m.welsh === "full")
      .map((m) => [m.slug, m.translationStatus]);
    expect(welsh).toEqual(SLUGS.map((slug) => [slug, "awaiting-review"]));
    for (const slug of SLUGS) {
      expect(getQuizBank(slug, "cy")).toMatchObject({ language: "cy", isFallback: false });
    }
  });
});
