import type { Country, Language, MembershipRole, OrganisationKind, PlatformRole, StaffGroup } from "./enums";

/** Every demo account signs in with this password. It is printed in the README. */
export const DEMO_PASSWORD = "CyberBasics-demo-2026";

export interface DemoOrganisation {
  code: string;
  name: string;
  kind: OrganisationKind;
  country?: Country;
  parentCode?: string;
  units: string[];
  contacts?: {
    serviceDeskPhone?: string;
    serviceDeskEmail?: string;
    igLeadName?: string;
    igLeadEmail?: string;
    incidentSystem?: string;
  };
}

export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  { code: "XQ1", name: "Demo Valley Integrated Care Board", kind: "icb", units: [] },
  {
    code: "XA1",
    name: "Riverside University Hospitals NHS Trust",
    kind: "acute-trust",
    parentCode: "XQ1",
    units: ["Ward 7 (Acute Medicine)", "Emergency Department", "Outpatients", "Estates and Facilities", "Pharmacy"],
    contacts: {
      serviceDeskPhone: "01632 960 123",
      serviceDeskEmail: "it.servicedesk@riverside.example",
      igLeadName: "Priya Shah, Data Protection Officer",
      igLeadEmail: "dpo@riverside.example",
      incidentSystem: "Datix",
    },
  },
  {
    code: "X99001",
    name: "Bryn Medical Practice",
    kind: "gp-practice",
    country: "wales",
    parentCode: "XQ1",
    units: ["Reception", "Clinical team"],
  },
  {
    code: "VX001",
    name: "Oak Lodge Care Home",
    kind: "care-provider",
    parentCode: "XQ1",
    units: ["Day care", "Night care"],
  },
];

export interface DemoMembership {
  org: string;
  unit?: string;
  staffGroup: StaffGroup;
  jobRole: string;
  role: MembershipRole;
  /** For a unit manager: the units they manage. */
  manages?: string[];
  startDate: string;
  employeeNumber?: string;
}

export interface DemoAccount {
  email: string;
  givenName: string;
  familyName: string;
  language: Language;
  platformRole: PlatformRole;
  memberships: DemoMembership[];
  /** What the README says this account is for. */
  purpose: string;
}

export const DEMO_ACCOUNTS: DemoAccount[] = [
  {
    email: "nurse@riverside.example",
    givenName: "Amira",
    familyName: "Hussain",
    language: "en-GB",
    platformRole: "none",
    purpose: "learner: staff nurse on Ward 7",
    memberships: [
      {
        org: "XA1",
        unit: "Ward 7 (Acute Medicine)",
        staffGroup: "nursing-midwifery",
        jobRole: "Staff Nurse",
        role: "learner",
        startDate: "2019-04-01",
        employeeNumber: "10000001",
      },
    ],
  },
  {
    email: "manager@riverside.example",
    givenName: "Grace",
    familyName: "Okafor",
    language: "en-GB",
    platformRole: "none",
    purpose: "training manager at Riverside University Hospitals",
    memberships: [
      {
        org: "XA1",
        unit: "Outpatients",
        staffGroup: "admin-clerical",
        jobRole: "Training Manager",
        role: "manager",
        startDate: "2015-09-01",
        employeeNumber: "10000002",
      },
    ],
  },
  {
    email: "ward7.manager@riverside.example",
    givenName: "Kemi",
    familyName: "Adeyemi",
    language: "en-GB",
    platformRole: "none",
    purpose: "unit manager of Ward 7 at Riverside: its figures, exports, reminders and invitations only",
    memberships: [
      {
        org: "XA1",
        unit: "Ward 7 (Acute Medicine)",
        staffGroup: "nursing-midwifery",
        jobRole: "Ward Manager",
        role: "unit-manager",
        manages: ["Ward 7 (Acute Medicine)"],
        startDate: "2017-06-01",
        employeeNumber: "10000009",
      },
    ],
  },
  {
    email: "bank.nurse@riverside.example",
    givenName: "Tomasz",
    familyName: "Nowak",
    language: "en-GB",
    platformRole: "none",
    purpose: "bank nurse in two organisations (Riverside and Oak Lodge)",
    memberships: [
      {
        org: "XA1",
        unit: "Emergency Department",
        staffGroup: "nursing-midwifery",
        jobRole: "Bank Staff Nurse",
        role: "learner",
        startDate: "2024-01-15",
        employeeNumber: "10000003",
      },
      {
        org: "VX001",
        unit: "Night care",
        staffGroup: "nursing-midwifery",
        jobRole: "Registered Nurse",
        role: "learner",
        startDate: "2025-06-01",
        employeeNumber: "OL-0042",
      },
    ],
  },
  {
    email: "receptionist@bryn.example",
    givenName: "Siân",
    familyName: "Llywelyn",
    language: "cy",
    platformRole: "none",
    purpose: "learner who prefers Welsh: GP receptionist",
    memberships: [
      {
        org: "X99001",
        unit: "Reception",
        staffGroup: "admin-clerical",
        jobRole: "Receptionist",
        role: "learner",
        startDate: "2022-02-07",
        employeeNumber: "B-017",
      },
    ],
  },
  {
    email: "manager@bryn.example",
    givenName: "Rhys",
    familyName: "Pritchard",
    language: "en-GB",
    platformRole: "none",
    purpose: "practice manager at Bryn Medical Practice",
    memberships: [
      {
        org: "X99001",
        unit: "Clinical team",
        staffGroup: "admin-clerical",
        jobRole: "Practice Manager",
        role: "manager",
        startDate: "2012-05-01",
        employeeNumber: "B-001",
      },
    ],
  },
  {
    email: "manager@oaklodge.example",
    givenName: "Joy",
    familyName: "Mensah",
    language: "en-GB",
    platformRole: "none",
    purpose: "registered manager at Oak Lodge Care Home",
    memberships: [
      {
        org: "VX001",
        unit: "Day care",
        staffGroup: "social-care",
        jobRole: "Registered Manager",
        role: "manager",
        startDate: "2018-03-12",
        employeeNumber: "OL-0001",
      },
    ],
  },
  {
    email: "carer@oaklodge.example",
    givenName: "Daniel",
    familyName: "Price",
    language: "en-GB",
    platformRole: "none",
    purpose: "learner: care worker, new starter",
    memberships: [
      {
        org: "VX001",
        unit: "Day care",
        staffGroup: "social-care",
        jobRole: "Care Worker",
        role: "learner",
        startDate: "2026-11-16",
        employeeNumber: "OL-0057",
      },
    ],
  },
  {
    email: "analyst@cyberbasics.example",
    givenName: "Priya",
    familyName: "Shah",
    language: "en-GB",
    platformRole: "analyst",
    purpose: "national analyst: figures for every organisation, no names",
    memberships: [],
  },
  {
    email: "admin@cyberbasics.example",
    givenName: "Owen",
    familyName: "Hughes",
    language: "en-GB",
    platformRole: "admin",
    purpose: "system admin: organisations, roles, audit trail",
    memberships: [],
  },
];

/** Extra staff without passwords (awaiting invitation), so figures have something to count. */
export const DEMO_STAFF_NAMES = [
  ["Olivia", "Smith"],
  ["Mohammed", "Ali"],
  ["Chloe", "Jones"],
  ["Kwame", "Boateng"],
  ["Emily", "Taylor"],
  ["Jack", "Brown"],
  ["Aisha", "Begum"],
  ["Harry", "Wilson"],
  ["Megan", "Evans"],
  ["Liam", "Murphy"],
  ["Zara", "Khan"],
  ["Oliver", "Davies"],
  ["Ffion", "Roberts"],
  ["Noah", "Thomas"],
  ["Isla", "Walker"],
  ["Ethan", "Wright"],
  ["Mia", "Robinson"],
  ["Dewi", "Morgan"],
  ["Sophie", "Green"],
  ["Yusuf", "Ahmed"],
  ["Ruby", "Hall"],
  ["Leo", "Clarke"],
  ["Eleri", "Jenkins"],
  ["Adam", "Patel"],
  ["Lily", "Wood"],
  ["Samuel", "Edwards"],
  ["Hannah", "O'Brien"],
  ["Joseph", "Turner"],
  ["Anna", "Kowalska"],
  ["Rosa", "Fernández"],
] as const;
