import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { DEFAULT_GRACE_DAYS, DEFAULT_RENEWAL_DAYS, DUE_SOON_DAYS } from "~/learning/status";
import { MIN_PEOPLE } from "~/compliance/suppression";

/** README's "Compliance: how we count" is what the reference implementation is written from: pin its rules. */
const section = (() => {
  const readme = fs.readFileSync("README.md", "utf8");
  const start = readme.indexOf("## Compliance: how we count");
  return readme.slice(start, readme.indexOf("\n## ", start + 5)).replace(/\s+/g, " ");
})();

describe("README: how we count", () => {
  it("states the retake rule as decided", () => {
    for (const words of [
      "A completion of an older major version that is **in date on day R** keeps counting, shown as due soon, until R + G",
      'Then, without a new-version completion, the person is overdue. Their learner dashboard says "complete the new version by <R + G>".',
      "A completion of an older major version that had **already run out before R** stays what it was: overdue.",
      "A completion of an older major version **made on or after R** does not count at all.",
      "The same rule holds on every surface: the learner's dashboard, the manager dashboard, drill-down, the 12-month trend, the DSPT evidence pack, the analyst view, every export, and reminders.",
    ])
      expect(section).toContain(words);
  });

  it("states the suppression rule and the constants the code uses", () => {
    expect(section).toContain(
      `No figure built from fewer than ${MIN_PEOPLE} people is shown: it reads "fewer than ${MIN_PEOPLE}".`,
    );
    expect(section).toContain(
      `the constants: ${DUE_SOON_DAYS} days due soon, ${DEFAULT_RENEWAL_DAYS} days' renewal and ${DEFAULT_GRACE_DAYS} days' grace by default`,
    );
  });
});
