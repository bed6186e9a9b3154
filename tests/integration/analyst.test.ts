import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { eq } from "drizzle-orm";
import { DEMO_ACCOUNTS, DEMO_STAFF_NAMES } from "@db/demo-data";
import { auditEvents, organisations, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { analystExport, analystFigures } from "~/compliance/analyst.server";
import { exportToBuffer } from "~/compliance/exports.server";
import { organisationCells, sumBy } from "~/compliance/figures.server";
import { AnalystQuerySchema } from "~/compliance/queries.server";
import { ROW_SUMS, type RowCount } from "~/compliance/suppression";
import { ALL_MODULES } from "~/compliance/person-rows.server";
import { db } from "~/db.server";
import { loader as exportLoader } from "~/routes/analyst.export";
import { loader as layoutLoader } from "~/routes/analyst";
import { loader as indexLoader } from "~/routes/analyst._index";
import { signIn } from "../support/auth";
import { callRoute } from "../support/routes";

let cookies: Record<string, string>;
let everyName: string[];

beforeAll(async () => {
  await seedDemo(db());
  cookies = {
    analyst: await signIn("analyst@cyberbasics.example"),
    admin: await signIn("admin@cyberbasics.example"),
    manager: await signIn("manager@riverside.example"),
    learner: await signIn("nurse@riverside.example"),
  };
  // Every person's names and email address: none may appear anywhere in the analyst's view.
  everyName = db()
    .select({ given: users.givenName, family: users.familyName, email: users.email })
    .from(users)
    .all()
    .flatMap((u) => [u.given, u.family, u.email])
    .filter((n) => n.length > 3);
  expect(everyName).toContain("Hussain");
  expect(everyName.length).toBeGreaterThan(DEMO_STAFF_NAMES.length + DEMO_ACCOUNTS.length);
});

describe("the national and regional analyst view", () => {
  it("is for analysts and admins only", async () => {
    for (const who of ["manager", "learner"] as const) {
      for (const fn of [layoutLoader, indexLoader, exportLoader]) {
        const result = await callRoute(fn, { path: "/analyst", cookie: cookies[who] });
        expect(result.status).toBe(403);
      }
    }
    expect((await callRoute(indexLoader, { path: "/analyst" })).status).toBe(302);
    expect((await callRoute(indexLoader, { path: "/analyst", cookie: cookies.admin })).status).toBe(200);
  });

  it("shows every organisation's figures side by side, the same as their own dashboards, with no names", async () => {
    const result = await callRoute(indexLoader, { path: "/analyst", cookie: cookies.analyst });
    expect(result.status).toBe(200);
    const rows = result.data.rows as {
      code: string;
      people: number;
      compliant: number;
      dueSoon: number;
      overdue: number;
      notStarted: number;
      newStarters: number;
    }[];
    expect(rows.map((r) => r.code).sort()).toEqual(["VX001", "X99001", "XA1"]);
    for (const row of rows) {
      const org = db().select().from(organisations).where(eq(organisations.code, row.code)).get()!;
      const own = sumBy(organisationCells(org.id), (c) => c.moduleId).get(ALL_MODULES)!;
      // The same counts, except that 1 to 4 people show as "fewer than 5" (null), and so does a count
      // withheld because it would give one of those away.
      const withheld = (row as unknown as { withheld: string[] }).withheld;
      const shown = Object.fromEntries(
        Object.entries(own).map(([k, n]) => [k, (n > 0 && n < 5) || withheld.includes(k) ? null : n]),
      );
      expect(row).toMatchObject(shown);
    }
    const body = JSON.stringify(result.data);
    for (const name of everyName) expect(body, name).not.toContain(name);
  });

  it("filters by kind and region, rolls up by parent and sorts", async () => {
    const parent = db().select().from(organisations).where(eq(organisations.code, "XQ1")).get()!;
    const trusts = await callRoute(indexLoader, { path: "/analyst?kind=acute-trust", cookie: cookies.analyst });
    expect(trusts.data.rows.map((r: { code: string }) => r.code)).toEqual(["XA1"]);
    const sorted = await callRoute(indexLoader, {
      path: `/analyst?region=${parent.id}&sort=people&dir=desc`,
      cookie: cookies.analyst,
    });
    const people = sorted.data.rows.map((r: { people: number }) => r.people);
    expect(people).toEqual([...people].sort((a: number, b: number) => b - a));
    const rolled = await callRoute(indexLoader, { path: "/analyst?view=parents", cookie: cookies.analyst });
    expect(rolled.data.rows).toHaveLength(1);
    // The bank nurse works at Riverside and Oak Lodge: one person, counted once in their parent.
    const memberships = sorted.data.rows.reduce((n: number, r: { counted: number }) => n + r.counted, 0);
    expect(rolled.data.rows[0]).toMatchObject({ code: "XQ1", organisations: 3, counted: memberships - 1 });
  });

  it("shows no count of 1 to 4 people, on the page or in an export, and says so", async () => {
    const page = await callRoute(indexLoader, { path: "/analyst", cookie: cookies.analyst });
    const practice = (
      page.data.rows as {
        code: string;
        people: number | null;
        compliant: number | null;
        notStarted: number | null;
        percent: number | null;
      }[]
    ).find((r) => r.code === "X99001")!;
    expect(practice.people).toBe(5);
    expect(practice.notStarted).toBeNull();
    const csv = await callRoute(exportLoader, { path: "/analyst/export?format=csv", cookie: cookies.analyst });
    const records = parse(csv.data as string, { relax_column_count: true }) as string[][];
    expect(records.flat()).toContain("Fewer than 5");
    const counts = records.slice(8).flatMap((r) => [r[4], r[5], r[6], r[7], r[10], r[11], r[12]]);
    for (const n of ["1", "2", "3", "4"]) expect(counts).not.toContain(n);
  });

  it("shows the people counted in each row, which add up to the total, and gives away no hidden figure", async () => {
    const page = await callRoute(indexLoader, { path: "/analyst", cookie: cookies.analyst });
    type Shown = Record<RowCount, number | null> & { code: string; percent: number | null; withheld: RowCount[] };
    const rows = page.data.rows as Shown[];
    const total = page.data.total as Shown;
    // "29 of 37 people counted" above the table is the sum of the table's rows.
    expect(rows.every((r) => r.counted !== null)).toBe(true);
    expect(total.counted).toBe(rows.reduce((n, r) => n + r.counted!, 0));
    // No sum in a row (everyone = counted + new starters, and so on) shows all but one of its terms.
    for (const r of [...rows, total])
      for (const [sum, parts] of ROW_SUMS) {
        const hidden = [sum, ...parts].filter((k) => r[k] === null);
        expect(hidden.length, `${r.code} ${sum}: ${hidden.join(", ")}`).not.toBe(1);
      }
    // Oak Lodge has 1 to 4 new starters: with its people counted shown, everyone is not.
    const oakLodge = rows.find((r) => r.code === "VX001")!;
    expect(oakLodge).toMatchObject({ newStarters: null, counted: 5, people: null, withheld: ["people"] });
    // The percentage shows only beside both of its figures.
    for (const r of [...rows, total]) if (r.inDate === null || r.counted === null) expect(r.percent).toBeNull();
    // The export says which hidden figures are small and which are withheld beside them.
    const csv = await callRoute(exportLoader, { path: "/analyst/export?format=csv", cookie: cookies.analyst });
    const records = parse(csv.data as string, { relax_column_count: true }) as string[][];
    const oakLine = records.find((r) => r[1] === "VX001")!;
    expect([oakLine[4], oakLine[5], oakLine[6]]).toEqual(["Not shown", "Fewer than 5", "5"]);
  });

  it("exports the table with no names, recording who exported it", async () => {
    const result = await callRoute(exportLoader, {
      path: "/analyst/export?format=csv&view=organisations",
      cookie: cookies.analyst,
    });
    expect(result.status).toBe(200);
    expect(result.headers.get("Content-Disposition")).toMatch(
      /^attachment; filename="cyber-basics-national-all-organisations-\d{4}-\d{2}-\d{2}\.csv"$/,
    );
    const text = result.data as string;
    for (const name of everyName)
      if (name !== "Priya" && name !== "Shah" && !name.startsWith("analyst@")) expect(text, name).not.toContain(name);
    const records = parse(text, { relax_column_count: true }) as string[][];
    expect(records[2]).toEqual(["Filters", "Every organisation"]);
    expect(records[4]).toEqual(["Exported by", "Priya Shah (analyst@cyberbasics.example)"]);
    expect(
      records
        .slice(8)
        .map((r) => r[1])
        .sort(),
    ).toEqual(["VX001", "X99001", "XA1"]);
    const audit = db().select().from(auditEvents).where(eq(auditEvents.action, "export-downloaded")).all().at(-1)!;
    expect(audit.details).toMatchObject({ export: "national", format: "csv" });
    expect(
      (await callRoute(exportLoader, { path: "/analyst/export?format=json", cookie: cookies.analyst })).status,
    ).toBe(200);
    expect(
      (await callRoute(exportLoader, { path: "/analyst/export?format=xlsx", cookie: cookies.analyst })).status,
    ).toBe(200);
    const xlsx = await exportToBuffer(
      await analystExport(analystFigures(AnalystQuerySchema.parse({}), "en-GB"), "xlsx", "en-GB", {
        userId: (await db().select().from(users).where(eq(users.email, "analyst@cyberbasics.example")).get())!.id,
        description: "test",
      }),
    );
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(xlsx as unknown as ArrayBuffer);
    const figuresFor = workbook.worksheets[0].getRow(2).getCell(2);
    expect(figuresFor.value).toBeInstanceOf(Date);
    expect(figuresFor.numFmt).toBe("dd/mm/yyyy");
    expect(workbook.worksheets[0].getColumn(2).width).toBeGreaterThanOrEqual(12);
  });
});
