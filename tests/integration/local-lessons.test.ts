import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, organisations } from "@db/schema";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
import { loader as lessonLoader } from "~/routes/learn.$module.$page";
import { action as contactsAction, loader as contactsLoader } from "~/routes/manage.$org.contacts";
import { signIn } from "../support/auth";
import { useFixtureContent } from "../support/content";
import { callRoute } from "../support/routes";

const content = useFixtureContent("tests/fixtures/content/quiz");
const SLUG = "balanced-quiz";
let nurse: string;
let receptionist: string;
let brynManager: string;

beforeAll(async () => {
  await content.ready;
  await seedDemo(db());
  nurse = await signIn("nurse@riverside.example");
  receptionist = await signIn("receptionist@bryn.example");
  brynManager = await signIn("manager@bryn.example");
});

/** The lesson as a client-side navigation gets it: its HTML in the loader data. */
async function lessonHtml(cookie: string): Promise<string> {
  const result = await callRoute(lessonLoader, { cookie, params: { module: SLUG, page: "3" } });
  expect(result.status).toBe(200);
  return result.data.page.html;
}

const bryn = () => db().select().from(organisations).where(eq(organisations.code, "X99001")).get()!;

describe("lessons that depend on the learner's organisation", () => {
  it("shows staff in England the England block and their organisation's own contacts", async () => {
    const html = await lessonHtml(nurse);
    expect(html).toContain("Data Security and Protection Toolkit");
    expect(html).not.toContain("health board");
    expect(html).toContain(
      'your IT service desk (<a href="tel:01632960123">01632 960 123</a>, <a href="mailto:it.servicedesk@riverside.example">it.servicedesk@riverside.example</a>)',
    );
    expect(html).toContain(
      'your information governance (IG) lead, Priya Shah, Data Protection Officer (<a href="mailto:dpo@riverside.example">dpo@riverside.example</a>)',
    );
    expect(html).toContain("your incident reporting system, Datix");
    expect(html).not.toContain("cb-contact");
  });

  it("shows staff in Wales the Wales block, and general phrases where no contact is set", async () => {
    const html = await lessonHtml(receptionist);
    expect(html).toContain("health board");
    expect(html).not.toContain("Data Security and Protection Toolkit");
    expect(html).toContain("call your IT service desk straight away");
    expect(html).toContain(
      "Tell your information governance (IG) lead or Data Protection Officer and record it in your organisation's incident reporting system.",
    );
  });

  it("lets a manager set the contacts, refuses a bad one with a reason and changes nothing, and lessons show them (escaped)", async () => {
    expect(
      (await callRoute(contactsLoader, { cookie: brynManager, params: { org: "X99001" } })).data.contacts
        .serviceDeskPhone,
    ).toBeNull();
    const form = {
      serviceDeskPhone: "029 2050 0000",
      serviceDeskEmail: "not an email",
      igLeadName: "Rhys <Jones>",
      igLeadEmail: "",
      incidentSystem: "Datix Cymru",
    };
    const refused = await callRoute(contactsAction, { cookie: brynManager, params: { org: "X99001" }, form });
    expect(refused.status).toBe(400);
    expect(refused.data.errors).toEqual({ serviceDeskEmail: "manage.contacts.errors.email" });
    expect(bryn()).toMatchObject({ serviceDeskPhone: null, incidentSystem: null });

    const saved = await callRoute(contactsAction, {
      cookie: brynManager,
      params: { org: "X99001" },
      form: { ...form, serviceDeskEmail: "gwasanaeth@bryn.example" },
    });
    expect(saved.data.saved).toBe(true);
    expect(bryn()).toMatchObject({
      serviceDeskPhone: "029 2050 0000",
      serviceDeskEmail: "gwasanaeth@bryn.example",
      igLeadName: "Rhys <Jones>",
      igLeadEmail: null,
      incidentSystem: "Datix Cymru",
    });
    expect(db().select().from(auditEvents).where(eq(auditEvents.action, "contacts-changed")).all()).toHaveLength(1);

    const html = await lessonHtml(receptionist);
    expect(html).toContain('<a href="tel:02920500000">029 2050 0000</a>');
    expect(html).toContain("your information governance (IG) lead, Rhys &lt;Jones&gt;");
    expect(html).toContain("your incident reporting system, Datix Cymru");
  });

  it("does not let a manager of another organisation set them", async () => {
    const result = await callRoute(contactsAction, {
      cookie: brynManager,
      params: { org: "XA1" },
      form: { serviceDeskPhone: "0", serviceDeskEmail: "", igLeadName: "", igLeadEmail: "", incidentSystem: "" },
    });
    expect(result.status).toBe(403);
  });
});
