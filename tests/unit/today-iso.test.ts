import { afterEach, describe, expect, it, vi } from "vitest";
import { todayIso } from "~/utils/dates";

describe("todayIso (worked out once a minute)", () => {
  afterEach(() => vi.useRealTimers());

  it("moves to the new UK day at midnight UK time, and back when the clock is set back", () => {
    vi.useFakeTimers();
    // 23:59:30 on 30 June in London is 22:59:30 UTC (summer time).
    vi.setSystemTime(new Date("2026-06-30T22:59:30Z"));
    expect(todayIso()).toBe("2026-06-30");
    vi.setSystemTime(new Date("2026-06-30T22:59:59.999Z"));
    expect(todayIso()).toBe("2026-06-30");
    vi.setSystemTime(new Date("2026-06-30T23:00:00Z"));
    expect(todayIso()).toBe("2026-07-01");
    vi.setSystemTime(new Date("2026-06-30T12:00:00Z"));
    expect(todayIso()).toBe("2026-06-30");
  });

  it("gives the date of an instant passed in, whatever today is", () => {
    expect(todayIso(new Date("2026-01-01T00:30:00Z"))).toBe("2026-01-01");
  });
});
