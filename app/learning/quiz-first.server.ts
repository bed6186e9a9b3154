import { and, desc, eq, gt, isNotNull } from "drizzle-orm";
import { completions, moduleProgress, quizAttempts } from "@db/schema";
import { db } from "~/db.server";

/**
 * Quiz-first: someone who completed a module before (they were in date last year) may take its
 * quiz before the lessons. Passing that first attempt completes the module, recorded as
 * quiz-first; failing it sends them to the lessons for the outcomes they missed.
 */

function lastCompletion(userId: string, moduleSlug: string) {
  return db()
    .select({ completedAt: completions.completedAt })
    .from(completions)
    .where(and(eq(completions.userId, userId), eq(completions.moduleSlug, moduleSlug)))
    .orderBy(desc(completions.completedAt))
    .get();
}

/** Whether this person may take the module's quiz first: they have completed it before. */
export function mayTakeQuizFirst(userId: string, moduleSlug: string): boolean {
  return lastCompletion(userId, moduleSlug) !== undefined;
}

/**
 * Whether a quiz started now is a quiz-first attempt: the person completed the module before and,
 * since then, has neither taken its quiz nor opened its lessons.
 */
export function startsQuizFirst(userId: string, moduleSlug: string): boolean {
  const last = lastCompletion(userId, moduleSlug);
  if (!last) return false;
  const attemptSince = db()
    .select({ id: quizAttempts.id })
    .from(quizAttempts)
    .where(
      and(
        eq(quizAttempts.userId, userId),
        eq(quizAttempts.moduleSlug, moduleSlug),
        isNotNull(quizAttempts.submittedAt),
        gt(quizAttempts.submittedAt, last.completedAt),
      ),
    )
    .get();
  if (attemptSince) return false;
  const readSince = db()
    .select({ updatedAt: moduleProgress.updatedAt })
    .from(moduleProgress)
    .where(
      and(
        eq(moduleProgress.userId, userId),
        eq(moduleProgress.moduleSlug, moduleSlug),
        gt(moduleProgress.updatedAt, last.completedAt),
      ),
    )
    .get();
  return !readSince;
}

/**
 * The failed quiz-first attempt a person must act on before taking the quiz again: they have not
 * opened a lesson page of the module since. Its result page lists the lessons to read.
 */
export function unreadAfterQuizFirstFail(userId: string, moduleSlug: string): string | null {
  const latest = db()
    .select({
      id: quizAttempts.id,
      quizFirst: quizAttempts.quizFirst,
      passed: quizAttempts.passed,
      submittedAt: quizAttempts.submittedAt,
    })
    .from(quizAttempts)
    .where(
      and(
        eq(quizAttempts.userId, userId),
        eq(quizAttempts.moduleSlug, moduleSlug),
        isNotNull(quizAttempts.submittedAt),
      ),
    )
    .orderBy(desc(quizAttempts.submittedAt))
    .get();
  if (!latest || !latest.quizFirst || latest.passed || !latest.submittedAt) return null;
  const readSince = db()
    .select({ updatedAt: moduleProgress.updatedAt })
    .from(moduleProgress)
    .where(
      and(
        eq(moduleProgress.userId, userId),
        eq(moduleProgress.moduleSlug, moduleSlug),
        gt(moduleProgress.updatedAt, latest.submittedAt),
      ),
    )
    .get();
  return readSince ? null : latest.id;
}
