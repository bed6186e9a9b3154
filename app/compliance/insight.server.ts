import type Database from "better-sqlite3";
import type { Scope } from "~/auth/scope";
import { listModules } from "~/content/catalogue.server";
import type { ContentLanguage } from "~/content/types";
import { db } from "~/db.server";
import { todayIso } from "~/utils/dates";
import { prepared } from "./figures.server";
import { MIN_PEOPLE } from "./suppression";
import { clientOf, type AnyDatabase } from "./store.server";

/**
 * Learning-outcome insight: of the answers people gave on their first attempt at a module's quiz,
 * the share that were right, per outcome and staff group. Read from counters the quiz triggers keep
 * (compliance_outcome_counts, and compliance_outcome_unit_counts for a unit manager's units), so there
 * is nothing per person to read, and a staff group with fewer than MIN_PEOPLE first attempts is not
 * shown on its own: a manager could otherwise tell who it was.
 */
export { MIN_PEOPLE };

export interface OutcomeCell {
  answers: number;
  correct: number;
  /** Null when too few people to show. */
  percent: number | null;
}

export interface ModuleInsight {
  slug: string;
  title: string;
  /** Staff groups, then OTHER_GROUPS for the small ones merged together. */
  groups: { group: string; members: string[]; people: number; shown: boolean }[];
  people: number;
  outcomes: { id: string; text: string; byGroup: OutcomeCell[]; all: OutcomeCell }[];
}

export const OTHER_GROUPS = "other";

/**
 * Staff groups with fewer than MIN_PEOPLE first attempts are merged into one "other groups" column. While
 * that column is itself too small to show, the next smallest group joins it, so no hidden group's figure
 * can be worked out by subtracting the shown groups from the all-staff figure.
 */
export function protectSmallGroups(groups: { group: string; people: number }[]): ModuleInsight["groups"] {
  const sorted = [...groups].sort((a, b) => a.people - b.people || a.group.localeCompare(b.group));
  const merged = sorted.filter((g) => g.people < MIN_PEOPLE);
  const shown = sorted.filter((g) => g.people >= MIN_PEOPLE);
  let mergedPeople = merged.reduce((n, g) => n + g.people, 0);
  while (mergedPeople > 0 && mergedPeople < MIN_PEOPLE && shown.length > 0) {
    const next = shown.shift()!;
    merged.push(next);
    mergedPeople += next.people;
  }
  const result = shown
    .sort((a, b) => a.group.localeCompare(b.group))
    .map((g) => ({ group: g.group, members: [g.group], people: g.people, shown: true }));
  if (merged.length > 0)
    result.push({
      group: OTHER_GROUPS,
      members: merged.map((g) => g.group),
      people: mergedPeople,
      shown: mergedPeople >= MIN_PEOPLE,
    });
  return result;
}

function cell(answers: number, correct: number, shown: boolean): OutcomeCell {
  return { answers, correct, percent: shown && answers > 0 ? Math.round((correct * 1000) / answers) / 10 : null };
}

interface OutcomeCountRow {
  moduleSlug: string;
  outcomeId: string;
  staffGroup: string;
  answers: number;
  correct: number;
  people: number;
}

const OUTCOME_COUNT_COLUMNS =
  "module_slug AS moduleSlug, outcome_id AS outcomeId, staff_group AS staffGroup, SUM(answers) AS answers, SUM(correct) AS correct, SUM(people) AS people";

/** The scope's counts up to `month`, summed over months (and a unit manager's units) per module, outcome and staff group. */
function countsInScope(client: Database.Database, scope: Scope, month: string): OutcomeCountRow[] {
  if (scope.unitIds === null)
    return prepared<[number, string], OutcomeCountRow>(
      client,
      `SELECT ${OUTCOME_COUNT_COLUMNS}
     FROM compliance_outcome_counts WHERE organisation_id = ? AND month <= ? GROUP BY 1, 2, 3`,
    ).all(scope.organisationId, month);
  return prepared<[number, string, string], OutcomeCountRow>(
    client,
    `SELECT ${OUTCOME_COUNT_COLUMNS}
     FROM compliance_outcome_unit_counts WHERE organisation_id = ? AND unit_id IN (SELECT value FROM json_each(?)) AND month <= ? GROUP BY 1, 2, 3`,
  ).all(scope.organisationId, JSON.stringify(scope.unitIds), month);
}

/**
 * Every first attempt up to the month of `until` (a person's first attempt is once ever, so a window
 * would leave out everyone who started before it): one entry per module with any first attempts.
 * A unit manager's figures are their units' counts summed, then protected like the organisation's.
 */
export function outcomeInsight(
  scope: Scope,
  language: ContentLanguage,
  until = todayIso(),
  database: AnyDatabase = db(),
): ModuleInsight[] {
  const rows = countsInScope(clientOf(database), scope, until.slice(0, 7));
  const catalogue = listModules(language);
  return catalogue.flatMap((module) => {
    const mine = rows.filter((r) => r.moduleSlug === module.slug);
    const peopleRows = mine.filter((r) => r.outcomeId === "");
    if (peopleRows.length === 0) return [];
    const people = peopleRows.reduce((n, r) => n + r.answers, 0);
    const groups = protectSmallGroups(peopleRows.map((r) => ({ group: r.staffGroup, people: r.answers })));
    const knownOutcomes = new Map(module.outcomes.map((o) => [o.id, o.text]));
    const outcomeIds = [
      ...new Set([
        ...module.outcomes.map((o) => o.id),
        ...mine.filter((r) => r.outcomeId !== "").map((r) => r.outcomeId),
      ]),
    ];
    return [
      {
        slug: module.slug,
        title: module.title,
        groups,
        people,
        outcomes: outcomeIds
          .map((id) => {
            const answered = mine.filter((r) => r.outcomeId === id);
            // Each figure needs MIN_PEOPLE people who answered on this outcome, not only in the group.
            const peopleIn = groups.map((g) =>
              answered.filter((a) => g.members.includes(a.staffGroup)).reduce((n, r) => n + r.people, 0),
            );
            const shown = groups.map((g, i) => g.shown && peopleIn[i] >= MIN_PEOPLE);
            const allPeople = answered.reduce((n, r) => n + r.people, 0);
            const allShown = allPeople >= MIN_PEOPLE;
            // One hidden group beside a shown total could be worked out by subtraction: hide the next smallest too.
            if (allShown && shown.filter((x) => !x).length === 1 && groups.length > 1) {
              const next = shown
                .map((x, i) => (x ? i : -1))
                .filter((i) => i >= 0)
                .sort((a, b) => peopleIn[a] - peopleIn[b])[0];
              if (next !== undefined) shown[next] = false;
            }
            const byGroup = groups.map((g, i) => {
              const inGroup = answered.filter((a) => g.members.includes(a.staffGroup));
              return cell(
                inGroup.reduce((n, r) => n + r.answers, 0),
                inGroup.reduce((n, r) => n + r.correct, 0),
                shown[i],
              );
            });
            const answers = answered.reduce((n, r) => n + r.answers, 0);
            const correct = answered.reduce((n, r) => n + r.correct, 0);
            return {
              id,
              text: knownOutcomes.get(id) ?? id,
              byGroup,
              all: cell(answers, correct, allShown && people >= MIN_PEOPLE),
            };
          })
          .filter((o) => o.all.answers > 0),
      },
    ];
  });
}
