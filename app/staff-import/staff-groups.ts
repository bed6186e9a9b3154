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

/** The other names HR files use for each group: NHS workforce statistics' wording, short forms, the untruncated ESR name. */
export const STAFF_GROUP_SHORT_FORMS: Record<StaffGroup, string[]> = {
  "add-prof-scientific-technical": [
    "Add Prof Scientific and Technical",
    "Additional Professional Scientific and Technical",
    "Scientific Therapeutic and Technical",
    "ST&T",
    "AddProf",
  ],
  "additional-clinical-services": [
    "Additional Clinical",
    "Support to Clinical Staff",
    "Clinical Support",
    "ACS",
    "Healthcare Assistants",
    "Healthcare Support Workers",
    "HCA",
    "Support to doctors, nurses and midwives",
  ],
  "admin-clerical": [
    "Admin and Clerical",
    "Administrative & Clerical",
    "Admin & Clerical",
    "A&C",
    "Admin",
    "Administrative",
  ],
  "allied-health-professionals": ["AHP", "AHPs", "Allied Health Professional", "Allied Health"],
  "estates-ancillary": ["Estates & Ancillary", "Estates", "Ancillary", "Facilities"],
  "healthcare-scientists": ["Healthcare Scientist", "Healthcare Science", "HCS"],
  "medical-dental": ["Medical & Dental", "Medical", "Doctors", "M&D", "Medical and Dental Staff"],
  "nursing-midwifery": [
    "Nursing and Midwifery",
    "Nursing & Midwifery Registered",
    "Nursing & Midwifery",
    "Registered Nursing",
    "Nursing",
    "Nurses",
    "Midwifery",
    "N&M",
  ],
  students: ["Student"],
  "social-care": ["Care", "Adult Social Care", "Care Staff"],
};

const squash = (text: string) =>
  text
    .toLowerCase()
    .replace(/&/g, "and")
    .replace(/[^a-z0-9]+/g, "");

const LOOKUP = new Map<string, StaffGroup>(
  STAFF_GROUPS.flatMap((id) =>
    [id, ESR_STAFF_GROUP_NAMES[id], ...STAFF_GROUP_SHORT_FORMS[id]].map((name) => [squash(name), id] as const),
  ),
);

/** Our id for a staff group given as our id, its ESR name or a common short form, in any case and spacing; null when unknown. */
export function staffGroupFromText(text: string): StaffGroup | null {
  return LOOKUP.get(squash(text)) ?? null;
}

/** The names to suggest when a staff group is not recognised. */
export const ACCEPTED_STAFF_GROUP_NAMES = Object.values(ESR_STAFF_GROUP_NAMES).join(", ");
