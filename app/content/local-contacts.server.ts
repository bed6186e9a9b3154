import cyContent from "~/i18n/locales/cy/content.json";
import enContent from "~/i18n/locales/en-GB/content.json";
import { CONTACT_TAG, type LocalContactKind } from "./components/local";
import { fill } from "./components/lesson-context";
import type { ContentLanguage } from "./types";

/** An organisation's own contacts as a manager set them; any may be missing. */
export interface LocalContacts {
  serviceDeskPhone: string | null;
  serviceDeskEmail: string | null;
  igLeadName: string | null;
  igLeadEmail: string | null;
  incidentSystem: string | null;
}

export const NO_CONTACTS: LocalContacts = { serviceDeskPhone: null, serviceDeskEmail: null, igLeadName: null, igLeadEmail: null, incidentSystem: null };

const LABELS: Record<ContentLanguage, typeof enContent.content.localContact> = {
  "en-GB": enContent.content.localContact,
  cy: cyContent.content.localContact,
};

const MARKER = new RegExp(`<${CONTACT_TAG} data-kind="([a-z-]+)"></${CONTACT_TAG}>`, "g");

export function hasLocalContacts(html: string): boolean {
  return html.includes(`<${CONTACT_TAG} `);
}

function escape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

const phoneLink = (phone: string) => `<a href="tel:${escape(phone.replace(/[^\d+]/g, ""))}">${escape(phone)}</a>`;
const emailLink = (email: string) => `<a href="mailto:${escape(email)}">${escape(email)}</a>`;

function contactHtml(kind: LocalContactKind, contacts: LocalContacts, language: ContentLanguage): string {
  const labels = LABELS[language];
  const withContact = (what: string, links: string[]) => (links.length > 0 ? fill(labels.withContact, { what, contact: links.join(", ") }) : what);
  const phone = contacts.serviceDeskPhone ? [phoneLink(contacts.serviceDeskPhone)] : [];
  const email = contacts.serviceDeskEmail ? [emailLink(contacts.serviceDeskEmail)] : [];
  switch (kind) {
    case "service-desk":
      return withContact(escape(labels.serviceDesk), [...phone, ...email]);
    case "service-desk-phone":
      return phone[0] ?? escape(labels.serviceDesk);
    case "service-desk-email":
      return email[0] ?? escape(labels.serviceDesk);
    case "ig-lead": {
      const who = contacts.igLeadName ? fill(labels.igLeadNamed, { name: escape(contacts.igLeadName) }) : escape(contacts.igLeadEmail ? labels.igLeadNamedNone : labels.igLead);
      return withContact(who, contacts.igLeadEmail ? [emailLink(contacts.igLeadEmail)] : []);
    }
    case "incident-system":
      return contacts.incidentSystem ? fill(labels.incidentSystemNamed, { name: escape(contacts.incidentSystem) }) : escape(labels.incidentSystem);
  }
}

/** Fills each <LocalContact> marker of a built page with the learner's organisation's contact, or a general phrase. */
export function fillLocalContacts(html: string, contacts: LocalContacts, language: ContentLanguage): string {
  return html.replace(MARKER, (_, kind: string) => contactHtml(kind as LocalContactKind, contacts, language));
}
