import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { memberships, organisations, units, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { refreshPersonCompliance } from "~/compliance/store.server";
import { FIGURE_STATUSES } from "~/compliance/status";
import { db } from "~/db.server";
import { STATUS_URGENCY } from "~/learning/status";
import { loader as complianceStaffLoader } from "~/routes/manage.$org.compliance.staff";
import { loader as staffLoader } from "~/routes/manage.$org.staff";
import { addDays, todayIso } from "~/utils/dates";
import { signIn } from "../support/auth";
import { callRoute } from "../support/routes";

type Row = {
  userId: string;
  givenName: string;
  familyName: string;
  email: string;
  unitName: string | null;
  staffGroup: string;
  status: string | null;
};

let manager: string;
let ward7: number;

/** A person added straight to Riverside, their HR name unlike their account's. */
function addPerson(email: string, hr: [string, string], extra: Partial<typeof memberships.$inferInsert> = {}) {
  const org = db().select().from(organisations).where(eq(organisations.code, "XA1")).get()!;
  const id = crypto.randomUUID();
  db().transaction((tx) => {
    tx.insert(users).values({ id, email, givenName: "Account", familyName: "Name" }).run();
    tx.insert(memberships)
      .values({
        userId: id,
        organisationId: org.id,
        unitId: ward7,
        staffGroup: "nursing-midwifery",
        startDate: addDays(todayIso(), -400),
        hrGivenName: hr[0],
        hrFamilyName: hr[1],
        ...extra,
      })
      .run();
    refreshPersonCompliance(tx, id);
  });
  return id;
}

beforeAll(async () => {
  await seedDemo(db());
  manager = await signIn("manager@riverside.example");
  ward7 = db().select().from(units).where(eq(units.name, "Ward 7 (Acute Medicine)")).get()!.id;
  addPerson("percy.p@riverside.example", ["Percy", "Fifty 50% Off_Duty"]);
  addPerson("lena.leaver@riverside.example", ["Lena", "Leaver"], { endDate: addDays(todayIso(), -10) });
});

async function list(query = ""): Promise<{ rows: Row[]; total: number; data: any }> {
  const result = await callRoute(staffLoader, {
    params: { org: "XA1" },
    path: `/manage/XA1/staff${query}`,
    cookie: manager,
  });
  expect(result.status).toBe(200);
  return { rows: result.data.staff.rows, total: result.data.staff.total, data: result.data };
}

describe("the staff list", () => {
  it("searches the organisation's HR name and the email, literally", async () => {
    const byHrName = await list("?q=percy+fifty");
    expect(byHrName.rows.map((r) => r.email)).toEqual(["percy.p@riverside.example"]);
    expect((await list("?q=OFF_DUTY%2C+percy")).rows.map((r) => r.email)).toEqual(["percy.p@riverside.example"]);
    expect((await list("?q=bank.nurse")).rows.map((r) => r.email)).toEqual(["bank.nurse@riverside.example"]);
    // % and _ are not wildcards.
    expect((await list("?q=50%25")).rows.map((r) => r.email)).toEqual(["percy.p@riverside.example"]);
    expect((await list("?q=of_")).rows).toEqual([]);
    expect((await list("?q=off_d")).rows.map((r) => r.email)).toEqual(["percy.p@riverside.example"]);
    // The account's own name is not what the organisation calls them.
    expect((await list("?q=Account+Name")).total).toBe(0);
    expect((await list("?q=Llywelyn")).total).toBe(0);
  });

  it("filters by unit and staff group, and keeps leavers without a status", async () => {
    const ward = await list(`?unit=${ward7}&group=nursing-midwifery`);
    expect(ward.total).toBeGreaterThan(1);
    expect(
      ward.rows.every((r) => r.unitName === "Ward 7 (Acute Medicine)" && r.staffGroup === "nursing-midwifery"),
    ).toBe(true);
    const leaver = (await list("?q=leaver")).rows;
    expect(leaver).toHaveLength(1);
    expect(leaver[0].status).toBeNull();
  });

  it.each(FIGURE_STATUSES)("lists the same people with status %s as the compliance drill-down", async (status) => {
    const mine = await list(`?status=${status}`);
    const drill = await callRoute(complianceStaffLoader, {
      params: { org: "XA1" },
      path: `/manage/XA1/compliance/staff?module=all&status=${status}`,
      cookie: manager,
    });
    expect(mine.total).toBe(drill.data.list.total);
    expect(mine.rows.every((r) => r.status === status)).toBe(true);
    if (mine.total <= 50)
      expect(new Set(mine.rows.map((r) => r.userId))).toEqual(
        new Set(drill.data.list.rows.map((r: { userId: string }) => r.userId)),
      );
  });

  it("sorts by name either way and by status, most urgent first", async () => {
    const asc = await list("?group=nursing-midwifery&sort=name&dir=asc");
    const desc = await list("?group=nursing-midwifery&sort=name&dir=desc");
    expect(asc.total).toBeLessThanOrEqual(50);
    expect(desc.rows.map((r) => r.userId)).toEqual(asc.rows.map((r) => r.userId).reverse());
    const byStatus = (await list("?sort=status")).rows.map((r) =>
      r.status === null ? STATUS_URGENCY.length : STATUS_URGENCY.indexOf(r.status as never),
    );
    expect(byStatus).toEqual([...byStatus].sort((a, b) => a - b));
  });

  it("falls back to everyone, sorted by name, when the query does not parse", async () => {
    const all = await list();
    const bad = await list(
      "?unit=abc&group=wizards&status=sleepy&sort=salary&dir=sideways&page=-3&q=" + "x".repeat(300),
    );
    expect(bad.data.query).toEqual({ q: "", unit: null, group: null, status: null });
    expect(bad.data.sort).toBe("name");
    expect(bad.rows.map((r) => r.userId)).toEqual(all.rows.map((r) => r.userId));
    // A unit of another organisation is ignored too.
    const other = db().select().from(units).where(eq(units.name, "Night care")).get()!;
    expect((await list(`?unit=${other.id}`)).total).toBe(all.total);
  });

  it("never lists another organisation's people", async () => {
    const bryn = db()
      .select({ email: users.email })
      .from(users)
      .innerJoin(memberships, eq(memberships.userId, users.id))
      .innerJoin(organisations, and(eq(organisations.id, memberships.organisationId), eq(organisations.code, "XA1")))
      .all().length;
    expect((await list()).total).toBe(bryn);
    expect((await list("?q=bryn.example")).total).toBe(0);
  });
});
