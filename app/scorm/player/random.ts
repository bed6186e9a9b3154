/**
 * What app/quiz/draw.ts takes from node:crypto, made from the browser's crypto. The package's
 * script is bundled with this file in node:crypto's place, so the package draws questions with the
 * app's own code.
 */
function randomInt(max: number): number {
  // Rejection sampling: values past the last whole multiple of max would favour small results.
  const limit = Math.floor(0x1_0000_0000 / max) * max;
  const value = new Uint32Array(1);
  do globalThis.crypto.getRandomValues(value);
  while (value[0] >= limit);
  return value[0] % max;
}

export default { randomInt };
