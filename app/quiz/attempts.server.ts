import crypto from "node:crypto";
import { and, desc, eq, isNotNull, isNull } from "drizzle-orm";
import { attemptAnswers, quizAttempts, type DrawnQuestion, type QuizAttempt } from "@db/schema";
import type { QuizBank, QuizQuestion } from "~/content/types";
import { db } from "~/db.server";
import { recordCompletion } from "~/learning/completions.server";
import { shuffle } from "./draw";

/** A question as the browser may see it: no correct flags, no explanations. */
export interface QuestionForLearner {
  id: string;
  text: string;
  multiple: boolean;
  options: { id: string; text: string }[];
}

const OPEN_ATTEMPT_LIFETIME_MS = 24 * 60 * 60 * 1000;

/**
 * The attempt to show: the person's unsubmitted attempt at this module version and language, so a
 * reload shows the same questions; otherwise a new one with questions drawn and options shuffled.
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

  const drawn: DrawnQuestion[] = shuffle(bank.questions)
    .slice(0, bank.questionsPerAttempt)
    .map((q) => ({ id: q.id, options: shuffle(q.options.map((o) => o.id)) }));
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
  return db().select().from(quizAttempts).where(and(eq(quizAttempts.id, attemptId), eq(quizAttempts.userId, userId))).get();
}

function isRight(question: QuizQuestion, chosen: string[]): boolean {
  const correct = question.options.filter((o) => o.correct).map((o) => o.id).sort();
  const picked = [...new Set(chosen)].sort();
  return correct.length === picked.length && correct.every((id, i) => id === picked[i]);
}

export type SubmitResult = { outcome: "graded"; passed: boolean } | { outcome: "already-submitted" };

/**
 * Grades an attempt once. Marking it submitted is the first write, guarded by `submitted_at IS NULL`,
 * so a double click, the back button or a replay finds it already graded and records nothing more.
 */
export function gradeAttempt(attempt: QuizAttempt, bank: QuizBank, answers: Record<string, string[]>, now = new Date()): SubmitResult {
  const byId = questionMap(bank);
  const results = attempt.questions.map((drawn) => {
    const question = byId.get(drawn.id)!;
    return { question, correct: isRight(question, answers[drawn.id] ?? []) };
  });
  const correctCount = results.filter((r) => r.correct).length;
  const scorePercent = Math.floor((correctCount * 100) / attempt.questionCount);
  const passed = correctCount * 100 >= bank.passMark * attempt.questionCount;

  return db().transaction((tx) => {
    const earlier = tx
      .select({ id: quizAttempts.id })
      .from(quizAttempts)
      .where(and(eq(quizAttempts.userId, attempt.userId), eq(quizAttempts.moduleSlug, attempt.moduleSlug), isNotNull(quizAttempts.submittedAt)))
      .get();
    const marked = tx
      .update(quizAttempts)
      .set({ submittedAt: now, answers, correctCount, scorePercent, passed, isFirstAttempt: !earlier })
      .where(and(eq(quizAttempts.id, attempt.id), isNull(quizAttempts.submittedAt)))
      .run();
    if (marked.changes !== 1) return { outcome: "already-submitted" } as const;

    tx.insert(attemptAnswers)
      .values(results.map((r) => ({ attemptId: attempt.id, questionId: r.question.id, outcomeId: r.question.outcome, correct: r.correct })))
      .run();
    if (passed) {
      recordCompletion(tx, {
        userId: attempt.userId,
        moduleSlug: attempt.moduleSlug,
        moduleVersion: attempt.moduleVersion,
        completedAt: now,
        scorePercent,
        attemptId: attempt.id,
      });
    }
    return { outcome: "graded", passed } as const;
  });
}

export interface QuestionResult {
  id: string;
  text: string;
  correct: boolean;
  chosen: { id: string; text: string; explanation: string }[];
}

/** What the result page shows: each question, the learner's answer, whether it was right, and why. */
export function attemptResults(attempt: QuizAttempt, bank: QuizBank): QuestionResult[] {
  const byId = questionMap(bank);
  return attempt.questions.flatMap((drawn) => {
    const question = byId.get(drawn.id);
    if (!question) return [];
    const chosenIds = attempt.answers?.[drawn.id] ?? [];
    return [
      {
        id: question.id,
        text: question.text,
        correct: isRight(question, chosenIds),
        chosen: question.options.filter((o) => chosenIds.includes(o.id)).map((o) => ({ id: o.id, text: o.text, explanation: o.explanation })),
      },
    ];
  });
}
