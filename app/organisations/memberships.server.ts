import { and, eq, gte, isNull, lte, or, sql } from "drizzle-orm";
import { memberships, organisations, units, users } from "@db/schema";
import { preparedQuery } from "~/db.server";
import { todayIso } from "~/utils/dates";

/**
 * The name an organisation's managers see for a member: the name its HR gave (Invite, the staff
 * import, the request to join), or the account's own name where it gave none. Each organisation sees
 * its own spelling; the account's name is the person's.
 */
export const staffGivenName = sql<string>`coalesce(${memberships.hrGivenName}, ${users.givenName})`;
export const staffFamilyName = sql<string>`coalesce(${memberships.hrFamilyName}, ${users.familyName})`;
/** The same in raw SQL, over `m` (memberships) and `u` (users). */
export const STAFF_GIVEN_NAME_SQL = "coalesce(m.hr_given_name, u.given_name)";
export const STAFF_FAMILY_NAME_SQL = "coalesce(m.hr_family_name, u.family_name)";

/** Memberships that count today: started, and not ended before today. Leavers keep their rows. */
/** activeMembershipFilter() in plain SQL, for preparedSql: `m` is the memberships table, `@today` the day. */
export const ACTIVE_MEMBERSHIP_SQL = "m.start_date <= @today AND (m.end_date IS NULL OR m.end_date >= @today)";

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
