import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { auditEvents, organisations, users, type AuditAction } from "@db/schema";
import { seedDemo } from "@db/seed";
import { describeAuditDetails } from "~/audit/details";
import { translatorFor } from "~/compliance/exports.server";
import { db } from "~/db.server";
import { loader as auditLoader } from "~/routes/admin.audit";
import { signIn } from "../support/auth";
import { callRoute } from "../support/routes";

let admin: string;
const userId = (email: string) => db().select().from(users).where(eq(users.email, email)).get()!.id;
const orgId = (code: string) => db().select().from(organisations).where(eq(organisations.code, code)).get()!.id;

function event(
  at: string,
  action: AuditAction,
  who: string | null,
  org: string | null,
  details: Record<string, unknown> | null,
) {
  db()
    .insert(auditEvents)
    .values({
      at: new Date(at),
      action,
      actorUserId: who ? userId(who) : null,
      organisationId: org ? orgId(org) : null,
      details,
    })
    .run();
}

beforeAll(async () => {
  await seedDemo(db());
  // Events in 2025, before anything the demo or signing in records.
  event("2025-03-10T10:00:00Z", "role-changed", "admin@cyberbasics.example", "XA1", {
    role: { from: "learner", to: "manager" },
  });
  // 23:30 UTC on 30 June is 00:30 on 1 July in the UK (BST).
  event("2025-06-30T23:30:00Z", "export-downloaded", "manager@riverside.example", "XA1", {
    export: "staff",
    format: "xlsx",
    via: "web",
    filters: {},
  });
  event("2025-06-30T12:00:00Z", "country-changed", "admin@cyberbasics.example", "X99001", {
    from: "england",
    to: "wales",
  });
  event("2025-07-02T09:00:00Z", "sign-in-failed", null, null, { email: "nobody@example.com", knownDevice: false });
  for (let i = 0; i < 60; i++)
    event(
      `2025-08-01T0${Math.floor(i / 10)}:${String(i % 60).padStart(2, "0")}:00Z`,
      "sign-in",
      "nurse@riverside.example",
      null,
      null,
    );
  admin = await signIn("admin@cyberbasics.example");
});

async function audit(query: string) {
  return callRoute(auditLoader, { cookie: admin, path: `/admin/audit?${query}` });
}
const actions = (result: { data: { rows: { action: string }[] } }) => result.data.rows.map((r) => r.action);

describe("the audit trail's filters", () => {
  it("filter by who did it, from part of their email, whatever its case", async () => {
    const result = await audit("who=MANAGER%40riverside&to=2025-12-31");
    expect(result.status).toBe(200);
    expect(result.data.rows.map((r: { actorEmail: string }) => r.actorEmail)).toEqual(["manager@riverside.example"]);
    expect(result.data.values.who).toBe("MANAGER@riverside");
    // % and _ are taken as typed, not as wildcards.
    expect((await audit("who=%25")).data.total).toBe(0);
  });

  it("filter by what happened, one of the known actions", async () => {
    const result = await audit("what=country-changed");
    expect(actions(result)).toEqual(["country-changed"]);
    expect(result.data.actions).toContain("export-downloaded");
  });

  it("filter by organisation name or code", async () => {
    expect(actions(await audit("organisation=xa1&to=2025-12-31"))).toEqual(["export-downloaded", "role-changed"]);
    expect(actions(await audit("organisation=Bryn+Medical&to=2025-12-31"))).toEqual(["country-changed"]);
  });

  it("filter by UK days, from and to inclusive, typed either way", async () => {
    expect(actions(await audit("from=2025-07-01&to=2025-07-01"))).toEqual(["export-downloaded"]);
    expect(actions(await audit("from=30%2F06%2F2025&to=30%2F06%2F2025"))).toEqual(["country-changed"]);
    // Newest recorded first, as without filters.
    expect(actions(await audit("from=2025-03-10&to=2025-07-02"))).toEqual([
      "sign-in-failed",
      "country-changed",
      "export-downloaded",
      "role-changed",
    ]);
  });

  it("keep their filters while paging", async () => {
    const first = await audit("what=sign-in&to=2025-12-31");
    expect(first.data).toMatchObject({ total: 60, page: 1, pageCount: 2 });
    const second = await audit("what=sign-in&to=2025-12-31&page=2");
    expect(second.data.rows).toHaveLength(10);
    expect(actions(second).every((a) => a === "sign-in")).toBe(true);
  });

  it("say clearly what is wrong with a date, and apply the rest", async () => {
    const bad = await audit("from=31%2F02%2F2025&what=country-changed");
    expect(bad.status).toBe(400);
    expect(bad.data.errors).toEqual({ from: "admin.audit.errors.date" });
    expect(bad.data.values.from).toBe("31/02/2025");
    expect(actions(bad)).toEqual(["country-changed"]);
    const words = await audit("to=yesterday");
    expect(words.data.errors).toEqual({ to: "admin.audit.errors.date" });
    const backwards = await audit("from=2025-07-02&to=2025-07-01");
    expect(backwards.status).toBe(400);
    expect(backwards.data.errors).toEqual({ to: "admin.audit.errors.order" });
    const unknown = await audit("what=drop-tables");
    expect(unknown.data.errors).toEqual({ what: "admin.audit.errors.action" });
    const t = await translatorFor("en-GB");
    expect(t("admin.audit.errors.date")).toBe("Enter a real date, for example 31/12/2026");
  });

  it("are for system admins only", async () => {
    const manager = await signIn("manager@riverside.example");
    expect((await callRoute(auditLoader, { cookie: manager, path: "/admin/audit?who=admin" })).status).toBe(403);
  });
});

describe("the audit trail's details", () => {
  it("read as words in English and Welsh, not JSON", async () => {
    const result = await audit("what=role-changed&to=2025-12-31");
    const [row] = result.data.rows;
    const en = await translatorFor("en-GB");
    const cy = await translatorFor("cy");
    expect(describeAuditDetails(row.action, row.details, en)).toEqual([
      { term: "Role", description: "Learner to Training manager" },
    ]);
    expect(describeAuditDetails(row.action, row.details, cy)).toEqual([
      { term: "Rôl", description: expect.stringMatching(/ i /) },
    ]);
    const exported = (await audit("what=export-downloaded&to=2025-12-31")).data.rows[0];
    expect(describeAuditDetails(exported.action, exported.details, en)).toEqual([
      { term: "Export", description: "Staff training status" },
      { term: "Format", description: "Excel (XLSX)" },
      { term: "How", description: "On the website" },
      { term: "Filters", description: "None" },
    ]);
    const country = (await audit("what=country-changed")).data.rows[0];
    expect(describeAuditDetails(country.action, country.details, en)).toEqual([
      { term: "From", description: "England" },
      { term: "To", description: "Wales" },
    ]);
    const failed = (await audit("what=sign-in-failed")).data.rows[0];
    expect(describeAuditDetails(failed.action, failed.details, en)).toEqual([
      { term: "Email address", description: "nobody@example.com" },
      { term: "Browser used for this account before", description: "No" },
    ]);
    // Every kind of detail the app records reads as a term and a value, nested where it is nested.
    const nested = describeAuditDetails(
      "requirements-changed",
      {
        staffGroup: "nursing-midwifery",
        before: null,
        after: { required: true, renewalDays: 365 },
        domains: ["a.example", "b.example"],
      },
      en,
    );
    expect(nested).toEqual([
      { term: "Staff group", description: "Nursing and midwifery registered" },
      { term: "Before", description: "None" },
      {
        term: "After",
        items: [
          { term: "Required", description: "Yes" },
          { term: "Renewal (days)", description: "365" },
        ],
      },
      { term: "Email domains", description: "a.example, b.example" },
    ]);
  });
});
