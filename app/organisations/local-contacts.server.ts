import { and, asc, eq, sql } from "drizzle-orm";
import { z } from "zod";
import type { Country } from "@db/enums";
import { memberships, organisations, type Organisation } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import type { LocalContacts } from "~/content/local-contacts.server";
import { db, preparedQuery } from "~/db.server";
import { todayIso } from "~/utils/dates";
import { activeMembershipFilter } from "./memberships.server";

export interface LearnerOrganisation extends LocalContacts {
  country: Country;
}

const learnerOrganisationQuery = preparedQuery((database) =>
  database
    .select({
      country: organisations.country,
      serviceDeskPhone: organisations.serviceDeskPhone,
      serviceDeskEmail: organisations.serviceDeskEmail,
      igLeadName: organisations.igLeadName,
      igLeadEmail: organisations.igLeadEmail,
      incidentSystem: organisations.incidentSystem,
    })
    .from(memberships)
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(
      and(
        eq(memberships.userId, sql.placeholder("userId")),
        activeMembershipFilter(sql.placeholder("today") as unknown as string),
      ),
    )
    .orderBy(asc(memberships.startDate), asc(organisations.id))
    .limit(1)
    .prepare(),
);

/**
 * The organisation whose nation and contacts a learner's lessons show: their active membership that
 * started first (a bank nurse's home trust, usually). Null for someone with no organisation. Every
 * lesson page with nation blocks or local contacts asks, so the query is prepared once.
 */
export function learnerOrganisation(userId: string): LearnerOrganisation | null {
  return learnerOrganisationQuery().get({ userId, today: todayIso() }) ?? null;
}

// Every field is on the form, even when left blank: a post without one did not come from the page.
const optional = (max: number, message: string) =>
  z
    .string({ error: message })
    .trim()
    .max(max, message)
    .transform((v) => (v === "" ? null : v));

export const LocalContactsSchema = z.object({
  serviceDeskPhone: optional(30, "manage.contacts.errors.phone").refine(
    (v) => v === null || /^\+?[\d ()-]{6,30}$/.test(v),
    "manage.contacts.errors.phone",
  ),
  serviceDeskEmail: optional(254, "manage.contacts.errors.email").refine(
    (v) => v === null || z.email().safeParse(v).success,
    "manage.contacts.errors.email",
  ),
  igLeadName: optional(120, "manage.contacts.errors.tooLong"),
  igLeadEmail: optional(254, "manage.contacts.errors.email").refine(
    (v) => v === null || z.email().safeParse(v).success,
    "manage.contacts.errors.email",
  ),
  incidentSystem: optional(80, "manage.contacts.errors.tooLong"),
});

export function contactsOf(organisation: Organisation): LocalContacts {
  const { serviceDeskPhone, serviceDeskEmail, igLeadName, igLeadEmail, incidentSystem } = organisation;
  return { serviceDeskPhone, serviceDeskEmail, igLeadName, igLeadEmail, incidentSystem };
}

/** Saves the contacts lessons show this organisation's staff, with an audit record of the change. */
export function setLocalContacts(actorUserId: string, organisation: Organisation, contacts: LocalContacts): void {
  db().transaction((tx) => {
    tx.update(organisations).set(contacts).where(eq(organisations.id, organisation.id)).run();
    recordAudit(
      {
        action: "contacts-changed",
        actorUserId,
        organisationId: organisation.id,
        details: { from: contactsOf(organisation), to: contacts },
      },
      tx,
    );
  });
}
