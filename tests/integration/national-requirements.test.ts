import { and, eq, isNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, requirements } from "@db/schema";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
import { action, loader } from "~/routes/admin.requirements";
import { signIn } from "../support/auth";
import { useFixtureContent } from "../support/content";
import { callRoute } from "../support/routes";

const content = useFixtureContent();
let admin: string;
let manager: string;
beforeAll(async () => {
  await content.ready;
  await seedDemo(db());
  admin = await signIn("admin@cyberbasics.example");
  manager = await signIn("manager@riverside.example");
});

const nationalRows = (slug: string) =>
  db()
    .select()
    .from(requirements)
    .where(and(isNull(requirements.organisationId), eq(requirements.moduleSlug, slug)))
    .all();

describe("national default requirements", () => {
  it("a system admin makes a new module required for everyone, in the app, with the audit trail", async () => {
    expect(nationalRows("password-basics")).toEqual([]);
    const saved = await callRoute(action, {
      cookie: admin,
      form: {
        intent: "save",
        moduleSlug: "password-basics",
        staffGroup: "",
        required: "yes",
        renewalDays: "365",
        graceDays: "30",
      },
    });
    expect(saved.data.done).toBe("saved");
    expect(nationalRows("password-basics")).toMatchObject([
      { staffGroup: null, required: true, renewalDays: 365, graceDays: 30 },
    ]);

    const page = await callRoute(loader, { cookie: admin });
    expect(page.data.modules.find((m: { slug: string }) => m.slug === "password-basics").lines).toMatchObject([
      { scope: "national", required: true },
    ]);

    const events = db().select().from(auditEvents).where(eq(auditEvents.action, "requirements-changed")).all();
    expect(events.at(-1)).toMatchObject({
      organisationId: null,
      details: {
        scope: "national",
        moduleSlug: "password-basics",
        before: null,
        after: { required: true, renewalDays: 365, graceDays: 30 },
      },
    });

    const [row] = nationalRows("password-basics");
    const removed = await callRoute(action, { cookie: admin, form: { intent: "remove", id: String(row.id) } });
    expect(removed.data.done).toBe("removed");
    expect(nationalRows("password-basics")).toEqual([]);
  });

  it("refuses bad input with a clear message and changes nothing", async () => {
    const before = db().select().from(requirements).all();
    const bad = await callRoute(action, {
      cookie: admin,
      form: {
        intent: "save",
        moduleSlug: "no-such-module",
        staffGroup: "",
        required: "yes",
        renewalDays: "5",
        graceDays: "30",
      },
    });
    expect(bad.status).toBe(400);
    expect(bad.data.errors).toMatchObject({
      moduleSlug: "requirementsEditor.errors.moduleRequired",
      renewalDays: "requirementsEditor.errors.renewalInvalid",
    });
    expect(db().select().from(requirements).all()).toEqual(before);
  });

  it("is for system admins only", async () => {
    const refused = await callRoute(action, {
      cookie: manager,
      form: {
        intent: "save",
        moduleSlug: "password-basics",
        staffGroup: "",
        required: "yes",
        renewalDays: "365",
        graceDays: "30",
      },
    });
    expect(refused.status).toBe(403);
    expect(nationalRows("password-basics")).toEqual([]);
  });
});
