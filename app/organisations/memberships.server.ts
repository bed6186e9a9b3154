import { and, eq, gte, isNull, lte, or } from "drizzle-orm";
import { memberships, organisations, units } from "@db/schema";
import { db } from "~/db.server";
import { todayIso } from "~/utils/dates";

/** Memberships that count today: started, and not ended before today. Leavers keep their rows. */
export function activeMembershipFilter(today = todayIso()) {
  return and(lte(memberships.startDate, today), or(isNull(memberships.endDate), gte(memberships.endDate, today)));
}

export function listActiveMemberships(userId: string) {
  return db()
    .select({
      membershipId: memberships.id,
      role: memberships.role,
      staffGroup: memberships.staffGroup,
      jobRole: memberships.jobRole,
      startDate: memberships.startDate,
      endDate: memberships.endDate,
      organisationId: organisations.id,
      organisationCode: organisations.code,
      organisationName: organisations.name,
      unitName: units.name,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .leftJoin(units, eq(units.id, memberships.unitId))
    .where(and(eq(memberships.userId, userId), activeMembershipFilter()))
    .orderBy(organisations.name)
    .all();
}

export type ActiveMembership = ReturnType<typeof listActiveMemberships>[number];
