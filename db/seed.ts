import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import { eq } from "drizzle-orm";
import { hashPassword } from "../app/auth/password.server";
import { seedDemoTraining } from "../app/compliance/demo-training.server";
import { seedDefaultCourseMappings } from "../app/prior-learning/course-mappings.server";
import type { Db } from "./client";
import { DEMO_ACCOUNTS, DEMO_ORGANISATIONS, DEMO_PASSWORD, DEMO_STAFF_NAMES, type DemoMembership } from "./demo-data";
import { memberships, membershipUnits, organisations, units, users, type StaffGroup } from "./schema";

/** The seed writes only to a file under the project or the temp folder, unless forced. */
export function assertSafeSeedPath(file: string, projectRoot: string, force = false): void {
  if (force) return;
  const resolved = path.resolve(file);
  const allowed = [path.resolve(projectRoot), path.resolve(os.tmpdir())];
  if (!allowed.some((root) => resolved.startsWith(root + path.sep))) {
    throw new Error(
      `Refusing to seed ${resolved}: it is not under the project (${allowed[0]}) or the temp folder. Pass --force if you really mean it.`,
    );
  }
}

function newUserId(): string {
  return crypto.randomUUID();
}

const EXTRA_STAFF_PLACES: Array<{ org: string; unit: string; staffGroup: StaffGroup; jobRole: string }> = [
  { org: "XA1", unit: "Ward 7 (Acute Medicine)", staffGroup: "nursing-midwifery", jobRole: "Staff Nurse" },
  {
    org: "XA1",
    unit: "Ward 7 (Acute Medicine)",
    staffGroup: "additional-clinical-services",
    jobRole: "Healthcare Assistant",
  },
  { org: "XA1", unit: "Emergency Department", staffGroup: "medical-dental", jobRole: "Specialty Doctor" },
  { org: "XA1", unit: "Emergency Department", staffGroup: "nursing-midwifery", jobRole: "Sister" },
  { org: "XA1", unit: "Outpatients", staffGroup: "admin-clerical", jobRole: "Medical Secretary" },
  { org: "XA1", unit: "Estates and Facilities", staffGroup: "estates-ancillary", jobRole: "Porter" },
  { org: "XA1", unit: "Pharmacy", staffGroup: "add-prof-scientific-technical", jobRole: "Pharmacist" },
  { org: "XA1", unit: "Outpatients", staffGroup: "allied-health-professionals", jobRole: "Physiotherapist" },
  { org: "X99001", unit: "Clinical team", staffGroup: "medical-dental", jobRole: "GP" },
  { org: "VX001", unit: "Night care", staffGroup: "social-care", jobRole: "Senior Care Worker" },
];

/** Adds the demo organisations and people. Running it again changes nothing. */
export async function seedDemo(db: Db): Promise<{ seeded: boolean }> {
  const existing = db.select({ id: organisations.id }).from(organisations).where(eq(organisations.code, "XA1")).get();
  if (existing) return { seeded: false };

  const passwordHash = await hashPassword(DEMO_PASSWORD);

  db.transaction((tx) => {
    const orgIds = new Map<string, number>();
    const unitIds = new Map<string, number>();
    for (const org of DEMO_ORGANISATIONS) {
      const row = tx
        .insert(organisations)
        .values({
          code: org.code,
          name: org.name,
          kind: org.kind,
          country: org.country ?? "england",
          ...org.contacts,
          parentId: org.parentCode ? orgIds.get(org.parentCode) : null,
        })
        .returning({ id: organisations.id })
        .get();
      orgIds.set(org.code, row.id);
      for (const name of org.units) {
        const unit = tx.insert(units).values({ organisationId: row.id, name }).returning({ id: units.id }).get();
        unitIds.set(`${org.code}/${name}`, unit.id);
      }
    }

    const addMembership = (userId: string, m: DemoMembership) => {
      const membership = tx
        .insert(memberships)
        .values({
          userId,
          organisationId: orgIds.get(m.org)!,
          unitId: m.unit ? unitIds.get(`${m.org}/${m.unit}`) : null,
          staffGroup: m.staffGroup,
          jobRole: m.jobRole,
          employeeNumber: m.employeeNumber ?? null,
          role: m.role,
          startDate: m.startDate,
        })
        .returning({ id: memberships.id })
        .get();
      for (const unit of m.manages ?? []) {
        tx.insert(membershipUnits)
          .values({ membershipId: membership.id, unitId: unitIds.get(`${m.org}/${unit}`)! })
          .run();
      }
    };

    for (const account of DEMO_ACCOUNTS) {
      const id = newUserId();
      tx.insert(users)
        .values({
          id,
          email: account.email,
          givenName: account.givenName,
          familyName: account.familyName,
          language: account.language,
          platformRole: account.platformRole,
          passwordHash,
        })
        .run();
      for (const m of account.memberships) addMembership(id, m);
    }

    DEMO_STAFF_NAMES.forEach(([givenName, familyName], index) => {
      const place = EXTRA_STAFF_PLACES[index % EXTRA_STAFF_PLACES.length];
      const id = newUserId();
      const email =
        `${givenName}.${familyName}`
          .toLowerCase()
          .normalize("NFD")
          .replace(/[^a-z.]/g, "") + `@${place.org.toLowerCase()}.example`;
      tx.insert(users).values({ id, email, givenName, familyName }).run();
      addMembership(id, {
        ...place,
        role: "learner",
        startDate: `20${String(15 + (index % 11)).padStart(2, "0")}-0${1 + (index % 9)}-01`,
        employeeNumber: `${place.org}-${String(2000 + index)}`,
      });
    });
  });

  seedDefaultCourseMappings(db);
  seedDemoTraining(
    db,
    DEMO_ORGANISATIONS.map((o) => o.code),
  );
  return { seeded: true };
}
