import { and, eq, inArray, type SQL } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Scope } from "./scope";

/** The drizzle condition for rows within a scope: the organisation, and for a unit manager their units. */
export function withinScope(scope: Scope, organisationColumn: SQLiteColumn, unitColumn: SQLiteColumn): SQL {
  return and(
    eq(organisationColumn, scope.organisationId),
    scope.unitIds === null ? undefined : inArray(unitColumn, scope.unitIds),
  )!;
}
