// Enumerations shared by the schema and the UI. No drizzle imports here: routes import this file,
// and it must stay small in the browser bundle.

export const ORGANISATION_KINDS = [
  "acute-trust",
  "mental-health-trust",
  "ambulance-trust",
  "community-trust",
  "icb",
  "gp-practice",
  "care-provider",
  "region",
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** The nation whose NHS and care rules an organisation works under: lessons show blocks for it. */
export const COUNTRIES = ["england", "wales"] as const;
export type Country = (typeof COUNTRIES)[number];

export const LANGUAGES = ["en-GB", "cy"] as const;
export type Language = (typeof LANGUAGES)[number];

/** Platform-wide roles. Learner and manager are per organisation: see memberships. */
export const PLATFORM_ROLES = ["none", "analyst", "admin"] as const;
export type PlatformRole = (typeof PLATFORM_ROLES)[number];

/** The NHS staff groups used by ESR and NHS workforce statistics, plus social care. */
export const STAFF_GROUPS = [
  "add-prof-scientific-technical",
  "additional-clinical-services",
  "admin-clerical",
  "allied-health-professionals",
  "estates-ancillary",
  "healthcare-scientists",
  "medical-dental",
  "nursing-midwifery",
  "students",
  "social-care",
] as const;
export type StaffGroup = (typeof STAFF_GROUPS)[number];

/**
 * Per organisation. A manager manages the whole organisation; a unit manager only the units listed for
 * their membership in membership_units (see app/auth/scope.ts for what each may do).
 */
export const MEMBERSHIP_ROLES = ["learner", "manager", "unit-manager"] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];
/** The roles Invite offers: a unit manager is made one of chosen units on the unit managers page. */
export const INVITE_ROLES = ["learner", "manager"] as const satisfies readonly MembershipRole[];
/** The membership roles that open the manager area. */
export const MANAGER_ROLES = ["manager", "unit-manager"] as const satisfies readonly MembershipRole[];

/** The ID token claim that holds a person's work email: `email`, or what Microsoft Entra ID sends. */
export const SSO_EMAIL_CLAIMS = ["email", "preferred_username", "upn"] as const;
export type SsoEmailClaim = (typeof SSO_EMAIL_CLAIMS)[number];
