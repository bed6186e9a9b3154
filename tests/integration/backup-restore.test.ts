import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { completions, memberships, organisations, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { getQuizBank, listModules } from "~/content/catalogue.server";
import { db } from "~/db.server";
import { env } from "~/env.server";
import { gradeAttempt, startOrResumeAttempt } from "~/quiz/attempts.server";
import type { QuizBank } from "~/content/types";
import { checkBackupConsistency, runScript } from "../../scripts/bench-writes";

/**
 * scripts/backup.ts copies the database while this process keeps grading quizzes into it (the
 * server's write path: attempt, answers, completion and the derived compliance rows in one
 * transaction), and scripts/restore.ts puts the copy back: the copy must be one consistent moment.
 */

let learnerIds: string[];
let banks: QuizBank[];

function addLearner(index: number): string {
  const id = crypto.randomUUID();
  const organisation = db().select().from(organisations).where(eq(organisations.code, "XA1")).get()!;
  db()
    .insert(users)
    .values({ id, email: `backup-${index}@load.example`, givenName: "Backup", familyName: `Learner ${index}` })
    .run();
  db()
    .insert(memberships)
    .values({ userId: id, organisationId: organisation.id, staffGroup: "nursing-midwifery", startDate: "2020-01-01" })
    .run();
  return id;
}

/** One learner takes one quiz, passing or failing, through the app's own grading. */
function takeQuiz(learnerId: string, bank: QuizBank, pass: boolean) {
  const attempt = startOrResumeAttempt(learnerId, bank);
  const answers = Object.fromEntries(
    attempt.questions.map((drawn) => {
      const question = bank.questions.find((q) => q.id === drawn.id)!;
      const options = pass
        ? question.options.filter((o) => o.correct)
        : question.options.filter((o) => !o.correct).slice(0, 1);
      return [drawn.id, options.map((o) => o.id)];
    }),
  );
  return gradeAttempt(attempt, bank, answers);
}

const completionCount = () => db().select({ id: completions.id }).from(completions).all().length;

beforeAll(async () => {
  await seedDemo(db());
  banks = listModules("en-GB").map((m) => getQuizBank(m.slug, "en-GB")!);
  learnerIds = Array.from({ length: 400 }, (_, i) => addLearner(i));
});

describe("online backup and restore", () => {
  it(
    "backs up while quizzes are being graded, and the restored copy is whole and consistent",
    { timeout: 90_000 },
    async () => {
      const dir = path.dirname(env().DATABASE_PATH);
      const backupFile = path.join(dir, "under-load.db");
      const before = completionCount();

      const backup = runScript("backup.ts", ["--db", env().DATABASE_PATH, "--out", backupFile]);
      let finished = false;
      void backup.then(() => (finished = true));
      let graded = 0;
      // Keep writing, one transaction at a time, for as long as the backup process runs.
      for (let i = 0; !finished; i++) {
        const learner = learnerIds[i % learnerIds.length];
        const bank = banks[Math.floor(i / learnerIds.length) % banks.length];
        await takeQuiz(learner, bank, i % 5 !== 0);
        graded++;
        await new Promise((resolve) => setImmediate(resolve));
      }
      const { code, output } = await backup;
      expect(code, output).toBe(0);
      expect(output).toContain("integrity_check: ok");
      const after = completionCount();
      expect(graded).toBeGreaterThan(50);

      const manifest = JSON.parse(fs.readFileSync(`${backupFile}.json`, "utf8"));
      expect(manifest.integrity).toBe("ok");
      // Quizzes were graded while the backup process started and copied: it holds some, not all.
      expect(manifest.counts.completions).toBeGreaterThan(before);
      expect(manifest.counts.completions).toBeLessThanOrEqual(after);

      const restoredPath = path.join(dir, "restored", "app.db");
      const restore = await runScript("restore.ts", [backupFile, "--to", restoredPath, "--yes"]);
      expect(restore.code, restore.output).toBe(0);
      const restored = checkBackupConsistency(restoredPath);
      expect(restored).toMatchObject({ integrity: "ok", inconsistent: 0, completions: manifest.counts.completions });
    },
  );

  it(
    "keeps the database it replaces, WAL and all, and refuses a backup that changed since it was made",
    { timeout: 60_000 },
    async () => {
      const dir = path.join(path.dirname(env().DATABASE_PATH), "second");
      fs.mkdirSync(dir, { recursive: true });
      const backupFile = path.join(dir, "backup.db");
      expect((await runScript("backup.ts", ["--db", env().DATABASE_PATH, "--out", backupFile])).code).toBe(0);

      // A target in use until just now: a database with its -wal and -shm beside it.
      const target = path.join(dir, "live.db");
      fs.copyFileSync(env().DATABASE_PATH, target);
      fs.writeFileSync(`${target}-wal`, "");
      const restored = await runScript("restore.ts", [backupFile, "--to", target, "--yes"]);
      expect(restored.code, restored.output).toBe(0);
      const kept = fs.readdirSync(dir).filter((f) => f.startsWith("live.db.before-restore-"));
      expect(kept.some((f) => !f.endsWith("-wal"))).toBe(true);
      expect(kept.some((f) => f.endsWith("-wal"))).toBe(true);
      expect(checkBackupConsistency(target)).toMatchObject({ integrity: "ok", inconsistent: 0 });

      // One byte changed after the backup was made: restore refuses and leaves the target alone.
      const damaged = path.join(dir, "damaged.db");
      fs.copyFileSync(backupFile, damaged);
      fs.copyFileSync(`${backupFile}.json`, `${damaged}.json`);
      const fd = fs.openSync(damaged, "r+");
      fs.writeSync(fd, Buffer.from([0x42]), 0, 1, 5000);
      fs.closeSync(fd);
      const targetBytes = fs.readFileSync(target);
      const refused = await runScript("restore.ts", [damaged, "--to", target, "--yes"]);
      expect(refused.code).not.toBe(0);
      expect(refused.output).toContain("does not match its manifest");
      expect(fs.readFileSync(target).equals(targetBytes)).toBe(true);
    },
  );

  it("refuses to restore without --yes", async () => {
    const result = await runScript("restore.ts", [
      env().DATABASE_PATH,
      "--to",
      path.join(path.dirname(env().DATABASE_PATH), "never.db"),
    ]);
    expect(result.code).not.toBe(0);
    expect(fs.existsSync(path.join(path.dirname(env().DATABASE_PATH), "never.db"))).toBe(false);
  });
});
