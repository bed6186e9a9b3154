import { describe, expect, it } from "vitest";
import { runWriteLoad } from "../../scripts/bench-writes";

// The small size of `npm run bench:writes` (4 x 2000 at full size): its own server, two workers,
// four load processes submitting at once, some submissions sent twice as a double click would.
describe("many learners submitting quizzes at once", () => {
  it(
    "records every acknowledged submission exactly once, and no learner sees a 5xx or SQLITE_BUSY",
    { timeout: 120_000 },
    async () => {
      const result = await runWriteLoad({ processes: 4, submissionsPerProcess: 40, concurrency: 10, workers: 2 });
      expect(result.submitted).toBe(160);
      expect(result.statuses).toEqual({ 302: 160 });
      expect(result.acknowledged).toBe(160);
      expect(result.serverErrors).toBe(0);
      expect(result.busyInLog).toBe(false);
      expect(result.lost).toEqual([]);
      expect(result.doubled).toEqual([]);
      expect(result.integrity).toBe("ok");
      expect(result.submissionsPerSecond).toBeGreaterThan(0);
    },
  );
});
