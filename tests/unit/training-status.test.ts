import { describe, expect, it } from "vitest";
import { trainingStatus, type StatusInput } from "~/learning/status";

const base: StatusInput = { today: "2026-11-26", renewalDays: 365, graceDays: 30, startDate: "2020-01-01", lastCompletedOn: null, retakeRequiredFrom: null };
const status = (overrides: Partial<StatusInput>) => trainingStatus({ ...base, ...overrides });

describe("training status", () => {
  it("counts a completion until the day before it expires, then is overdue on the expiry day", () => {
    expect(status({ lastCompletedOn: "2025-11-27" })).toEqual({ status: "due-soon", dueOn: "2026-11-27", expiresOn: "2026-11-27" });
    expect(status({ lastCompletedOn: "2025-11-26" })).toEqual({ status: "overdue", dueOn: "2026-11-26", expiresOn: "2026-11-26" });
    expect(status({ lastCompletedOn: "2025-11-25" }).status).toBe("overdue");
  });

  it("is due soon in the last 30 days and compliant before them", () => {
    // expires 2026-12-26: 30 days away
    expect(status({ lastCompletedOn: "2025-12-26" }).status).toBe("due-soon");
    // expires 2026-12-27: 31 days away
    expect(status({ lastCompletedOn: "2025-12-27" }).status).toBe("compliant");
    expect(status({ lastCompletedOn: "2026-11-26" })).toEqual({ status: "compliant", dueOn: "2027-11-26", expiresOn: "2027-11-26" });
  });

  it("follows the renewal period", () => {
    expect(status({ lastCompletedOn: "2026-05-01", renewalDays: 180 }).status).toBe("overdue");
    expect(status({ lastCompletedOn: "2026-06-01", renewalDays: 730 }).status).toBe("compliant");
  });

  it("gives a new starter the grace period, then marks them not started", () => {
    expect(status({ startDate: "2026-10-28" })).toEqual({ status: "new-starter", dueOn: "2026-11-27", expiresOn: null });
    expect(status({ startDate: "2026-10-27" })).toEqual({ status: "not-started", dueOn: "2026-11-26", expiresOn: null });
    expect(status({ startDate: "2026-11-26", graceDays: 0 }).status).toBe("not-started");
  });

  it("asks for a retake within the grace period when a new major version replaces the completion", () => {
    expect(status({ retakeRequiredFrom: "2026-11-20" })).toEqual({ status: "due-soon", dueOn: "2026-12-20", expiresOn: null });
    expect(status({ retakeRequiredFrom: "2026-10-01" })).toEqual({ status: "overdue", dueOn: "2026-10-31", expiresOn: null });
  });
});
