import { z } from "zod";
import type { QuizAttempt } from "@db/schema";
import type { QuizBank } from "~/content/types";

export const ANSWER_FIELD_PREFIX = "q:";

const AttemptIdSchema = z.string().uuid();

export type ParsedAnswers =
  | { ok: true; attemptId: string; answers: Record<string, string[]> }
  | { ok: false; tampered: true }
  | { ok: false; tampered: false; missing: string[]; answers: Record<string, string[]> };

/** Only the attempt id. Anything odd here means the form was not ours. */
export function readAttemptId(form: FormData): string | null {
  const parsed = AttemptIdSchema.safeParse(form.get("attemptId"));
  return parsed.success ? parsed.data : null;
}

/**
 * Checks a submitted quiz form against the questions drawn for the attempt. A field we did not
 * send, an option id that is not one of the question's, or several answers to a one-answer question
 * mean the form was tampered with: refused whole. Unanswered questions are the learner's to fix.
 */
export function parseAnswers(form: FormData, attempt: QuizAttempt, bank: QuizBank): ParsedAnswers {
  const questions = new Map(bank.questions.map((q) => [q.id, q]));
  const drawn = new Map(attempt.questions.map((q) => [q.id, q]));
  const answers: Record<string, string[]> = {};

  for (const [name, value] of form.entries()) {
    if (name === "attemptId") continue;
    if (typeof value !== "string" || !name.startsWith(ANSWER_FIELD_PREFIX)) return { ok: false, tampered: true };
    const questionId = name.slice(ANSWER_FIELD_PREFIX.length);
    const question = questions.get(questionId);
    if (!drawn.has(questionId) || !question) return { ok: false, tampered: true };
    if (!question.options.some((o) => o.id === value)) return { ok: false, tampered: true };
    const list = (answers[questionId] ??= []);
    if (list.includes(value) || (!question.multiple && list.length > 0)) return { ok: false, tampered: true };
    list.push(value);
  }

  const missing = attempt.questions.map((q) => q.id).filter((id) => !answers[id]?.length);
  if (missing.length > 0) return { ok: false, tampered: false, missing, answers };
  return { ok: true, attemptId: attempt.id, answers };
}
