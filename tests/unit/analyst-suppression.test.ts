import { describe, expect, it } from "vitest";
import { ROW_COUNTS, ROW_SUMS, suppressRow, type RowCount } from "~/compliance/suppression";

function row(counts: Partial<Record<RowCount, number>>): Record<RowCount, number> {
  const r = Object.fromEntries(ROW_COUNTS.map((k) => [k, 0])) as Record<RowCount, number>;
  Object.assign(r, counts);
  r.inDate = r.compliant + r.dueSoon;
  r.counted = r.inDate + r.overdue + r.notStarted;
  r.people = r.counted + r.newStarters;
  return r;
}

function leavesOneHidden(shown: Record<RowCount, number | null>): boolean {
  return ROW_SUMS.some(([sum, parts]) => [sum, ...parts].filter((k) => shown[k] === null).length === 1);
}

describe("small-number suppression of a row of counts", () => {
  it("hides 1 to 4 and withholds nothing when no hidden count could be worked out", () => {
    expect(suppressRow(row({ compliant: 20, overdue: 6 }))).toEqual({
      counts: {
        people: 26,
        newStarters: 0,
        counted: 26,
        inDate: 20,
        compliant: 20,
        dueSoon: 0,
        overdue: 6,
        notStarted: 0,
      },
      withheld: [],
    });
  });

  it("withholds everyone, not the people counted, when new starters are 1 to 4", () => {
    const { counts, withheld } = suppressRow(row({ compliant: 30, overdue: 7, newStarters: 2 }));
    expect(counts).toMatchObject({ people: null, newStarters: null, counted: 37, inDate: 30 });
    expect(withheld).toEqual(["people"]);
  });

  it("withholds another part of a sum, and of every sum that then shows all but one", () => {
    const { counts, withheld } = suppressRow(row({ compliant: 8, overdue: 2 }));
    // counted 10 = in date 8 + overdue 2 (hidden) + not started 0: in date goes, then what makes it up.
    expect(counts).toMatchObject({ counted: 10, overdue: null, inDate: null, compliant: null, dueSoon: 0 });
    expect(withheld).toEqual(["inDate", "compliant"]);
    expect(leavesOneHidden(counts)).toBe(false);
  });

  it("never leaves a sum with one hidden term, on many rows", () => {
    for (let i = 0; i < 2000; i++) {
      const pick = () => [0, 0, 1, 2, 3, 4, 5, 6, 8, 12, 40][Math.floor(Math.random() * 11)];
      const values = row({
        compliant: pick(),
        dueSoon: pick(),
        overdue: pick(),
        notStarted: pick(),
        newStarters: pick(),
      });
      const { counts, withheld } = suppressRow(values);
      expect(leavesOneHidden(counts), JSON.stringify(values)).toBe(false);
      for (const k of ROW_COUNTS) {
        if (values[k] > 0 && values[k] < 5) expect(counts[k]).toBeNull();
        if (counts[k] !== null) expect(counts[k]).toBe(values[k]);
        if (withheld.includes(k)) expect(values[k]).toBeGreaterThanOrEqual(5);
      }
    }
  });
});
