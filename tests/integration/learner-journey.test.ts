import crypto from "node:crypto";
import type { CertifiedCompletion } from "~/learning/completions.server";
import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import {
  attemptAnswers,
  completions,
  memberships,
  moduleProgress,
  organisations,
  quizAttempts,
  requirements,
  users,
} from "@db/schema";
import { certificateFor } from "~/learning/certificates.server";
import { addDays, todayIso } from "~/utils/dates";
import { seedDemo } from "@db/seed";
import { getQuizBank } from "~/content/catalogue.server";
import type { QuizBank } from "~/content/types";
import { db } from "~/db.server";
import { myTraining } from "~/learning/my-training.server";
import { recordPageView } from "~/learning/progress.server";
import { loader as lessonLoader } from "~/routes/learn.$module.$page";
import { loader as overviewLoader } from "~/routes/learn.$module._index";
import { action as quizAction, loader as quizLoader } from "~/routes/learn.$module.quiz";
import { loader as resultLoader } from "~/routes/learn.$module.result.$attemptId";
import { loader as verifyLoader } from "~/routes/verify.$code";
import { gradeAttempt, startOrResumeAttempt } from "~/quiz/attempts.server";
import { signIn } from "../support/auth";
import { useFixtureContent } from "../support/content";
import { callRoute, cookieHeader } from "../support/routes";

const content = useFixtureContent();
const SLUG = "password-basics";
let nurse: string;
let bankNurse: string;

beforeAll(async () => {
  await content.ready;
  await seedDemo(db());
  db().insert(requirements).values({ moduleSlug: SLUG, renewalDays: 365, graceDays: 30 }).run();
  nurse = await signIn("nurse@riverside.example");
  bankNurse = await signIn("bank.nurse@riverside.example");
});

/** A learner of our own, with no training the demo seed may have given others. */
function newLearner(email: string, organisationCode: string, startDate: string): string {
  const id = crypto.randomUUID();
  const organisation = db().select().from(organisations).where(eq(organisations.code, organisationCode)).get()!;
  db().insert(users).values({ id, email, givenName: "Test", familyName: "Learner" }).run();
  db()
    .insert(memberships)
    .values({ userId: id, organisationId: organisation.id, staffGroup: "admin-clerical", startDate })
    .run();
  return id;
}

const userId = (email: string) => db().select().from(users).where(eq(users.email, email)).get()!.id;
const submitted = (uid: string) =>
  db()
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, uid), eq(quizAttempts.moduleSlug, SLUG)))
    .all()
    .filter((a) => a.submittedAt);

/** The right answers to the questions shown, as the quiz form would send them. */
function rightAnswers(attemptId: string, shown: { id: string }[], bank: QuizBank, wrong: string[] = []) {
  const form: Record<string, string | string[]> = { attemptId };
  for (const q of shown) {
    const question = bank.questions.find((b) => b.id === q.id)!;
    const pick = wrong.includes(q.id)
      ? question.options.filter((o) => !o.correct).slice(0, 1)
      : question.options.filter((o) => o.correct);
    form[`q:${q.id}`] = pick.map((o) => o.id);
  }
  return form;
}

describe("taking a quiz", () => {
  it("shows questions without the answer key, the same ones again on reload", async () => {
    const first = await callRoute(quizLoader, { cookie: nurse, params: { module: SLUG } });
    expect(first.status).toBe(200);
    expect(first.data.questions).toHaveLength(2);
    const json = JSON.stringify(first.data);
    expect(json).not.toMatch(/"correct"|"explanation"/);
    const again = await callRoute(quizLoader, { cookie: nurse, params: { module: SLUG } });
    expect(again.data.attemptId).toBe(first.data.attemptId);
    expect(again.data.questions).toEqual(first.data.questions);
  });

  it("asks for unanswered questions and records nothing", async () => {
    const quiz = await callRoute(quizLoader, { cookie: nurse, params: { module: SLUG } });
    const result = await callRoute(quizAction, {
      cookie: nurse,
      params: { module: SLUG },
      form: { attemptId: quiz.data.attemptId },
    });
    expect(result.status).toBe(400);
    expect(Object.values(result.data.errors)).toEqual([
      "learning.quiz.errors.answerRequired",
      "learning.quiz.errors.answerRequired",
    ]);
    expect(submitted(userId("nurse@riverside.example"))).toHaveLength(0);
  });

  it.each([
    [
      "an option that does not exist",
      (form: Record<string, string | string[]>, q: string) => ({ ...form, [`q:${q}`]: "zz" }),
    ],
    ["an extra field", (form: Record<string, string | string[]>) => ({ ...form, isAdmin: "yes" })],
    [
      "a question that was not drawn",
      (form: Record<string, string | string[]>) => ({ ...form, "q:not-a-question": "a" }),
    ],
    [
      "two answers to a one-answer question",
      (form: Record<string, string | string[]>, q: string, multiple: boolean) =>
        multiple ? { ...form, isAdmin: "1" } : { ...form, [`q:${q}`]: ["a", "b"] },
    ],
  ])("refuses a tampered form (%s) with 400 and records nothing", async (_name, tamper) => {
    const quiz = await callRoute(quizLoader, { cookie: nurse, params: { module: SLUG } });
    const bank = getQuizBank(SLUG, "en-GB")!;
    const first = quiz.data.questions[0];
    const form = tamper(rightAnswers(quiz.data.attemptId, quiz.data.questions, bank), first.id, first.multiple);
    const result = await callRoute(quizAction, { cookie: nurse, params: { module: SLUG }, form });
    expect(result.status).toBe(400);
    expect(result.data.problem).toBe("tampered");
    expect(submitted(userId("nurse@riverside.example"))).toHaveLength(0);
    expect(
      db()
        .select()
        .from(completions)
        .where(eq(completions.userId, userId("nurse@riverside.example")))
        .all(),
    ).toHaveLength(0);
  });

  it("refuses another person's attempt", async () => {
    const theirs = await callRoute(quizLoader, { cookie: bankNurse, params: { module: SLUG } });
    const bank = getQuizBank(SLUG, "en-GB")!;
    const result = await callRoute(quizAction, {
      cookie: nurse,
      params: { module: SLUG },
      form: rightAnswers(theirs.data.attemptId, theirs.data.questions, bank),
    });
    expect(result.status).toBe(400);
    expect(submitted(userId("bank.nurse@riverside.example"))).toHaveLength(0);
  });

  it("grades on the server, records one attempt and one completion even when submitted twice", async () => {
    const nurseId = userId("nurse@riverside.example");
    const quiz = await callRoute(quizLoader, { cookie: nurse, params: { module: SLUG } });
    const form = rightAnswers(quiz.data.attemptId, quiz.data.questions, getQuizBank(SLUG, "en-GB")!);
    const first = await callRoute(quizAction, { cookie: nurse, params: { module: SLUG }, form });
    expect(first.status).toBe(302);
    expect(first.location).toBe(`/learn/${SLUG}/result/${quiz.data.attemptId}`);
    const second = await callRoute(quizAction, { cookie: nurse, params: { module: SLUG }, form });
    expect(second.location).toBe(first.location);

    expect(submitted(nurseId)).toHaveLength(1);
    const attempt = submitted(nurseId)[0];
    expect(attempt).toMatchObject({
      scorePercent: 100,
      passed: true,
      isFirstAttempt: true,
      moduleVersion: "2.1.0",
      correctCount: 2,
      questionCount: 2,
    });
    expect(db().select().from(attemptAnswers).where(eq(attemptAnswers.attemptId, attempt.id)).all()).toHaveLength(2);
    const done = db().select().from(completions).where(eq(completions.userId, nurseId)).all();
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ moduleSlug: SLUG, moduleVersion: "2.1.0", majorVersion: 2, scorePercent: 100 });
    expect(done[0].verificationCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

    const result = await callRoute(resultLoader, {
      cookie: nurse,
      params: { module: SLUG, attemptId: quiz.data.attemptId },
    });
    expect(result.data).toMatchObject({ passed: true, scorePercent: 100, completionId: done[0].id });
    expect(result.data.questions.every((q: { correct: boolean }) => q.correct)).toBe(true);
    expect(
      (await callRoute(resultLoader, { cookie: bankNurse, params: { module: SLUG, attemptId: quiz.data.attemptId } }))
        .status,
    ).toBe(404);
  });

  it("fails a score below the pass mark, explains each answer, and lets the learner retry with a new attempt", async () => {
    const quiz = await callRoute(quizLoader, { cookie: bankNurse, params: { module: SLUG } });
    const bank = getQuizBank(SLUG, "en-GB")!;
    const form = rightAnswers(quiz.data.attemptId, quiz.data.questions, bank, [quiz.data.questions[0].id]);
    await callRoute(quizAction, { cookie: bankNurse, params: { module: SLUG }, form });
    const result = await callRoute(resultLoader, {
      cookie: bankNurse,
      params: { module: SLUG, attemptId: quiz.data.attemptId },
    });
    expect(result.data).toMatchObject({ passed: false, scorePercent: 50, completionId: null });
    expect(result.data.questions[0]).toMatchObject({ correct: false });
    expect(result.data.questions[0].chosen[0].explanation.length).toBeGreaterThan(0);
    const retry = await callRoute(quizLoader, { cookie: bankNurse, params: { module: SLUG } });
    expect(retry.data.attemptId).not.toBe(quiz.data.attemptId);
  });

  it("passes at exactly the pass mark and fails just below it", async () => {
    const question = (id: string) => ({
      id,
      outcome: "o",
      text: id,
      multiple: false,
      options: [
        { id: "a", text: "a", correct: true, explanation: "x" },
        { id: "b", text: "b", correct: false, explanation: "y" },
      ],
    });
    const bank: QuizBank = {
      slug: "boundary",
      version: "1.0.0",
      passMark: 80,
      questionsPerAttempt: 5,
      questions: ["1", "2", "3", "4", "5"].map(question),
      language: "en-GB",
      isFallback: false,
    };
    const carer = userId("carer@oaklodge.example");
    const answers = (right: number) =>
      Object.fromEntries(["1", "2", "3", "4", "5"].map((id, i) => [id, [i < right ? "a" : "b"]]));
    expect(await gradeAttempt(startOrResumeAttempt(carer, bank), bank, answers(4))).toEqual({
      outcome: "graded",
      passed: true,
    });
    expect(await gradeAttempt(startOrResumeAttempt(carer, bank), bank, answers(3))).toEqual({
      outcome: "graded",
      passed: false,
    });
  });
});

describe("my training status", () => {
  it("counts the strictest renewal period across several memberships", () => {
    const id = userId("bank.nurse@riverside.example");
    const oakLodge = db().select().from(organisations).where(eq(organisations.code, "VX001")).get()!;
    db()
      .insert(requirements)
      .values({ organisationId: oakLodge.id, moduleSlug: SLUG, renewalDays: 180, graceDays: 30 })
      .run();
    db()
      .insert(completions)
      .values({
        userId: id,
        moduleSlug: SLUG,
        moduleVersion: "2.1.0",
        majorVersion: 2,
        completedAt: new Date("2026-05-01T10:00:00Z"),
        scorePercent: 100,
        verificationCode: "TEST-BANK-NRS2",
      })
      .run();
    const item = (today: string) => myTraining(id, "en-GB", today).required.find((i) => i.slug === SLUG)!;
    // 180 days from 2026-05-01 is 2026-10-28: valid until and including 2026-10-27.
    expect(item("2026-10-27")).toMatchObject({ status: "due-soon", lastDay: "2026-10-27" });
    expect(item("2026-10-28")).toMatchObject({ status: "overdue" });
    // Leaving Oak Lodge leaves only Riverside's 365 days.
    db()
      .update(memberships)
      .set({ endDate: "2026-10-01" })
      .where(and(eq(memberships.userId, id), eq(memberships.organisationId, oakLodge.id)))
      .run();
    expect(item("2026-10-28")).toMatchObject({ status: "compliant", lastDay: "2027-04-30" });
  });

  it("asks for a retake when a new major version replaces the completion", () => {
    const id = newLearner("retake.test@bryn.example", "X99001", "2020-01-01");
    db()
      .insert(completions)
      .values({
        userId: id,
        moduleSlug: SLUG,
        moduleVersion: "1.4.0",
        majorVersion: 1,
        completedAt: new Date("2026-01-10T10:00:00Z"),
        scorePercent: 90,
        verificationCode: "TEST-OLDV-ERS1",
      })
      .run();
    const item = (today: string) => myTraining(id, "en-GB", today).required.find((i) => i.slug === SLUG)!;
    // Version 2.1.0 took effect on 2026-03-02: before then the old completion counts.
    expect(item("2026-03-01")).toMatchObject({ status: "compliant" });
    // In date on the release day: due soon until and including R + 30 days, "complete the new version by" that day.
    expect(item("2026-03-02")).toMatchObject({ status: "due-soon", lastDay: "2026-04-01", retake: true });
    expect(item("2026-04-01")).toMatchObject({ status: "due-soon" });
    expect(item("2026-04-02")).toMatchObject({ status: "overdue", retake: true });
  });

  it("shows the same 'valid until' day on the dashboard and the certificate: the last day it counts", () => {
    const id = newLearner("valid.until@bryn.example", "X99001", "2020-01-01");
    const completedAt = new Date(`${addDays(todayIso(), -10)}T10:00:00Z`);
    const completion = db()
      .insert(completions)
      .values({
        userId: id,
        moduleSlug: SLUG,
        moduleVersion: "2.1.0",
        majorVersion: 2,
        completedAt,
        scorePercent: 90,
        verificationCode: "TEST-VALI-DUN1",
      })
      .returning()
      .get();
    const item = myTraining(id, "en-GB").required.find((i) => i.slug === SLUG)!;
    expect(item.lastDay).toBe(addDays(todayIso(), 354));
    expect(certificateFor(completion as CertifiedCompletion, "en-GB").validUntil).toBe(item.lastDay);
  });

  it("gives a new starter a due date, and orders the most urgent first", () => {
    const carer = myTraining(newLearner("new.starter@oaklodge.example", "VX001", "2026-11-16"), "en-GB", "2026-11-26");
    const fixture = carer.required.find((i) => i.slug === SLUG)!;
    expect(fixture).toMatchObject({ status: "new-starter", lastDay: "2026-12-15" });
  });
});

describe("lessons and progress", () => {
  it("remembers pages read, on any device", async () => {
    await callRoute(lessonLoader, { cookie: bankNurse, params: { module: SLUG, page: "1" } });
    const otherDevice = await signIn("bank.nurse@riverside.example");
    const overview = await callRoute(overviewLoader, { cookie: otherDevice, params: { module: SLUG } });
    expect(overview.data.pagesSeen).toEqual([1]);
    expect(overview.data.lastPage).toBe(1);
    expect(JSON.stringify(overview.data)).not.toMatch(/"correct"|"explanation"/);

    await callRoute(lessonLoader, { cookie: otherDevice, params: { module: SLUG, page: "2" } });
    await callRoute(lessonLoader, { cookie: bankNurse, params: { module: SLUG, page: "1" } });
    const again = await callRoute(overviewLoader, { cookie: otherDevice, params: { module: SLUG } });
    expect(again.data.pagesSeen).toEqual([1, 2]);
    expect(again.data.lastPage).toBe(1);
  });

  it("writes nothing for a page seen again, unless a quiz or completion came after the last view", () => {
    const learner = newLearner("rereader@bryn.example", "X99001", "2020-01-01");
    const progress = () =>
      db()
        .select()
        .from(moduleProgress)
        .where(and(eq(moduleProgress.userId, learner), eq(moduleProgress.moduleSlug, SLUG)))
        .get()!;
    recordPageView(learner, SLUG, 1, new Date(1_000));
    recordPageView(learner, SLUG, 1, new Date(2_000));
    expect(progress().updatedAt.getTime()).toBe(1_000);
    recordPageView(learner, SLUG, 2, new Date(3_000));
    recordPageView(learner, SLUG, 1, new Date(4_000));
    expect(progress()).toMatchObject({ pagesSeen: [1, 2], lastPage: 1 });
    expect(progress().updatedAt.getTime()).toBe(4_000);

    // Quiz-first asks whether a lesson was opened after the latest submission or completion.
    db()
      .insert(quizAttempts)
      .values({
        id: crypto.randomUUID(),
        userId: learner,
        moduleSlug: SLUG,
        moduleVersion: "1.0.0",
        language: "en",
        questions: [],
        questionCount: 0,
        startedAt: new Date(4_500),
        submittedAt: new Date(5_000),
      })
      .run();
    recordPageView(learner, SLUG, 1, new Date(6_000));
    expect(progress().updatedAt.getTime()).toBe(6_000);
  });

  it("shows the Welsh page where there is one and English with a notice where not", async () => {
    const welsh = cookieHeader(nurse.split("; "), [`lng=${encodeURIComponent(btoa(JSON.stringify("cy")))}`]);
    const one = await callRoute(lessonLoader, { cookie: welsh, params: { module: SLUG, page: "1" } });
    expect(one.data.page).toMatchObject({ language: "cy", isFallback: false });
    const two = await callRoute(lessonLoader, { cookie: welsh, params: { module: SLUG, page: "2" } });
    expect(two.data.page).toMatchObject({ language: "en-GB", isFallback: true });
    expect((await callRoute(lessonLoader, { cookie: nurse, params: { module: SLUG, page: "9" } })).status).toBe(404);
    expect((await callRoute(lessonLoader, { cookie: nurse, params: { module: "../etc", page: "1" } })).status).toBe(
      404,
    );
  });
});

describe("certificate check", () => {
  it("says a real certificate is genuine and in date, an expired one expired, and an unknown code not found", async () => {
    const code = db()
      .select()
      .from(completions)
      .where(eq(completions.userId, userId("nurse@riverside.example")))
      .get()!.verificationCode!;
    const valid = await callRoute(verifyLoader, { params: { code: code.toLowerCase().replace(/-/g, "") } });
    expect(valid.status).toBe(200);
    expect(valid.data.found).toMatchObject({ name: "Amira Hussain", moduleSlug: SLUG, inDate: true });
    expect(Object.keys(valid.data.found).sort()).toEqual([
      "completedOn",
      "inDate",
      "moduleSlug",
      "moduleTitle",
      "moduleTitleLanguage",
      "moduleVersion",
      "name",
      "scorePercent",
      "superseded",
      "validUntil",
      "verificationCode",
    ]);

    db()
      .insert(completions)
      .values({
        userId: newLearner("expired.cert@oaklodge.example", "VX001", "2020-01-01"),
        moduleSlug: SLUG,
        moduleVersion: "2.0.0",
        majorVersion: 2,
        completedAt: new Date("2025-03-01T10:00:00Z"),
        scorePercent: 80,
        verificationCode: "EXPD-CERT-WXYZ",
      })
      .run();
    const expired = await callRoute(verifyLoader, { params: { code: "EXPD-CERT-WXYZ" } });
    // Oak Lodge renews every 180 days (set above): the last day it counted was 2025-08-27.
    expect(expired.data.found).toMatchObject({ name: "Test Learner", inDate: false, validUntil: "2025-08-27" });

    expect((await callRoute(verifyLoader, { params: { code: "ABCD-EFGH-JKMN" } })).status).toBe(404);
    expect((await callRoute(verifyLoader, { params: { code: "<script>" } })).status).toBe(404);
  });
});
