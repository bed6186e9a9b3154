import crypto from "node:crypto";
import { and, desc, eq, isNotNull, isNull, sql } from "drizzle-orm";
import { attemptAnswers, quizAttempts, type DrawnQuestion, type QuizAttempt } from "@db/schema";
import type { QuizBank, QuizQuestion } from "~/content/types";
import { db, preparedQuery, writeTransaction } from "~/db.server";
import { recordCompletion, sameDayCompletion } from "~/learning/completions.server";
import { startsQuizFirst } from "~/learning/quiz-first.server";
import { drawQuestions, shuffle } from "./draw";

/** A question as the browser may see it: no correct flags, no explanations. */
export interface QuestionForLearner {
  id: string;
  text: string;
  multiple: boolean;
  options: { id: string; text: string }[];
}

const OPEN_ATTEMPT_LIFETIME_MS = 24 * 60 * 60 * 1000;

/** Every question this person has been shown for this module, in any attempt, version or language. */
export function questionsSeen(userId: string, moduleSlug: string): Set<string> {
  const rows = db()
    .select({ questions: quizAttempts.questions })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), eq(quizAttempts.moduleSlug, moduleSlug)))
    .all();
  return new Set(rows.flatMap((r) => r.questions.map((q) => q.id)));
}

/**
 * The attempt to show: the person's unsubmitted attempt at this module version and language, so a
 * reload shows the same questions; otherwise a new one whose questions test every learning outcome,
 * questions not yet seen first, options shuffled.
 */
export function startOrResumeAttempt(userId: string, bank: QuizBank, now = new Date()): QuizAttempt {
  const open = db()
    .select()
    .from(quizAttempts)
    .where(
      and(
        eq(quizAttempts.userId, userId),
        eq(quizAttempts.moduleSlug, bank.slug),
        eq(quizAttempts.moduleVersion, bank.version),
        eq(quizAttempts.language, bank.language),
        isNull(quizAttempts.submittedAt),
      ),
    )
    .orderBy(desc(quizAttempts.startedAt))
    .get();
  if (open && now.getTime() - open.startedAt.getTime() < OPEN_ATTEMPT_LIFETIME_MS) return open;

  const drawn: DrawnQuestion[] = drawQuestions(
    bank.questions,
    bank.questionsPerAttempt,
    questionsSeen(userId, bank.slug),
  ).map((q) => ({
    id: q.id,
    options: shuffle(q.options.map((o) => o.id)),
  }));
  return db()
    .insert(quizAttempts)
    .values({
      id: crypto.randomUUID(),
      userId,
      moduleSlug: bank.slug,
      moduleVersion: bank.version,
      language: bank.language,
      questions: drawn,
      questionCount: drawn.length,
      startedAt: now,
      quizFirst: startsQuizFirst(userId, bank.slug),
    })
    .returning()
    .get();
}

function questionMap(bank: QuizBank): Map<string, QuizQuestion> {
  return new Map(bank.questions.map((q) => [q.id, q]));
}

export function questionsForLearner(attempt: QuizAttempt, bank: QuizBank): QuestionForLearner[] {
  const byId = questionMap(bank);
  return attempt.questions.flatMap((drawn) => {
    const question = byId.get(drawn.id);
    if (!question) return [];
    const options = new Map(question.options.map((o) => [o.id, o]));
    return [
      {
        id: question.id,
        text: question.text,
        multiple: question.multiple,
        options: drawn.options.flatMap((id) => (options.has(id) ? [{ id, text: options.get(id)!.text }] : [])),
      },
    ];
  });
}

export function getOwnAttempt(userId: string, attemptId: string): QuizAttempt | undefined {
  return ownAttemptQuery().get({ userId, attemptId });
}
const ownAttemptQuery = preparedQuery((database) =>
  database
    .select()
    .from(quizAttempts)
    .where(and(eq(quizAttempts.id, sql.placeholder("attemptId")), eq(quizAttempts.userId, sql.placeholder("userId"))))
    .prepare(),
);

function isRight(question: QuizQuestion, chosen: string[]): boolean {
  const correct = question.options
    .filter((o) => o.correct)
    .map((o) => o.id)
    .sort();
  const picked = [...new Set(chosen)].sort();
  return correct.length === picked.length && correct.every((id, i) => id === picked[i]);
}

export type SubmitResult = { outcome: "graded"; passed: boolean } | { outcome: "already-submitted" };

/**
 * Grades an attempt once. Marking it submitted is the first write, guarded by `submitted_at IS NULL`,
 * so a double click, the back button or a replay finds it already graded and records nothing more.
 */
export function gradeAttempt(
  attempt: QuizAttempt,
  bank: QuizBank,
  answers: Record<string, string[]>,
  now = new Date(),
): Promise<SubmitResult> {
  const byId = questionMap(bank);
  const results = attempt.questions.map((drawn) => {
    const question = byId.get(drawn.id)!;
    return { question, correct: isRight(question, answers[drawn.id] ?? []) };
  });
  const correctCount = results.filter((r) => r.correct).length;
  const scorePercent = Math.floor((correctCount * 100) / attempt.questionCount);
  const passed = correctCount * 100 >= bank.passMark * attempt.questionCount;

  const answerRows = results.map((r) => ({
    attemptId: attempt.id,
    questionId: r.question.id,
    outcomeId: r.question.outcome,
    correct: r.correct,
  }));

  // Everything is built and prepared before the write lock is taken: the other workers wait while it is held.
  const statements = gradingStatements();
  return writeTransaction((tx) => {
    const earlier = statements.earlierSubmitted.get({ userId: attempt.userId, moduleSlug: attempt.moduleSlug });
    const marked = statements.markSubmitted.run({
      attemptId: attempt.id,
      submittedAt: now,
      answers,
      correctCount,
      scorePercent,
      passed,
      isFirstAttempt: !earlier,
    });
    if (marked.changes !== 1) return { outcome: "already-submitted" } as const;

    for (const row of answerRows) statements.insertAnswer.run(row);
    // One pass a day gives one certificate: passing again the same day adds nothing more.
    if (passed && !sameDayCompletion(tx, attempt.userId, attempt.moduleSlug, attempt.moduleVersion, now)) {
      recordCompletion(tx, {
        userId: attempt.userId,
        moduleSlug: attempt.moduleSlug,
        moduleVersion: attempt.moduleVersion,
        completedAt: now,
        scorePercent,
        attemptId: attempt.id,
        quizFirst: attempt.quizFirst,
      });
    }
    return { outcome: "graded", passed } as const;
  });
}
/**
 * A placeholder in an update's set: drizzle encodes it with the column's own mapping (Date, JSON,
 * boolean) as it does in an insert, but its types only admit values there.
 */
const setParam = <T>(name: string) => sql.placeholder(name) as unknown as T;

const gradingStatements = preparedQuery((database) => ({
  earlierSubmitted: database
    .select({ id: quizAttempts.id })
    .from(quizAttempts)
    .where(
      and(
        eq(quizAttempts.userId, sql.placeholder("userId")),
        eq(quizAttempts.moduleSlug, sql.placeholder("moduleSlug")),
        isNotNull(quizAttempts.submittedAt),
      ),
    )
    .limit(1)
    .prepare(),
  markSubmitted: database
    .update(quizAttempts)
    .set({
      submittedAt: setParam<Date>("submittedAt"),
      answers: setParam<Record<string, string[]>>("answers"),
      correctCount: setParam<number>("correctCount"),
      scorePercent: setParam<number>("scorePercent"),
      passed: setParam<boolean>("passed"),
      isFirstAttempt: setParam<boolean>("isFirstAttempt"),
    })
    .where(and(eq(quizAttempts.id, sql.placeholder("attemptId")), isNull(quizAttempts.submittedAt)))
    .prepare(),
  insertAnswer: database
    .insert(attemptAnswers)
    .values({
      attemptId: sql.placeholder("attemptId"),
      questionId: sql.placeholder("questionId"),
      outcomeId: sql.placeholder("outcomeId"),
      correct: sql.placeholder("correct"),
    })
    .prepare(),
}));

export interface QuestionResult {
  id: string;
  /** Its place in the attempt, from 1. */
  number: number;
  text: string;
  correct: boolean;
  /** The options the learner chose with their explanations; after a fail, only the wrong ones. */
  chosen: { id: string; text: string; explanation: string }[];
}

/**
 * What the result page shows. After a pass: every question, the learner's answers and why. After a
 * fail: only the questions answered wrongly, with why each wrong choice is wrong, and never which
 * option is right (so a retake cannot be passed by reading the last result page).
 */
export function attemptResults(attempt: QuizAttempt, bank: QuizBank): QuestionResult[] {
  const byId = questionMap(bank);
  const passed = Boolean(attempt.passed);
  return attempt.questions.flatMap((drawn, index) => {
    const question = byId.get(drawn.id);
    if (!question) return [];
    const chosenIds = attempt.answers?.[drawn.id] ?? [];
    const correct = isRight(question, chosenIds);
    if (!passed && correct) return [];
    const chosen = question.options.filter((o) => chosenIds.includes(o.id) && (passed || !o.correct));
    return [
      {
        id: question.id,
        number: index + 1,
        text: question.text,
        correct,
        chosen: chosen.map((o) => ({ id: o.id, text: o.text, explanation: o.explanation })),
      },
    ];
  });
}

/** The learning outcomes a failed attempt got wrong, in the module's order. */
export function missedOutcomes(attempt: QuizAttempt, bank: QuizBank): string[] {
  const byId = questionMap(bank);
  const missed = new Set(
    attempt.questions.flatMap((drawn) => {
      const question = byId.get(drawn.id);
      return question && !isRight(question, attempt.answers?.[drawn.id] ?? []) ? [question.outcome] : [];
    }),
  );
  return [...missed];
}
