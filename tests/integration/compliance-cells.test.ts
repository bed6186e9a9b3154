import { describe, expect, it } from "vitest";
import { queryCells } from "~/compliance/figures.server";
import { EMPTY_TALLY, rowStatus, type StatusDates, type Tally } from "~/compliance/status";
import { db } from "~/db.server";

/**
 * The dashboard's main table against the status rules applied row by row in TypeScript, for cells of
 * every size: small ones (counted in one packed sum) and one of more than 2^15 people (too big for the
 * packed sum's fields, so counted the plain way). Rows are written straight into compliance_rows of
 * organisations no other test uses.
 */
const TODAY = 20_000;
const BIG_CELL = 33_000;
const COLUMNS = ["compliant", "dueSoon", "overdue", "notStarted", "newStarters"] as const;
const FIELD = {
  compliant: "compliant",
  "due-soon": "dueSoon",
  overdue: "overdue",
  "not-started": "notStarted",
  "new-starter": "newStarters",
} as const;

/** A row's dates, varied so every status turns up: new starters, never started, in date, due soon, overdue. */
function datesFor(i: number): StatusDates {
  const never = i % 5 === 0 ? 1 : 0;
  const validDay = TODAY - 60 + (i % 97);
  return {
    never,
    soonDay: never ? null : validDay - 30,
    validDay,
    overdueDay: never ? null : i % 7 === 0 ? TODAY + 5 : validDay,
  };
}

/** All in date: the count that would spill out of its field in a packed sum. */
const inDate = (): StatusDates => ({ never: 0, soonDay: TODAY + 100, validDay: TODAY + 130, overdueDay: TODAY + 130 });

function insertRows(
  organisationId: number,
  cells: { unitId: number; people: number; dates?: (i: number) => StatusDates }[],
): Map<string, Tally> {
  const client = db().$client;
  const insert = client.prepare(
    `INSERT INTO compliance_rows (organisation_id, module_id, unit_id, staff_group, user_id, counted, never, soon_day,
       valid_day, overdue_day, last_day, start_day, end_day, renewal_days, grace_days)
     VALUES (?, 1, ?, 'nursing', ?, 1, ?, ?, ?, ?, NULL, 0, NULL, 365, 30)`,
  );
  const expected = new Map<string, Tally>();
  client.transaction(() => {
    let i = 0;
    for (const cell of cells) {
      const tally = { ...EMPTY_TALLY };
      for (let n = 0; n < cell.people; n++, i++) {
        const dates = (cell.dates ?? datesFor)(i);
        insert.run(
          organisationId,
          cell.unitId,
          `u${organisationId}-${i}`,
          dates.never,
          dates.soonDay,
          dates.validDay,
          dates.overdueDay,
        );
        tally.people++;
        tally[FIELD[rowStatus(dates, TODAY) as keyof typeof FIELD]]++;
      }
      expected.set(String(cell.unitId), tally);
    }
  })();
  return expected;
}

function counted(organisationId: number): Map<string, Tally> {
  const cells = queryCells(db().$client, organisationId, {}, TODAY);
  return new Map(
    cells.map((c) => [
      String(c.unitId),
      { people: c.people, ...Object.fromEntries(COLUMNS.map((k) => [k, c[k]])) } as Tally,
    ]),
  );
}

describe("the dashboard's main table", () => {
  it("counts small cells by the status rules", () => {
    const expected = insertRows(910_001, [
      { unitId: 1, people: 1 },
      { unitId: 2, people: 250 },
      { unitId: 3, people: 5_000 },
    ]);
    expect(counted(910_001)).toEqual(expected);
    expect([...expected.values()].every((t) => COLUMNS.every((k) => t[k] > 0) || t.people === 1)).toBe(true);
  });

  it("counts a cell of more than 2^15 people by the status rules too", () => {
    const expected = insertRows(910_002, [
      { unitId: 1, people: BIG_CELL, dates: inDate },
      { unitId: 2, people: 40 },
      { unitId: 3, people: BIG_CELL },
    ]);
    const figures = counted(910_002);
    expect(figures.get("1")!.compliant).toBe(BIG_CELL);
    expect(figures).toEqual(expected);
  });
});
