import { STAFF_GROUPS, type StaffGroup } from "@db/enums";

/** The staff group names NHS ESR exports use, plus social care, for each of our ids. */
export const ESR_STAFF_GROUP_NAMES: Record<StaffGroup, string> = {
  "add-prof-scientific-technical": "Add Prof Scientific and Technic",
  "additional-clinical-services": "Additional Clinical Services",
  "admin-clerical": "Administrative and Clerical",
  "allied-health-professionals": "Allied Health Professionals",
  "estates-ancillary": "Estates and Ancillary",
  "healthcare-scientists": "Healthcare Scientists",
  "medical-dental": "Medical and Dental",
  "nursing-midwifery": "Nursing and Midwifery Registered",
  students: "Students",
  "social-care": "Social Care",
};

const squash = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, "");

const LOOKUP = new Map<string, StaffGroup>(STAFF_GROUPS.flatMap((id) => [[squash(id), id] as const, [squash(ESR_STAFF_GROUP_NAMES[id]), id] as const]));

/** Our id for a staff group given as our id or its ESR name, in any case and spacing; null when unknown. */
export function staffGroupFromText(text: string): StaffGroup | null {
  return LOOKUP.get(squash(text)) ?? null;
}
