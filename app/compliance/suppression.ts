import type { TFunction } from "i18next";

/**
 * No figure built from fewer than MIN_PEOPLE people is shown (README, "Compliance: how we count"):
 * learning-outcome insight, the evidence pack and the analyst view say "fewer than 5" instead.
 * Plain TypeScript: the pages use it too.
 */
export const MIN_PEOPLE = 5;

/** A count, or null when it is below MIN_PEOPLE (and not zero: "none" discloses nobody). */
export function suppressedCount(n: number): number | null {
  return n > 0 && n < MIN_PEOPLE ? null : n;
}

export const ROW_COUNTS = [
  "people",
  "newStarters",
  "counted",
  "inDate",
  "compliant",
  "dueSoon",
  "overdue",
  "notStarted",
] as const;
export type RowCount = (typeof ROW_COUNTS)[number];

/**
 * How one row's counts add up: everyone = counted + new starters; counted = in date + overdue + not
 * started; in date = more than 30 days left + due soon. A row that shows all but one term of a sum shows
 * that term too, however it is labelled.
 */
export const ROW_SUMS: [total: RowCount, parts: RowCount[]][] = [
  ["people", ["counted", "newStarters"]],
  ["counted", ["inDate", "overdue", "notStarted"]],
  ["inDate", ["compliant", "dueSoon"]],
];

/** Above this, a withheld figure beside a hidden one leaves every value from 1 to 4 possible for it. */
const SAFE_COMPLEMENT = 8;

export interface SuppressedRow {
  /** Each count, or null when not shown. */
  counts: Record<RowCount, number | null>;
  /** The counts of 5 or more hidden only because they would let a hidden one be worked out ("not shown"). */
  withheld: RowCount[];
}

/**
 * Small-number suppression for one row of counts: counts of 1 to 4 are hidden ("fewer than 5"), then,
 * while a sum shows all but one of its terms, one more term is withheld so the hidden one cannot be
 * worked out by subtraction. The withheld term is everyone when the hidden one is counted or new
 * starters (everyone is in no other sum, so the percentage's figures stay), otherwise the smallest
 * part of 8 or more (the largest when none is), and the sum's total only when no part can be.
 * alsoWithhold: counts to withhold from the start, e.g. a total's where one row's is hidden.
 */
export function suppressRow(values: Record<RowCount, number>, alsoWithhold: RowCount[] = []): SuppressedRow {
  const hidden = new Set(ROW_COUNTS.filter((k) => suppressedCount(values[k]) === null));
  const withheld = alsoWithhold.filter((k) => !hidden.has(k));
  for (const k of withheld) hidden.add(k);
  const withhold = (k: RowCount) => {
    hidden.add(k);
    withheld.push(k);
  };
  for (let changed = true; changed;) {
    changed = false;
    for (const [total, parts] of ROW_SUMS) {
      const terms = [total, ...parts];
      if (terms.filter((k) => hidden.has(k)).length !== 1) continue;
      if (total === "people" && !hidden.has(total)) {
        withhold(total);
      } else {
        const shownParts = parts.filter((k) => !hidden.has(k) && values[k] > 0).sort((a, b) => values[a] - values[b]);
        const part = shownParts.find((k) => values[k] >= SAFE_COMPLEMENT) ?? shownParts.at(-1);
        withhold(part ?? total);
      }
      changed = true;
    }
  }
  const counts = Object.fromEntries(ROW_COUNTS.map((k) => [k, hidden.has(k) ? null : values[k]])) as Record<
    RowCount,
    number | null
  >;
  return { counts, withheld };
}

/** A hidden figure's label: "fewer than 5", or "not shown" when it is 5 or more withheld beside one. */
export function hiddenLabel(r: { withheld: RowCount[] }, field: RowCount, t: TFunction): string {
  return r.withheld.includes(field) ? t("compliance.analyst.notShown") : t("compliance.outcomes.tooFew");
}

/** The percentage's text when there is none: the reason its people counted are hidden, "not shown", or nothing (nobody counted). */
export function missingPercentLabel(r: { counted: number | null; withheld: RowCount[] }, t: TFunction): string {
  if (r.counted === null) return hiddenLabel(r, "counted", t);
  return r.counted > 0 ? t("compliance.analyst.notShown") : "";
}
