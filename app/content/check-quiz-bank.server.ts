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

/** Words that tell a learner which option was right; a failed result page shows wrong options' explanations. */
const GIVES_ANSWER_AWAY = /\b(the (correct|right) (answer|option|choice)|the answer is|instead,? (you should )?choose)\b|\b(yr ateb (cywir|iawn)|yr opsiwn (cywir|iawn))\b/i;

const normalise = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, " ").trim();

/**
 * After a fail the result page shows why each chosen wrong option is wrong, never which option is right:
 * a wrong option's explanation must not name the right answer or quote the right option's text.
 */
export function checkWrongExplanations(
  quiz: Pick<Quiz, "questions">, source: YamlSource, file: string, problems: Problem[]) {
  quiz.questions.forEach((question, q) => {
    const right = question.options.filter((o) => o.correct).map((o) => normalise(o.text));
    question.options.forEach((option, i) => {
      if (option.correct || !option.explanation) return;
      const explanation = normalise(option.explanation);
      const line = source.lineOf(["questions", q, "options", i, "explanation"]);
      if (GIVES_ANSWER_AWAY.test(option.explanation)) {
        problems.push({ severity: "error", file, line, message: `The explanation of wrong option \`${option.id}\` in question \`${question.id}\` points to the right answer: say why this option is wrong, not which one is right (a failed result page shows it).` });
      } else if (right.some((text) => text.length >= 12 && explanation.includes(text))) {
        problems.push({ severity: "error", file, line, message: `The explanation of wrong option \`${option.id}\` in question \`${question.id}\` quotes the right option's text: say why this option is wrong without giving the answer away (a failed result page shows it).` });
      }
    });
  });
}
