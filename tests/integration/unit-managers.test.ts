import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, organisations, units, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
import { loader as dashboardLoader } from "~/routes/manage.$org._index";
import { action, loader } from "~/routes/manage.$org.unit-managers";
import { loader as staffLoader } from "~/routes/manage.$org.staff";
import { signIn } from "../support/auth";
import { callRoute } from "../support/routes";

let manager: string;
let unitIds: Map<string, number>;

beforeAll(async () => {
  await seedDemo(db());
  manager = await signIn("manager@riverside.example");
  const xa1 = db().select().from(organisations).where(eq(organisations.code, "XA1")).get()!;
  unitIds = new Map(
    db()
      .select()
      .from(units)
      .where(eq(units.organisationId, xa1.id))
      .all()
      .map((u) => [u.name, u.id]),
  );
});

const post = (form: Record<string, string>, cookie = manager) =>
  callRoute(action as never, { params: { org: "XA1" }, cookie, form });

describe("an organisation's manager chooses its unit managers", () => {
  it("lists the demo unit manager with Ward 7", async () => {
    const page = await callRoute(loader as never, { params: { org: "XA1" }, cookie: manager });
    expect(page.status).toBe(200);
    expect(page.data.managers).toEqual([
      expect.objectContaining({ email: "ward7.manager@riverside.example", units: ["Ward 7 (Acute Medicine)"] }),
    ]);
  });

  it("makes a member a unit manager of the chosen units, audited, and they then see those units only", async () => {
    const pharmacy = unitIds.get("Pharmacy")!;
    const outpatients = unitIds.get("Outpatients")!;
    const saved = await post({
      email: "nurse@riverside.example",
      [`unit-${pharmacy}`]: "yes",
      [`unit-${outpatients}`]: "yes",
    });
    expect(saved.status).toBe(200);
    expect(saved.data.done).toBe("saved");

    const nurse = db().select().from(users).where(eq(users.email, "nurse@riverside.example")).get()!;
    const audit = db()
      .select()
      .from(auditEvents)
      .where(and(eq(auditEvents.action, "role-changed"), eq(auditEvents.subjectUserId, nurse.id)))
      .all();
    expect(audit).toHaveLength(1);
    expect(audit[0].details).toMatchObject({ role: { from: "learner", to: "unit-manager" } });

    const cookie = await signIn("nurse@riverside.example");
    const dashboard = await callRoute(dashboardLoader as never, {
      params: { org: "XA1" },
      cookie,
      path: "/manage/XA1",
    });
    expect(dashboard.status).toBe(200);
    expect(dashboard.data.options.units.map((u: { id: number }) => u.id).sort()).toEqual(
      [pharmacy, outpatients].sort(),
    );
    const staff = await callRoute(staffLoader as never, { params: { org: "XA1" }, cookie });
    expect(JSON.stringify(staff.data)).not.toContain("Ward 7");

    const listed = await callRoute(loader as never, { params: { org: "XA1" }, cookie: manager });
    const entry = listed.data.managers.find((m: { email: string }) => m.email === "nurse@riverside.example");
    expect(entry.units).toEqual(["Outpatients", "Pharmacy"]);
    const removed = await post({ intent: "remove", membershipId: String(entry.membershipId) });
    expect(removed.data.done).toBe("removed");
    const refused = await callRoute(dashboardLoader as never, { params: { org: "XA1" }, cookie, path: "/manage/XA1" });
    expect(refused.status).toBe(403);
  });

  it("refuses no units, an email not in the staff list, and a training manager", async () => {
    const ward = unitIds.get("Ward 7 (Acute Medicine)")!;
    expect((await post({ email: "nurse@riverside.example" })).data.errors.unitIds).toBe(
      "manage.unitManagers.errors.unitsRequired",
    );
    expect((await post({ email: "receptionist@bryn.example", [`unit-${ward}`]: "yes" })).data.errors.email).toBe(
      "manage.unitManagers.errors.notMember",
    );
    expect((await post({ email: "manager@riverside.example", [`unit-${ward}`]: "yes" })).data.errors.email).toBe(
      "manage.unitManagers.errors.isManager",
    );
  });

  it("is not a unit manager's page", async () => {
    const cookie = await signIn("ward7.manager@riverside.example");
    const result = await post({ email: "nurse@riverside.example", [`unit-${unitIds.get("Pharmacy")}`]: "yes" }, cookie);
    expect(result.status).toBe(403);
  });
});
