import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { completions, organisations, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { organisationCells, sumBy } from "~/compliance/figures.server";
import { ALL_MODULES } from "~/compliance/person-rows.server";
import { percent } from "~/compliance/status";
import { db } from "~/db.server";
import { loader as dashboardLoader } from "~/routes/manage.$org._index";
import { loader as outcomesLoader } from "~/routes/manage.$org.compliance.outcomes";
import { loader as staffLoader } from "~/routes/manage.$org.compliance.staff";
import { loader as evidenceLoader } from "~/routes/manage.$org.evidence";
import { loader as evidencePdfLoader } from "~/routes/manage.$org.evidence[.]pdf";
import { loader as exportsLoader } from "~/routes/manage.$org.exports";
import { addDays, todayIso } from "~/utils/dates";
import { signIn } from "../support/auth";
import { callRoute } from "../support/routes";

let manager: string;
let xa1: number;

beforeAll(async () => {
  await seedDemo(db());
  manager = await signIn("manager@riverside.example");
  xa1 = db().select().from(organisations).where(eq(organisations.code, "XA1")).get()!.id;
});

const get = (fn: Parameters<typeof callRoute>[0], path: string, params: Record<string, string> = { org: "XA1" }) =>
  callRoute(fn, { params, path, cookie: manager });

describe("the demo seed", () => {
  it("gives the demo organisations two years of training, but leaves the nurse's phishing module and the new carer alone", async () => {
    const count = (email: string) =>
      db()
        .select({ id: completions.id })
        .from(completions)
        .innerJoin(users, eq(users.id, completions.userId))
        .where(eq(users.email, email))
        .all().length;
    expect(db().select().from(completions).all().length).toBeGreaterThan(100);
    const nurse = db().select().from(users).where(eq(users.email, "nurse@riverside.example")).get()!;
    const nursePhishing = db()
      .select()
      .from(completions)
      .where(eq(completions.userId, nurse.id))
      .all()
      .filter((c) => c.moduleSlug === "spotting-phishing");
    expect(nursePhishing).toEqual([]);
    expect(count("nurse@riverside.example")).toBeGreaterThan(0);
    expect(count("carer@oaklodge.example")).toBe(0);
    const oldest = db()
      .select()
      .from(completions)
      .all()
      .map((c) => c.completedAt.toISOString().slice(0, 10))
      .sort()[0];
    expect(oldest >= addDays(todayIso(), -730)).toBe(true);
    expect(await seedDemo(db())).toEqual({ seeded: false });
  });
});

describe("the manager's compliance pages", () => {
  it("show live figures, breakdowns and a twelve-month trend", async () => {
    const result = await get(dashboardLoader, "/manage/XA1");
    expect(result.status).toBe(200);
    const data = result.data;
    const live = sumBy(organisationCells(xa1), (c) => c.moduleId).get(ALL_MODULES)!;
    expect(data.modules[0]).toMatchObject({ key: "all", ...live, percent: percent(live) });
    expect(data.target).toBe(95);
    expect(data.columns.map((c: { slug: string }) => c.slug)).toEqual([
      "all",
      "spotting-phishing",
      "passwords-and-access",
      "protecting-information",
      "reporting-incidents",
    ]);
    expect(data.units.map((u: { name: string }) => u.name)).toContain("Ward 7 (Acute Medicine)");
    expect(data.groups.map((g: { group: string }) => g.group)).toContain("nursing-midwifery");
    expect(data.trend).toHaveLength(12);
    expect(data.trend.every((p: { percent: number | null }) => p.percent !== null)).toBe(true);
  });

  it("filter by module, unit and staff group, and ignore values that do not parse", async () => {
    const ward = (await get(dashboardLoader, "/manage/XA1")).data.options.units.find((u: { name: string }) =>
      u.name.startsWith("Ward 7"),
    ).id;
    const filtered = await get(
      dashboardLoader,
      `/manage/XA1?module=spotting-phishing&unit=${ward}&group=nursing-midwifery`,
    );
    expect(filtered.data.filters).toEqual({ module: "spotting-phishing", unit: ward, group: "nursing-midwifery" });
    expect(filtered.data.units.map((u: { id: number }) => u.id)).toEqual([ward]);
    expect(filtered.data.selected.slug).toBe("spotting-phishing");
    const odd = await get(dashboardLoader, "/manage/XA1?module=%3Cscript%3E&unit=abc&group=pilots");
    expect(odd.status).toBe(200);
    expect(odd.data.filters).toEqual({ module: "all", unit: null, group: null });
  });

  it("list the people behind a figure, sortable and a page at a time", async () => {
    const result = await get(
      staffLoader,
      "/manage/XA1/compliance/staff?module=spotting-phishing&status=not-started&sort=name",
    );
    expect(result.status).toBe(200);
    expect(result.data.list.rows.map((r: { familyName: string }) => r.familyName)).toContain("Hussain");
    expect(result.data.list.rows.every((r: { status: string }) => r.status === "not-started")).toBe(true);
    const everyone = await get(staffLoader, "/manage/XA1/compliance/staff?sort=name&dir=desc");
    const names = everyone.data.list.rows.map((r: { familyName: string }) => r.familyName.toLowerCase());
    expect(names).toEqual([...names].sort().reverse());
    expect(JSON.stringify(everyone.data)).not.toContain("Llywelyn");
  });

  it("status columns add up, and every count (in date too) lists as many people as it says", async () => {
    const data = (await get(dashboardLoader, "/manage/XA1")).data;
    const listed = async (slug: string, status?: string) =>
      (await get(staffLoader, `/manage/XA1/compliance/staff?module=${slug}${status ? `&status=${status}` : ""}`)).data
        .list.total;
    for (const [i, column] of data.columns.entries()) {
      const f = data.modules[i];
      expect(f.compliant + f.dueSoon).toBe(f.inDate);
      expect(f.inDate + f.overdue + f.notStarted).toBe(f.counted);
      expect(f.counted + f.newStarters).toBe(f.people);
      for (const [key, status] of [
        ["compliant", "compliant"],
        ["dueSoon", "due-soon"],
        ["inDate", "in-date"],
        ["overdue", "overdue"],
        ["notStarted", "not-started"],
        ["counted", "counted"],
        ["newStarters", "new-starter"],
        ["people", undefined],
      ] as const)
        expect(await listed(column.slug, status), `${column.slug} ${key}`).toBe(f[key]);
    }
  });

  it("show learning-outcome results by staff group without naming anyone", async () => {
    const result = await get(outcomesLoader, "/manage/XA1/compliance/outcomes");
    expect(result.status).toBe(200);
    expect(result.data.modules.length).toBeGreaterThan(0);
    const body = JSON.stringify(result.data);
    for (const name of ["Hussain", "Amira", "Okafor", "nurse@riverside.example"]) expect(body).not.toContain(name);
  });

  it("list the downloads", async () => {
    const result = await get(exportsLoader, "/manage/XA1/exports");
    expect(result.data).toMatchObject({ kinds: ["summary", "staff"], formats: ["csv", "xlsx", "json"] });
  });

  it("build the DSPT evidence pack for a reporting date, as a page and a PDF", async () => {
    const date = addDays(todayIso(), -30);
    const page = await get(evidenceLoader, `/manage/XA1/evidence?date=${date}`);
    expect(page.status).toBe(200);
    const evidence = page.data.evidence;
    expect(evidence.date).toBe(date);
    // A past date says on the pack that it uses today's requirements, departments and staff groups.
    expect(evidence.pastDate).toBe(true);
    expect(
      evidence.needs
        .find((n: { group: string }) => n.group === "nursing-midwifery")
        .modules.find((m: { slug: string }) => m.slug === "spotting-phishing"),
    ).toEqual({ slug: "spotting-phishing", required: true, renewalDays: 365, graceDays: 30 });
    expect(evidence.delivery[0].slug).toBe("all");
    expect(evidence.trend).toHaveLength(12);
    expect(evidence.byUnit.length).toBeGreaterThan(1);

    const today = await get(evidenceLoader, "/manage/XA1/evidence");
    const live = sumBy(organisationCells(xa1), (c) => c.moduleId).get(ALL_MODULES)!;
    expect(today.data.evidence.delivery[0].figure).toMatchObject({
      counted: live.people - live.newStarters,
      compliant: live.compliant + live.dueSoon,
      percent: percent(live),
    });

    const pdf = await callRoute(evidencePdfLoader, {
      params: { org: "XA1" },
      path: `/manage/XA1/evidence.pdf?date=${date}`,
      cookie: manager,
    });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(String(pdf.data).startsWith("%PDF-")).toBe(true);
  });

  it("refuse reporting dates in the future or more than a year back", async () => {
    for (const date of [addDays(todayIso(), 1), addDays(todayIso(), -400), "2026-02-30", "yesterday"]) {
      const result = await get(evidenceLoader, `/manage/XA1/evidence?date=${date}`);
      expect(result.status, date).toBe(400);
      expect(result.data.evidence).toBeNull();
      expect(result.data.errors.date).toMatch(/^compliance\.evidence\.errors\./);
      expect(
        (
          await callRoute(evidencePdfLoader, {
            params: { org: "XA1" },
            path: `/manage/XA1/evidence.pdf?date=${date}`,
            cookie: manager,
          })
        ).status,
      ).toBe(400);
    }
  });
});
