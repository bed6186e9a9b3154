import { alias } from "drizzle-orm/sqlite-core";
import { and, eq, inArray, isNotNull } from "drizzle-orm";
import { completions, users } from "@db/schema";
import { db } from "~/db.server";
import { isoOf } from "~/compliance/days";
import { ukDate } from "~/utils/dates";

/** Where a completion done elsewhere came from, shown beside it: "Recorded in ESR by Jo Bloggs on 3 March 2026". */
export interface RecordedElsewhere {
  /** The system named at import: "ESR", "Oak Lodge LMS". */
  source: string;
  /** Who imported it; null once their account has gone. */
  importedBy: string | null;
  /** The UK date it was imported (YYYY-MM-DD). */
  importedOn: string;
}

/** Key of a completion by person, module and the UK day it was completed. */
export const recordedKey = (userId: string, moduleSlug: string, completedOn: string) =>
  `${userId}|${moduleSlug}|${completedOn}`;

const importer = alias(users, "importer");

/** The imported completions of these people (of one module, if given), by recordedKey. */
export function recordedElsewhere(userIds: readonly string[], moduleSlug?: string): Map<string, RecordedElsewhere> {
  const found = new Map<string, RecordedElsewhere>();
  const unique = [...new Set(userIds)];
  for (let i = 0; i < unique.length; i += 500) {
    const rows = db()
      .select({
        userId: completions.userId,
        moduleSlug: completions.moduleSlug,
        completedAt: completions.completedAt,
        source: completions.source,
        importedAt: completions.importedAt,
        givenName: importer.givenName,
        familyName: importer.familyName,
      })
      .from(completions)
      .leftJoin(importer, eq(importer.id, completions.importedByUserId))
      .where(
        and(
          inArray(completions.userId, unique.slice(i, i + 500)),
          isNotNull(completions.source),
          moduleSlug ? eq(completions.moduleSlug, moduleSlug) : undefined,
        ),
      )
      .all();
    for (const row of rows) {
      found.set(recordedKey(row.userId, row.moduleSlug, ukDate(row.completedAt)), {
        source: row.source!,
        importedBy: row.givenName === null ? null : `${row.givenName} ${row.familyName}`,
        importedOn: ukDate(row.importedAt ?? row.completedAt),
      });
    }
  }
  return found;
}

/**
 * Each row with the system its last completion was recorded in (null: done here), for a list of
 * people and their last completion day (a day number) of one module, or of any module when none.
 */
export function withRecordedSource<T extends { userId: string; lastDay: number | null }>(
  rows: T[],
  moduleSlug: string | undefined,
): Array<T & { recordedIn: string | null }> {
  const found = recordedElsewhere(
    rows.filter((r) => r.lastDay !== null).map((r) => r.userId),
    moduleSlug,
  );
  const byPersonAndDay = new Map<string, string>();
  for (const [key, record] of found) {
    const [userId, , completedOn] = key.split("|");
    byPersonAndDay.set(`${userId}|${completedOn}`, record.source);
  }
  return rows.map((row) => ({
    ...row,
    recordedIn: row.lastDay === null ? null : (byPersonAndDay.get(`${row.userId}|${isoOf(row.lastDay)}`) ?? null),
  }));
}
