import crypto from "node:crypto";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { completions, memberships, organisations, quizAttempts, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { getQuizBank } from "~/content/catalogue.server";
import type { QuizBank } from "~/content/types";
import { db } from "~/db.server";
import { gradeAttempt, startOrResumeAttempt } from "~/quiz/attempts.server";
import { loader as lessonLoader } from "~/routes/learn.$module.$page";
import { loader as overviewLoader } from "~/routes/learn.$module._index";
import { action as quizAction, loader as quizLoader } from "~/routes/learn.$module.quiz";
import { loader as resultLoader } from "~/routes/learn.$module.result.$attemptId";
import { signIn } from "../support/auth";
import { useFixtureContent } from "../support/content";
import { callRoute } from "../support/routes";

// 3 outcomes, 5 questions each, 6 drawn: a bank 2.5 times the draw.
const content = useFixtureContent("tests/fixtures/content/quiz");
const SLUG = "balanced-quiz";
const PASSWORD = "Quiz-draw-test-2026";
let bank: QuizBank;

beforeAll(async () => {
  await content.ready;
  await seedDemo(db());
  bank = getQuizBank(SLUG, "en-GB")!;
});

let counter = 0;
/** A learner of our own at Oak Lodge, signed in through the real sign-in action. */
async function newLearner(): Promise<{ id: string; cookie: string }> {
  const id = crypto.randomUUID();
  const email = `quiz.${++counter}.${id.slice(0, 8)}@oaklodge.example`;
  const organisation = db().select().from(organisations).where(eq(organisations.code, "VX001")).get()!;
  const { hashPassword } = await import("~/auth/password.server");
  db()
    .insert(users)
    .values({ id, email, givenName: "Quiz", familyName: "Learner", passwordHash: await hashPassword(PASSWORD) })
    .run();
  db()
    .insert(memberships)
    .values({ userId: id, organisationId: organisation.id, staffGroup: "social-care", startDate: "2020-01-01" })
    .run();
  return { id, cookie: await signIn(email, PASSWORD) };
}

const outcomeOf = (questionId: string) => bank.questions.find((q) => q.id === questionId)!.outcome;

/** The form a learner sends: right answers, except for the questions listed as wrong. */
function answerForm(attemptId: string, questionIds: string[], wrong: (id: string, index: number) => boolean) {
  const form: Record<string, string> = { attemptId };
  questionIds.forEach((id, i) => {
    const question = bank.questions.find((q) => q.id === id)!;
    form[`q:${id}`] = (
      wrong(id, i) ? question.options.find((o) => !o.correct)! : question.options.find((o) => o.correct)!
    ).id;
  });
  return form;
}

const answers = (form: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(form)
      .filter(([k]) => k.startsWith("q:"))
      .map(([k, v]) => [k.slice(2), [v]]),
  );

describe("drawing quiz questions", () => {
  it("tests every learning outcome in every attempt, evenly", async () => {
    const { id } = await newLearner();
    for (let i = 0; i < 40; i++) {
      const attempt = startOrResumeAttempt(id, bank);
      const counts = new Map<string, number>();
      for (const q of attempt.questions) counts.set(outcomeOf(q.id), (counts.get(outcomeOf(q.id)) ?? 0) + 1);
      expect(attempt.questions).toHaveLength(6);
      expect(Object.fromEntries(counts), `attempt ${i + 1}`).toEqual({
        "spot-signs": 2,
        "report-it": 2,
        "protect-data": 2,
      });
      await gradeAttempt(
        attempt,
        bank,
        answers(
          answerForm(
            attempt.id,
            attempt.questions.map((q) => q.id),
            () => true,
          ),
        ),
      );
    }
  });

  it("draws questions the learner has not seen first, while unseen ones remain", async () => {
    const { id, cookie } = await newLearner();
    const seen = new Set<string>();
    const attempts: string[][] = [];
    for (let i = 0; i < 3; i++) {
      const quiz = await callRoute(quizLoader, { cookie, params: { module: SLUG } });
      const ids: string[] = quiz.data.questions.map((q: { id: string }) => q.id);
      attempts.push(ids);
      const unseenBefore = bank.questions.filter((q) => !seen.has(q.id)).length;
      // Every question drawn is new while there are at least as many new ones as places.
      expect(ids.filter((q) => !seen.has(q)).length, `attempt ${i + 1}`).toBe(Math.min(6, unseenBefore));
      ids.forEach((q) => seen.add(q));
      await callRoute(quizAction, {
        cookie,
        params: { module: SLUG },
        form: answerForm(quiz.data.attemptId, ids, () => true),
      });
    }
    expect(new Set(attempts[1]).size).toBe(6);
    expect(attempts[1].some((q) => attempts[0].includes(q))).toBe(false);
    // 15 questions, 12 seen after two attempts: the third takes the 3 left and 3 seen ones.
    expect(seen.size).toBe(15);
    expect(db().select().from(quizAttempts).where(eq(quizAttempts.userId, id)).all()).toHaveLength(3);
  });
});

describe("the result of a failed attempt", () => {
  it("lists the outcomes to revisit with their lessons, says why each wrong answer is wrong, and never names a right option", async () => {
    const { cookie } = await newLearner();
    const quiz = await callRoute(quizLoader, { cookie, params: { module: SLUG } });
    const ids: string[] = quiz.data.questions.map((q: { id: string }) => q.id);
    // Wrong on both report-it questions and nothing else: 4 of 6 is below 80%.
    const form = answerForm(quiz.data.attemptId, ids, (id) => outcomeOf(id) === "report-it");
    expect((await callRoute(quizAction, { cookie, params: { module: SLUG }, form })).status).toBe(302);

    const result = await callRoute(resultLoader, { cookie, params: { module: SLUG, attemptId: quiz.data.attemptId } });
    expect(result.data).toMatchObject({ passed: false, correctCount: 4 });
    expect(result.data.revisit).toEqual([
      { id: "report-it", text: "Report a scam straight away.", pages: [{ number: 2, title: "Acting on it" }] },
    ]);
    expect(result.data.questions).toHaveLength(2);
    for (const question of result.data.questions) {
      expect(outcomeOf(question.id)).toBe("report-it");
      expect(question.number).toBe(ids.indexOf(question.id) + 1);
      expect(question.chosen).toEqual([
        expect.objectContaining({
          text: expect.stringMatching(/^Wrong answer/),
          explanation: expect.stringMatching(/is wrong/),
        }),
      ]);
    }
    const shown = JSON.stringify(result.data);
    for (const id of ids) {
      const right = bank.questions.find((q) => q.id === id)!.options.find((o) => o.correct)!;
      expect(shown).not.toContain(right.text);
      expect(shown).not.toContain(right.explanation);
    }
  });

  it("shows every answer with its explanation after a pass", async () => {
    const { cookie } = await newLearner();
    const quiz = await callRoute(quizLoader, { cookie, params: { module: SLUG } });
    const ids: string[] = quiz.data.questions.map((q: { id: string }) => q.id);
    await callRoute(quizAction, {
      cookie,
      params: { module: SLUG },
      form: answerForm(quiz.data.attemptId, ids, () => false),
    });
    const result = await callRoute(resultLoader, { cookie, params: { module: SLUG, attemptId: quiz.data.attemptId } });
    expect(result.data.passed).toBe(true);
    expect(result.data.revisit).toEqual([]);
    expect(result.data.questions).toHaveLength(6);
    expect(
      result.data.questions.every((q: { chosen: { explanation: string }[] }) =>
        /^Why right/.test(q.chosen[0].explanation),
      ),
    ).toBe(true);
  });

  it("gives one certificate for passes on the same day, not one each", async () => {
    const { id, cookie } = await newLearner();
    const completionIds = [];
    for (let i = 0; i < 3; i++) {
      const quiz = await callRoute(quizLoader, { cookie, params: { module: SLUG } });
      await callRoute(quizAction, {
        cookie,
        params: { module: SLUG },
        form: answerForm(
          quiz.data.attemptId,
          quiz.data.questions.map((q: { id: string }) => q.id),
          () => false,
        ),
      });
      const result = await callRoute(resultLoader, {
        cookie,
        params: { module: SLUG, attemptId: quiz.data.attemptId },
      });
      expect(result.data.passed).toBe(true);
      completionIds.push(result.data.completionId);
    }
    const recorded = db().select().from(completions).where(eq(completions.userId, id)).all();
    expect(recorded).toHaveLength(1);
    expect(completionIds).toEqual([recorded[0].id, recorded[0].id, recorded[0].id]);
  });
});

describe("quiz first", () => {
  /** A completion from last year, as if the learner had done the module then. */
  function completedLastYear(userId: string) {
    db()
      .insert(completions)
      .values({
        userId,
        moduleSlug: SLUG,
        moduleVersion: "1.0.0",
        majorVersion: 1,
        completedAt: new Date(Date.now() - 350 * 86_400_000),
        scorePercent: 90,
        verificationCode: crypto.randomBytes(6).toString("hex").toUpperCase(),
      })
      .run();
  }

  it("is offered only to someone who completed the module before", async () => {
    const first = await newLearner();
    expect((await callRoute(overviewLoader, { cookie: first.cookie, params: { module: SLUG } })).data.quizFirst).toBe(
      false,
    );
    expect((await callRoute(quizLoader, { cookie: first.cookie, params: { module: SLUG } })).data.quizFirst).toBe(
      false,
    );

    const returning = await newLearner();
    completedLastYear(returning.id);
    expect(
      (await callRoute(overviewLoader, { cookie: returning.cookie, params: { module: SLUG } })).data.quizFirst,
    ).toBe(true);
  });

  it("completes the module when passed first time, recorded as quiz-first", async () => {
    const { id, cookie } = await newLearner();
    completedLastYear(id);
    const quiz = await callRoute(quizLoader, { cookie, params: { module: SLUG } });
    expect(quiz.data.quizFirst).toBe(true);
    await callRoute(quizAction, {
      cookie,
      params: { module: SLUG },
      form: answerForm(
        quiz.data.attemptId,
        quiz.data.questions.map((q: { id: string }) => q.id),
        () => false,
      ),
    });
    const result = await callRoute(resultLoader, { cookie, params: { module: SLUG, attemptId: quiz.data.attemptId } });
    expect(result.data).toMatchObject({ passed: true, quizFirst: true });
    const latest = db()
      .select()
      .from(completions)
      .where(and(eq(completions.userId, id), eq(completions.attemptId, quiz.data.attemptId)))
      .get();
    expect(latest).toMatchObject({ quizFirst: true, moduleSlug: SLUG });
    expect(result.data.completionId).toBe(latest!.id);
  });

  it("sends someone who fails it to the lessons for the outcomes missed, then lets them retake as usual", async () => {
    const { id, cookie } = await newLearner();
    completedLastYear(id);
    const quiz = await callRoute(quizLoader, { cookie, params: { module: SLUG } });
    const ids: string[] = quiz.data.questions.map((q: { id: string }) => q.id);
    await callRoute(quizAction, {
      cookie,
      params: { module: SLUG },
      form: answerForm(quiz.data.attemptId, ids, (q) => outcomeOf(q) === "spot-signs"),
    });
    const result = await callRoute(resultLoader, { cookie, params: { module: SLUG, attemptId: quiz.data.attemptId } });
    expect(result.data).toMatchObject({
      passed: false,
      quizFirst: true,
      revisit: [{ id: "spot-signs", pages: [{ number: 1 }] }],
    });
    expect(db().select().from(completions).where(eq(completions.userId, id)).all()).toHaveLength(1);

    // Straight back to the quiz: sent to the result page with its lessons instead.
    const again = await callRoute(quizLoader, { cookie, params: { module: SLUG } });
    expect(again.status).toBe(302);
    expect(again.location).toBe(`/learn/${SLUG}/result/${quiz.data.attemptId}`);

    await callRoute(lessonLoader, { cookie, params: { module: SLUG, page: "1" } });
    const retake = await callRoute(quizLoader, { cookie, params: { module: SLUG } });
    expect(retake.status).toBe(200);
    expect(retake.data.quizFirst).toBe(false);
    await callRoute(quizAction, {
      cookie,
      params: { module: SLUG },
      form: answerForm(
        retake.data.attemptId,
        retake.data.questions.map((q: { id: string }) => q.id),
        () => false,
      ),
    });
    const passed = db()
      .select()
      .from(completions)
      .where(and(eq(completions.userId, id), eq(completions.attemptId, retake.data.attemptId)))
      .get();
    expect(passed).toMatchObject({ quizFirst: false });
  });
});
