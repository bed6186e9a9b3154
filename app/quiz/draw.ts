import crypto from "node:crypto";

/** Fisher-Yates with a cryptographic source, so the order cannot be predicted from earlier attempts. */
export function shuffle<T>(items: readonly T[]): T[] {
  const result = [...items];
  for (let i = result.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [result[i], result[j]] = [result[j], result[i]];
  }
  return result;
}

export interface DrawableQuestion {
  id: string;
  outcome: string;
}

/**
 * How many questions each outcome gets when `count` are drawn over `outcomes`: every outcome at
 * least one, the rest one at a time to the outcome with the fewest so far, preferring outcomes
 * that still have questions the learner has not seen. So a full bank gives an even spread, and a
 * bank running out of fresh questions for one outcome lends its places to outcomes that have some.
 */
export function outcomeQuotas(
  count: number,
  outcomes: string[],
  available: Map<string, number>,
  unseen: Map<string, number>,
): Map<string, number> {
  // A bank with more outcomes than places (content:check refuses it) tests as many as fit.
  const quotas = new Map(
    outcomes
      .filter((o) => (available.get(o) ?? 0) > 0)
      .slice(0, count)
      .map((o) => [o, 1]),
  );
  let left = count - quotas.size;
  while (left > 0) {
    const open = [...quotas.keys()].filter((o) => (available.get(o) ?? 0) > quotas.get(o)!);
    if (open.length === 0) break;
    const fresh = open.filter((o) => (unseen.get(o) ?? 0) > quotas.get(o)!);
    const candidates = fresh.length > 0 ? fresh : open;
    const fewest = Math.min(...candidates.map((o) => quotas.get(o)!));
    const tied = candidates.filter((o) => quotas.get(o) === fewest);
    const chosen = tied[crypto.randomInt(tied.length)];
    quotas.set(chosen, quotas.get(chosen)! + 1);
    left--;
  }
  return quotas;
}

/**
 * Draws `count` questions that test every outcome (when the bank allows), evenly, taking questions
 * the learner has not seen before any they have. The drawn questions come out in random order.
 */
export function drawQuestions<Q extends DrawableQuestion>(
  bank: readonly Q[],
  count: number,
  seen: ReadonlySet<string>,
): Q[] {
  const byOutcome = new Map<string, Q[]>();
  for (const question of bank) {
    const list = byOutcome.get(question.outcome) ?? [];
    list.push(question);
    byOutcome.set(question.outcome, list);
  }
  const outcomes = shuffle([...byOutcome.keys()]);
  const available = new Map(outcomes.map((o) => [o, byOutcome.get(o)!.length]));
  const unseen = new Map(outcomes.map((o) => [o, byOutcome.get(o)!.filter((q) => !seen.has(q.id)).length]));
  const quotas = outcomeQuotas(Math.min(count, bank.length), outcomes, available, unseen);
  const drawn = outcomes.flatMap((outcome) => {
    const questions = byOutcome.get(outcome)!;
    const ordered = [
      ...shuffle(questions.filter((q) => !seen.has(q.id))),
      ...shuffle(questions.filter((q) => seen.has(q.id))),
    ];
    return ordered.slice(0, quotas.get(outcome) ?? 0);
  });
  return shuffle(drawn);
}
