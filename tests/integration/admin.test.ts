import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, membershipUnits, memberships, organisations, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
import { loader as auditLoader } from "~/routes/admin.audit";
import {
  action as editOrganisationAction,
  loader as editOrganisationLoader,
} from "~/routes/admin.organisations_.$code";
import { action as organisationsAction } from "~/routes/admin.organisations";
import { action as roleAction, loader as userLoader } from "~/routes/admin.users.$userId";
import { loader as searchLoader } from "~/routes/admin.users._index";
import { signIn } from "../support/auth";
import { callRoute } from "../support/routes";

let admin: string;
beforeAll(async () => {
  await seedDemo(db());
  admin = await signIn("admin@cyberbasics.example");
});

const userId = (email: string) => db().select().from(users).where(eq(users.email, email)).get()!.id;

describe("system admin", () => {
  it("finds people and changes a membership role, recorded in the audit trail", async () => {
    const found = await callRoute(searchLoader, { cookie: admin, path: "/admin/users?q=hussain" });
    expect(found.data.results.map((u: { email: string }) => u.email)).toEqual(["nurse@riverside.example"]);

    const nurse = userId("nurse@riverside.example");
    const page = await callRoute(userLoader, { cookie: admin, params: { userId: nurse } });
    const membershipId = page.data.user.memberships[0].membershipId;
    const changed = await callRoute(roleAction, {
      cookie: admin,
      params: { userId: nurse },
      form: { intent: "membership-role", membershipId: String(membershipId), role: "manager" },
    });
    expect(changed.data.saved).toBe(true);
    expect(db().select().from(memberships).where(eq(memberships.id, membershipId)).get()!.role).toBe("manager");

    const audit = await callRoute(auditLoader, { cookie: admin, path: "/admin/audit" });
    const latest = audit.data.rows[0];
    expect(latest).toMatchObject({
      action: "role-changed",
      actorEmail: "admin@cyberbasics.example",
      subjectEmail: "nurse@riverside.example",
    });
    expect(latest.details).toEqual({ role: { from: "learner", to: "manager" } });
    expect(audit.data.rows.some((r: { action: string }) => r.action === "sign-in")).toBe(true);
  });

  it("finds emails holding _ or % as typed, and only those", async () => {
    for (const email of ["jo_smith@riverside.example", "jo%smith@riverside.example", "joxsmith@riverside.example"]) {
      db().insert(users).values({ id: crypto.randomUUID(), email, givenName: "Jo", familyName: "Smith" }).run();
    }
    const search = async (q: string) =>
      (
        await callRoute(searchLoader, { cookie: admin, path: `/admin/users?q=${encodeURIComponent(q)}` })
      ).data.results.map((u: { email: string }) => u.email);
    expect(await search("jo_smith")).toEqual(["jo_smith@riverside.example"]);
    expect(await search("jo%smith")).toEqual(["jo%smith@riverside.example"]);
    expect((await search("smith@riverside")).sort()).toEqual([
      "jo%smith@riverside.example",
      "jo_smith@riverside.example",
      "joxsmith@riverside.example",
    ]);
  });

  it("rejects an unknown role and changes nothing", async () => {
    const carer = userId("carer@oaklodge.example");
    const result = await callRoute(roleAction, {
      cookie: admin,
      params: { userId: carer },
      form: { intent: "platform-role", platformRole: "superuser" },
    });
    expect(result.status).toBe(400);
    expect(db().select().from(users).where(eq(users.id, carer)).get()!.platformRole).toBe("none");
  });

  it("makes no one a unit manager without units, and a former unit manager's units go with the role", async () => {
    const membershipOf = (email: string) =>
      db()
        .select()
        .from(memberships)
        .where(eq(memberships.userId, userId(email)))
        .get()!;
    const unitsOf = (membershipId: number) =>
      db().select().from(membershipUnits).where(eq(membershipUnits.membershipId, membershipId)).all();
    const auditCount = () => db().select().from(auditEvents).all().length;

    const carer = membershipOf("carer@oaklodge.example");
    const before = auditCount();
    const refused = await callRoute(roleAction, {
      cookie: admin,
      params: { userId: carer.userId },
      form: { intent: "membership-role", membershipId: String(carer.id), role: "unit-manager" },
    });
    expect(refused.status).toBe(400);
    expect(refused.data.errors).toEqual({ [`role-${carer.id}`]: "admin.errors.unitManagerHere" });
    expect(membershipOf("carer@oaklodge.example").role).toBe(carer.role);
    expect(auditCount()).toBe(before);

    const ward7 = membershipOf("ward7.manager@riverside.example");
    expect(ward7.role).toBe("unit-manager");
    expect(unitsOf(ward7.id).length).toBeGreaterThan(0);
    const kept = await callRoute(roleAction, {
      cookie: admin,
      params: { userId: ward7.userId },
      form: { intent: "membership-role", membershipId: String(ward7.id), role: "unit-manager" },
    });
    expect(kept.data).toEqual({ errors: {}, saved: true });
    expect(unitsOf(ward7.id).length).toBeGreaterThan(0);
    expect(auditCount()).toBe(before);

    const learner = await callRoute(roleAction, {
      cookie: admin,
      params: { userId: ward7.userId },
      form: { intent: "membership-role", membershipId: String(ward7.id), role: "learner" },
    });
    expect(learner.data.saved).toBe(true);
    expect(membershipOf("ward7.manager@riverside.example").role).toBe("learner");
    expect(unitsOf(ward7.id)).toEqual([]);
  });

  it("will not change a membership through another person's page", async () => {
    const carer = userId("carer@oaklodge.example");
    const otherMembership = db()
      .select()
      .from(memberships)
      .where(eq(memberships.userId, userId("manager@bryn.example")))
      .get()!;
    const result = await callRoute(roleAction, {
      cookie: admin,
      params: { userId: carer },
      form: { intent: "membership-role", membershipId: String(otherMembership.id), role: "learner" },
    });
    expect(result.status).toBe(404);
    expect(db().select().from(memberships).where(eq(memberships.id, otherMembership.id)).get()!.role).toBe("manager");
  });

  it("adds an organisation under a parent, and refuses a duplicate code", async () => {
    const added = await callRoute(organisationsAction, {
      cookie: admin,
      form: {
        code: "xb2",
        name: "Hillside Community Trust",
        kind: "community-trust",
        country: "wales",
        parentCode: "XQ1",
      },
    });
    expect(added.data.added).toBe(true);
    const row = db().select().from(organisations).where(eq(organisations.code, "XB2")).get()!;
    expect(row.name).toBe("Hillside Community Trust");
    expect(row.country).toBe("wales");
    const noCountry = await callRoute(organisationsAction, {
      cookie: admin,
      form: { code: "XB4", name: "Nowhere", kind: "gp-practice" },
    });
    expect(noCountry.data.errors).toEqual({ country: "admin.errors.countryRequired" });
    const duplicate = await callRoute(organisationsAction, {
      cookie: admin,
      form: { code: "XB2", name: "Again", kind: "community-trust", country: "england" },
    });
    expect(duplicate.data.errors).toEqual({ code: "admin.errors.codeTaken" });
    const badParent = await callRoute(organisationsAction, {
      cookie: admin,
      form: { code: "XB3", name: "Orphan", kind: "gp-practice", country: "england", parentCode: "NOPE" },
    });
    expect(badParent.data.errors).toEqual({ parentCode: "admin.errors.parentUnknown" });
    expect(db().select().from(organisations).where(eq(organisations.code, "XB3")).get()).toBeUndefined();
  });

  it("changes an organisation's country, refusing a value that is not England or Wales", async () => {
    expect((await callRoute(editOrganisationLoader, { cookie: admin, params: { code: "VX001" } })).data).toMatchObject({
      code: "VX001",
      country: "england",
    });
    const refused = await callRoute(editOrganisationAction, {
      cookie: admin,
      params: { code: "VX001" },
      form: { country: "scotland" },
    });
    expect(refused.status).toBe(400);
    expect(refused.data.errors).toEqual({ country: "admin.errors.countryRequired" });
    expect(db().select().from(organisations).where(eq(organisations.code, "VX001")).get()!.country).toBe("england");
    const changed = await callRoute(editOrganisationAction, {
      cookie: admin,
      params: { code: "vx001" },
      form: { country: "wales" },
    });
    expect(changed.location).toBe("/admin/organisations");
    expect(db().select().from(organisations).where(eq(organisations.code, "VX001")).get()!.country).toBe("wales");
    expect((await callRoute(editOrganisationLoader, { cookie: admin, params: { code: "NOPE" } })).status).toBe(404);
  });
});
