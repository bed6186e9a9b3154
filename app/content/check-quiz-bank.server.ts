import type { ModuleFrontmatter, Quiz } from "./schemas.server";
import type { Problem, YamlSource } from "./source.server";

/**
 * Quiz bank rules behind balanced, fresh draws (see app/quiz/draw.ts): every attempt tests every
 * learning outcome, and a retake draws questions the learner has not seen first.
 */

/** A bank at least this many times the questions drawn, so a retake can be mostly new questions. */
export const BANK_TO_DRAW_RATIO = 2.5;

/** The most questions one attempt may draw for a single outcome when the draw is spread evenly. */
export function largestShare(questionsPerAttempt: number, outcomeCount: number): number {
  return Math.ceil(questionsPerAttempt / Math.max(outcomeCount, 1));
}

export function checkQuizBank(quiz: Quiz, source: YamlSource, file: string, meta: ModuleFrontmatter, problems: Problem[]) {
  const drawn = quiz.questionsPerAttempt;
  // Already reported by the quiz check.
  if (drawn > quiz.questions.length) return;
  const outcomes = meta.outcomes.map((o) => o.id);
  if (drawn < outcomes.length) {
    problems.push({
      severity: "error",
      file,
      line: source.lineOf(["questionsPerAttempt"]),
      message: `\`questionsPerAttempt\` is ${drawn} but module.md lists ${outcomes.length} learning outcomes: every attempt tests every outcome, so draw at least ${outcomes.length}.`,
    });
    return;
  }
  const needed = Math.ceil(BANK_TO_DRAW_RATIO * drawn);
  if (quiz.questions.length < needed) {
    problems.push({
      severity: "error",
      file,
      line: source.lineOf(["questions"]),
      message: `The bank has ${quiz.questions.length} questions but needs at least ${needed} (${BANK_TO_DRAW_RATIO} × the ${drawn} drawn), so a retake can ask questions the learner has not seen.`,
    });
  }
  const share = largestShare(drawn, outcomes.length);
  for (const outcome of outcomes) {
    const indexes = quiz.questions.flatMap((q, i) => (q.outcome === outcome ? [i] : []));
    // An outcome with no question at all is reported by the outcome check.
    if (indexes.length === 0) continue;
    const line = source.lineOf(["questions", indexes[0], "outcome"]);
    const spread = `${drawn} questions over ${outcomes.length} outcomes`;
    if (indexes.length < share) {
      problems.push({
        severity: "error",
        file,
        line,
        message: `Outcome \`${outcome}\` has ${indexes.length} ${indexes.length === 1 ? "question" : "questions"}; an attempt can draw ${share} for it (${spread}), so it needs at least ${share}.`,
      });
    } else if (indexes.length < 2 * share) {
      problems.push({
        severity: "warning",
        file,
        line,
        message: `Outcome \`${outcome}\` has ${indexes.length} questions; with fewer than ${2 * share} (twice the ${share} an attempt can draw for it, ${spread}) a retake repeats some of them.`,
      });
    }
  }
}

/** Each outcome should be taught by a page that says so, or a learner who misses it has nowhere to go back to. */
export function checkOutcomePages(meta: ModuleFrontmatter, pages: { english: { outcomes: string[] } }[], file: string, lineOf: (i: number) => number | undefined, problems: Problem[]) {
  const taught = new Set(pages.flatMap((p) => p.english.outcomes));
  meta.outcomes.forEach((outcome, i) => {
    if (!taught.has(outcome.id)) {
      problems.push({
        severity: "warning",
        file,
        line: lineOf(i),
        message: `Learning outcome \`${outcome.id}\` is in no lesson page's \`outcomes\`: list it on the pages that teach it, so a learner who gets it wrong is sent to them (until then, to the first page).`,
      });
    }
  });
}
