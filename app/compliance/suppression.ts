/**
 * No figure built from fewer than MIN_PEOPLE people is shown (README, "Compliance: how we count"):
 * learning-outcome insight, the evidence pack and the analyst view say "fewer than 5" instead.
 * Plain TypeScript: the pages use it too.
 */
export const MIN_PEOPLE = 5;

/** A count, or null when it is below MIN_PEOPLE (and not zero: "none" discloses nobody). */
export function suppressedCount(n: number): number | null {
  return n > 0 && n < MIN_PEOPLE ? null : n;
}
