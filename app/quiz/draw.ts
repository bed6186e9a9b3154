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
