import Database from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { dayOf } from "../../app/compliance/days";
import { addDays, todayIso } from "../../app/utils/dates";
import {
  createSeededDatabase,
  sleep,
  startServer,
  type RunningServer,
  type TempDatabase,
} from "../../scripts/bench-harness";

// The server brings the compliance figures up to date by itself, so the first manager to look on a
// new day does not wait for it: no request is made here, only the database is watched.
describe("compliance figures kept current by the running server", () => {
  let database: TempDatabase | undefined;
  let server: RunningServer | undefined;
  afterAll(async () => {
    await server?.stop();
    database?.remove();
  });

  it(
    "moves on to a new day and applies a leaver noted by the triggers, with no request",
    { timeout: 60_000 },
    async () => {
      database = await createSeededDatabase("cyber-basics-rollover-");
      const today = todayIso();
      const yesterday = addDays(today, -1);
      const client = new Database(database.databasePath);
      const leaver = client
        .prepare("SELECT u.id AS id FROM users u WHERE u.email = 'bank.nurse@riverside.example'")
        .get() as { id: string };
      const counted = () =>
        (
          client
            .prepare("SELECT COUNT(*) AS n FROM compliance_rows WHERE user_id = ? AND counted = 1")
            .get(leaver.id) as { n: number }
        ).n;
      const asOf = () =>
        (client.prepare("SELECT as_of_day AS day FROM compliance_state WHERE id = 1").get() as { day: number }).day;
      expect(counted()).toBeGreaterThan(0);
      // The figures were last brought up to date yesterday, and since then she has left.
      client.prepare("UPDATE compliance_state SET as_of_day = ? WHERE id = 1").run(dayOf(yesterday));
      client.prepare("UPDATE memberships SET end_date = ? WHERE user_id = ?").run(yesterday, leaver.id);

      server = await startServer({
        databasePath: database.databasePath,
        outboxDir: database.outboxDir,
        workers: 2,
        env: { COMPLIANCE_CHECK_SECONDS: "1" },
      });
      const deadline = Date.now() + 20_000;
      while (Date.now() < deadline && (asOf() !== dayOf(today) || counted() !== 0)) await sleep(200);
      expect(asOf()).toBe(dayOf(today));
      expect(counted()).toBe(0);
      expect(server.output()).not.toContain("Could not bring the compliance figures up to date");
      client.close();
    },
  );
});
