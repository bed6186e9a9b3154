import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, organisations } from "@db/schema";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
import { action, loader } from "~/routes/manage.$org.target";
import { signIn } from "../support/auth";
import { callRoute } from "../support/routes";

let manager: string;
beforeAll(async () => {
  await seedDemo(db());
  manager = await signIn("manager@riverside.example");
});

const riversideTarget = () =>
  db().select().from(organisations).where(eq(organisations.code, "XA1")).get()!.complianceTarget;

describe("compliance target", () => {
  it("starts at 95% and a manager can change it, recorded in the audit trail", async () => {
    expect((await callRoute(loader, { cookie: manager, params: { org: "XA1" } })).data.target).toBe(95);
    const saved = await callRoute(action, { cookie: manager, params: { org: "XA1" }, form: { target: "90" } });
    expect(saved.data.saved).toBe(true);
    expect(riversideTarget()).toBe(90);
    const audit = db().select().from(auditEvents).where(eq(auditEvents.action, "target-changed")).all();
    expect(audit.map((a) => a.details)).toEqual([{ from: 95, to: 90 }]);
  });

  it.each(["", "0", "101", "92.5", "ninety"])("refuses %j and changes nothing", async (target) => {
    const result = await callRoute(action, { cookie: manager, params: { org: "XA1" }, form: { target } });
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({ target: "manage.target.errors.invalid" });
    expect(riversideTarget()).toBe(90);
  });
});
