import { eq } from "drizzle-orm";
import { z } from "zod";
import type { Country } from "@db/enums";
import { organisations, type Organisation } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import type { LocalContacts } from "~/content/local-contacts.server";
import { db, preparedSql } from "~/db.server";
import { todayIso } from "~/utils/dates";
import { ACTIVE_MEMBERSHIP_SQL } from "./memberships.server";

export interface LearnerOrganisation extends LocalContacts {
  country: Country;
}

const learnerOrganisationQuery = preparedSql<{ userId: string; today: string }, LearnerOrganisation>(
  `SELECT o.country, o.service_desk_phone AS serviceDeskPhone, o.service_desk_email AS serviceDeskEmail,
     o.ig_lead_name AS igLeadName, o.ig_lead_email AS igLeadEmail, o.incident_system AS incidentSystem
   FROM memberships m JOIN organisations o ON o.id = m.organisation_id
   WHERE m.user_id = @userId AND ${ACTIVE_MEMBERSHIP_SQL}
   ORDER BY m.start_date, o.id
   LIMIT 1`,
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
