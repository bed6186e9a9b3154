import { and, eq, gte, isNull, lte, or, sql } from "drizzle-orm";
import { memberships, organisations, units } from "@db/schema";
import { preparedQuery } from "~/db.server";
import { todayIso } from "~/utils/dates";

/** Memberships that count today: started, and not ended before today. Leavers keep their rows. */
export function activeMembershipFilter(today = todayIso()) {
  return and(lte(memberships.startDate, today), or(isNull(memberships.endDate), gte(memberships.endDate, today)));
}

const activeMembershipsQuery = preparedQuery((database) =>
  database
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
    .where(
      and(
        eq(memberships.userId, sql.placeholder("userId")),
        activeMembershipFilter(sql.placeholder("today") as unknown as string),
      ),
    )
    .orderBy(organisations.name)
    .prepare(),
);

/** Someone's memberships that count today, with their organisation and unit: every dashboard asks. */
export function listActiveMemberships(userId: string) {
  return activeMembershipsQuery().all({ userId, today: todayIso() });
}

export type ActiveMembership = ReturnType<typeof listActiveMemberships>[number];
