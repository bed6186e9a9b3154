import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { completions, memberships, organisations, requirements, users } from "@db/schema";
import { seedDemoTraining } from "~/compliance/demo-training.server";
import { staffList } from "~/compliance/figures.server";
import { ensureComplianceCurrent } from "~/compliance/store.server";
import { db } from "~/db.server";
import { RULES_VERSION } from "~/learning/status";
import { addDays, todayIso, ukDate } from "~/utils/dates";
import { buildFixtureContent, fixtureContentFolder } from "./compliance-fixture-content";

const T = todayIso();
const d = (n: number) => addDays(T, n);
const content = fixtureContentFolder();
process.env.CONTENT_BUILD_DIR = content.outDir;
let org: number;
let moduleId: number;

beforeAll(async () => {
  await buildFixtureContent(content, [
    { slug: "new-module", version: "1.0.0", versionDate: d(-20), order: 1 },
    { slug: "renewed-module", version: "2.0.0", versionDate: d(-100), order: 2 },
  ]);
  const database = db();
  database
    .insert(requirements)
    .values([{ moduleSlug: "new-module" }, { moduleSlug: "renewed-module" }])
    .run();
  org = database
    .insert(organisations)
    .values({ code: "RV1", name: "Rules Trust", kind: "acute-trust" })
    .returning()
    .get().id;
  const id = database
    .insert(users)
    .values({ id: crypto.randomUUID(), email: "rita@rules.example", givenName: "Rita", familyName: "Rules" })
    .returning()
    .get().id;
  database
    .insert(memberships)
    .values({ userId: id, organisationId: org, staffGroup: "admin-clerical", startDate: d(-2000) })
    .run();
  ensureComplianceCurrent(database, T);
  moduleId = (
    database.$client.prepare("SELECT id FROM compliance_modules WHERE slug = 'renewed-module'").get() as { id: number }
  ).id;
});
afterAll(() => content.cleanUp());

describe("the derived tables record the rules that built them", () => {
  it("rebuilds at the next check when the recorded rules version differs", () => {
    const client = db().$client;
    expect(client.prepare("SELECT rules_version FROM compliance_state").get()).toEqual({
      rules_version: RULES_VERSION,
    });
    // Rows built by older rules: tamper with one, and mark the state as built by version 1.
    client
      .prepare(
        "UPDATE compliance_rows SET never = 0, soon_day = 999999, valid_day = 999999, overdue_day = 999999 WHERE organisation_id = ?",
      )
      .run(org);
    expect(staffList(org, { moduleId }, "name", false, 1, T).rows[0].status).toBe("compliant");
    client.prepare("UPDATE compliance_state SET rules_version = 1").run();
    ensureComplianceCurrent(db(), T);
    expect(client.prepare("SELECT rules_version FROM compliance_state").get()).toEqual({
      rules_version: RULES_VERSION,
    });
    expect(staffList(org, { moduleId }, "name", false, 1, T).rows[0].status).toBe("not-started");
  });
});

describe("demo training", () => {
  it("respects each module's version dates: none before a first version's date, the older major version before a new one's", () => {
    seedDemoTraining(db(), ["RV1"], T);
    const rows = db().select().from(completions).all();
    expect(rows.length).toBeGreaterThan(0);
    for (const c of rows) {
      const date = ukDate(c.completedAt);
      if (c.moduleSlug === "new-module") expect(date >= d(-20), `${date}`).toBe(true);
      else expect(c.majorVersion, date).toBe(date >= d(-100) ? 2 : 1);
    }
  });
});

describe("no copy of the status constants in SQL", () => {
  it("has no literal 30 (or 365) day arithmetic outside the rules module", () => {
    const files = ["app/compliance", "app/reminders", "app/learning"].flatMap((dir) =>
      fs
        .readdirSync(dir)
        .filter((f) => /\.tsx?$/.test(f))
        .map((f) => path.join(dir, f)),
    );
    const offending = files
      .filter((f) => f !== path.join("app/learning", "status.ts"))
      .flatMap((f) =>
        fs
          .readFileSync(f, "utf8")
          .split("\n")
          .map((line, i) => ({ f, i: i + 1, line }))
          .filter(
            ({ line }) =>
              /(_day|day|today|:soon)\s*[-+]\s*(30|365)\b|[<>]=?\s*(30|365)\b/i.test(line) &&
              !/width|fontSize|min:|max:/.test(line),
          ),
      );
    expect(offending.map((o) => `${o.f}:${o.i}: ${o.line.trim()}`)).toEqual([]);
  });
});
