import { describe, expect, it } from "vitest";
import { dayOf, isoOf } from "~/compliance/days";
import { completionValidUntil, lastDayOf, standingOn, statusOn, type DayCompletion } from "~/learning/status";

/** The rules of README's "Compliance: how we count", one sentence at a time. Dates are UK dates. */
const T = "2026-11-26";
const d = (iso: string) => dayOf(iso);
const done = (iso: string, older = false): DayCompletion => ({ day: d(iso), older });
/** Status and last day (inclusive) for one module, renewal 365, grace 30, started long ago. */
function check(
  completions: DayCompletion[],
  today = T,
  release = "2020-01-01",
  renewalDays = 365,
  graceDays = 30,
  start = "2020-01-01",
) {
  const standing = standingOn(completions, { versionDay: d(release) }, renewalDays, graceDays, d(today));
  return {
    status: statusOn(standing, d(start), graceDays, d(today)),
    lastDay: isoOf(lastDayOf(standing, d(start), graceDays)),
  };
}

describe("training status", () => {
  it("counts a completion until the day before completion date + renewal days: that day is its last ('valid until and including')", () => {
    expect(check([done("2025-11-27")])).toEqual({ status: "due-soon", lastDay: "2026-11-26" });
    expect(check([done("2025-11-26")])).toEqual({ status: "overdue", lastDay: "2026-11-25" });
  });

  it("is due soon in the last 30 days and compliant before them", () => {
    expect(check([done("2025-12-26")]).status).toBe("due-soon");
    expect(check([done("2025-12-27")]).status).toBe("compliant");
  });

  it("follows the renewal period", () => {
    expect(check([done("2026-05-01")], T, "2020-01-01", 180).status).toBe("overdue");
    expect(check([done("2025-06-01")], T, "2020-01-01", 730).status).toBe("compliant");
  });

  it("gives a new starter the grace period, then marks them not started", () => {
    expect(check([], T, "2020-01-01", 365, 30, "2026-10-28")).toEqual({ status: "new-starter", lastDay: "2026-11-26" });
    expect(check([], T, "2020-01-01", 365, 30, "2026-10-27")).toEqual({ status: "not-started", lastDay: "2026-11-25" });
    expect(check([], T, "2020-01-01", 365, 0, T).status).toBe("not-started");
  });

  it("ignores completions after the day asked about", () => {
    expect(check([done("2026-11-27")], T, "2020-01-01", 365, 30, "2026-11-20").status).toBe("new-starter");
  });
});

describe("the retake rule: a new major version released on day R with grace G", () => {
  const R = "2026-11-10";

  it("keeps an older version's completion that is in date on R counting, shown as due soon, until and including R + G, then overdue", () => {
    const c = [done("2026-02-01", true)];
    expect(check(c, "2026-11-09", R).status).toBe("compliant");
    expect(check(c, R, R)).toEqual({ status: "due-soon", lastDay: "2026-12-10" });
    expect(check(c, "2026-12-10", R).status).toBe("due-soon");
    expect(check(c, "2026-12-11", R).status).toBe("overdue");
  });

  it("keeps counting until R + G even when the completion would have run out sooner", () => {
    expect(check([done("2025-11-20", true)], "2026-12-01", R)).toEqual({ status: "due-soon", lastDay: "2026-12-10" });
  });

  it("leaves an older version's completion that had already run out before R overdue: a release never raises compliance", () => {
    const c = [done("2025-11-01", true)];
    expect(check(c, "2026-11-09", R).status).toBe("overdue");
    expect(check(c, R, R).status).toBe("overdue");
    expect(check(c, "2026-11-20", R)).toEqual({ status: "overdue", lastDay: "2026-10-31" });
  });

  it("does not count an older version's completion made on or after R at all", () => {
    expect(check([done(R, true)], "2026-11-20", R, 365, 30, "2026-11-01").status).toBe("new-starter");
    expect(check([done("2026-11-15", true)], "2026-11-20", R).status).toBe("not-started");
    // Nor does it replace an earlier completion that still counts.
    expect(check([done("2026-02-01", true), done("2026-11-15", true)], "2026-11-20", R)).toEqual({
      status: "due-soon",
      lastDay: "2026-12-10",
    });
  });

  it("counts a new version's completion as usual", () => {
    expect(check([done("2026-02-01", true), done("2026-11-12")], "2026-11-20", R)).toEqual({
      status: "compliant",
      lastDay: "2027-11-11",
    });
  });

  it("gives a certificate the same last day", () => {
    const release = { versionDay: d(R) };
    expect(isoOf(completionValidUntil(done("2026-02-01", true), release, 365, 30, d("2026-11-20"))!)).toBe(
      "2026-12-10",
    );
    expect(isoOf(completionValidUntil(done("2026-02-01", true), release, 365, 30, d("2026-11-01"))!)).toBe(
      "2027-01-31",
    );
    expect(completionValidUntil(done("2026-11-15", true), release, 365, 30, d("2026-11-20"))).toBeNull();
    expect(isoOf(completionValidUntil(done("2026-11-15"), release, 365, 30, d("2026-11-20"))!)).toBe("2027-11-14");
  });
});
