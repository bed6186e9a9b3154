import { describe, expect, it } from "vitest";
import { runWriteLoad } from "../../scripts/bench-writes";

// The small size of `npm run bench:writes -- --crash`: kill -9 every server process in the middle
// of the quiz submissions, start it again on the same database, and look for what was acknowledged.
describe("a crash in the middle of quiz submissions", () => {
  it(
    "keeps every acknowledged submission, leaves the database intact, and takes the rest when resubmitted",
    { timeout: 120_000 },
    async () => {
      const result = await runWriteLoad({
        processes: 4,
        submissionsPerProcess: 60,
        concurrency: 10,
        workers: 2,
        crash: true,
      });
      expect(result.crash).toBeDefined();
      const crash = result.crash!;
      // Killed in the middle: some submissions were acknowledged before, some were cut off.
      expect(crash.killedAfter).toBeGreaterThan(0);
      expect(result.acknowledged).toBeGreaterThanOrEqual(crash.killedAfter);
      expect(crash.unacknowledged).toBeGreaterThan(0);
      expect(crash.lostAfterRestart).toEqual([]);
      expect(result.integrity).toBe("ok");
      // Resubmitting what was not acknowledged (as a learner would) records each exactly once.
      expect(crash.resubmittedOk).toBe(crash.unacknowledged);
      expect(result.lost).toEqual([]);
      expect(result.doubled).toEqual([]);
      expect(result.serverErrors).toBe(0);
    },
  );
});
