import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, todayIso } from "~/utils/dates";
import { buildFixtureContent, fixtureContentFolder } from "./compliance-fixture-content";

const content = fixtureContentFolder();
beforeAll(async () => {
  const versionDate = addDays(todayIso(), -1000);
  await buildFixtureContent(
    content,
    ["spotting-phishing", "passwords-and-access", "protecting-information", "reporting-incidents"].map((slug, i) => ({
      slug,
      version: "1.0.0",
      versionDate,
      order: i + 1,
    })),
  );
});
afterAll(() => content.cleanUp());

describe("scripts/bench-compliance.ts", () => {
  it("generates a small national dataset and prints every figure", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench-compliance.ts", "--scale", "0.001"], {
      encoding: "utf8",
      env: { ...process.env, CONTENT_BUILD_DIR: content.outDir },
      timeout: 120_000,
    });
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.status).toBe(0);
    const out = run.stdout;
    expect(out).toMatch(
      /Scale 0\.001: 2 organisations under 1 parents, 3,000 staff \([\d,]+ memberships\), [\d,]+ completions/,
    );
    expect(out).toMatch(
      /trust dashboard main table \(unit x staff group x module, [\d,]+ staff, \d+ cells\): [\d.]+ ms \(target < 20 ms\)/,
    );
    expect(out).toMatch(/national organisation x module table \(10 rows\): [\d.]+ ms \(target < 250 ms\)/);
    expect(out).toMatch(/12-month trend for the trust \(all required training\): [\d.]+ ms/);
    expect(out).toMatch(/the trust's whole dashboard \(every query the page makes\): [\d.]+ ms/);
    expect(out).toMatch(/first read of a new day: \d+ ms to move on [\d,]+ rows of leavers and starters/);
    expect(out).toMatch(
      /staff CSV export \(every organisation in turn\): [\d,]+ rows in [\d.]+ s = [\d,]+ rows\/s, peak RSS \d+ MB/,
    );
    expect(out).toMatch(
      /write path: [\d,]+ completions through recordCompletion in [\d.]+ s = [\d,]+\/s \(target >= 2,000\/s\)/,
    );
    const completions = Number(/([\d,]+) completions\n/.exec(out)![1].replaceAll(",", ""));
    expect(completions).toBeGreaterThan(15_000);
  }, 150_000);

  it("explains itself", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "scripts/bench-compliance.ts", "--help"], {
      encoding: "utf8",
    });
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("--scale");
  });
});
