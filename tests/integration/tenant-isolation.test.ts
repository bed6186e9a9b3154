import { and, eq, isNull, ne, or } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { memberships, organisations, units, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
import { signIn } from "../support/auth";
import { callRoute } from "../support/routes";

type RouteModule = { loader?: (...args: never[]) => unknown; action?: (...args: never[]) => unknown };

// Every manager and admin route file, found by name, so a new route is checked without editing this test.
const managerRoutes = import.meta.glob<RouteModule>("../../app/routes/manage.$org*.{ts,tsx}", { eager: true });
const adminRoutes = import.meta.glob<RouteModule>("../../app/routes/admin*.{ts,tsx}", { eager: true });

const RIVERSIDE_NAMES = ["Amira", "Hussain", "Okafor", "Ward 7", "nurse@riverside.example"];

let cookies: Record<string, string>;
beforeAll(async () => {
  await seedDemo(db());
  cookies = {
    otherManager: await signIn("manager@bryn.example"),
    learner: await signIn("nurse@riverside.example"),
    analyst: await signIn("analyst@cyberbasics.example"),
    manager: await signIn("manager@riverside.example"),
    wardManager: await signIn("ward7.manager@riverside.example"),
  };
});

function entries(routes: Record<string, RouteModule>) {
  return Object.entries(routes).flatMap(([file, mod]) =>
    (["loader", "action"] as const)
      .filter((kind) => typeof mod[kind] === "function")
      .map((kind) => ({
        name: `${file.split("/").pop()} ${kind}`,
        kind,
        fn: mod[kind] as Parameters<typeof callRoute>[0],
      })),
  );
}

const PARAMS = { org: "XA1", userId: "any", module: "spotting-phishing" };

describe("manager routes refuse anyone who does not manage the organisation", () => {
  const list = entries(managerRoutes);
  it("finds the manager routes", () => expect(list.length).toBeGreaterThanOrEqual(4));

  for (const who of ["otherManager", "learner", "analyst"] as const) {
    it.each(list)(`$name as ${who}: 403, no data`, async ({ fn, kind }) => {
      const result = await callRoute(fn, {
        params: PARAMS,
        cookie: cookies[who],
        path: "/manage/XA1",
        ...(kind === "action" ? { form: { email: "x@y.example" } } : {}),
      });
      expect(result.status).toBe(403);
      const body = JSON.stringify(result.data);
      for (const name of RIVERSIDE_NAMES) expect(body).not.toContain(name);
    });
  }

  it.each(list)("$name signed out: sent to sign in", async ({ fn }) => {
    const result = await callRoute(fn, { params: PARAMS, path: "/manage/XA1/staff" });
    expect(result.status).toBe(302);
    expect(result.location).toMatch(/^\/sign-in\?redirectTo=/);
  });

  it("lets Riverside's manager see Riverside's staff", async () => {
    const staff = Object.entries(managerRoutes).find(([file]) => file.endsWith("manage.$org.staff.tsx"))![1];
    const result = await callRoute(staff.loader as Parameters<typeof callRoute>[0], {
      params: { org: "XA1" },
      cookie: cookies.manager,
    });
    expect(result.status).toBe(200);
    expect(JSON.stringify(result.data)).toContain("Hussain");
    expect(JSON.stringify(result.data)).not.toContain("Llywelyn");
  });
});

const WARD_7 = "Ward 7 (Acute Medicine)";
// What a unit manager may not open at all: organisation-wide settings and statements.
const ORGANISATION_ONLY_ROUTES = [
  "manage.$org.import._index.tsx",
  "manage.$org.import.$id.tsx",
  "manage.$org.import.$id_.download.tsx",
  "manage.$org.requirements.tsx",
  "manage.$org.target.tsx",
  "manage.$org.contacts.tsx",
  "manage.$org.sso.tsx",
  "manage.$org.new-accounts.tsx",
  "manage.$org.evidence.tsx",
  "manage.$org.evidence[.]pdf.tsx",
  "manage.$org.completions._index.tsx",
  "manage.$org.completions.$id.tsx",
  "manage.$org.export-esr.tsx",
  "manage.$org.unit-managers.tsx",
];

describe("a unit manager of Ward 7 sees Ward 7 only", () => {
  const list = entries(managerRoutes);
  let riversideId: number;
  let ward7: number;
  let otherUnits: { id: number; name: string }[];
  /** Emails and family names of Riverside's people outside Ward 7 (family names Ward 7 also has left out). */
  let outsiders: string[];

  beforeAll(() => {
    const riverside = db().select().from(organisations).where(eq(organisations.code, "XA1")).get()!;
    riversideId = riverside.id;
    const all = db().select().from(units).where(eq(units.organisationId, riverside.id)).all();
    ward7 = all.find((u) => u.name === WARD_7)!.id;
    otherUnits = all.filter((u) => u.id !== ward7);
    const people = (inWard: boolean) =>
      db()
        .select({ email: users.email, familyName: users.familyName })
        .from(memberships)
        .innerJoin(users, eq(users.id, memberships.userId))
        .where(
          and(
            eq(memberships.organisationId, riverside.id),
            inWard ? eq(memberships.unitId, ward7) : or(isNull(memberships.unitId), ne(memberships.unitId, ward7)),
          ),
        )
        .all();
    const wardFamilies = new Set(people(true).map((p) => p.familyName));
    outsiders = people(false).flatMap((p) => [p.email, ...(wardFamilies.has(p.familyName) ? [] : [p.familyName])]);
    expect(outsiders.length).toBeGreaterThan(4);
  });

  const call = (fn: Parameters<typeof callRoute>[0], kind: "loader" | "action", query: string) =>
    callRoute(fn, {
      params: { ...PARAMS, kind: "staff", id: "1" },
      cookie: cookies.wardManager,
      path: `/manage/XA1${query}`,
      ...(kind === "action" ? { form: { email: "x@y.example", unitId: String(otherUnits[0].id) } } : {}),
    });

  const expectNothingOutside = (data: unknown) => {
    const body = typeof data === "string" ? data : JSON.stringify(data);
    // An email as a whole (manager@ is part of ward7.manager@), a family name or a unit's name.
    for (const text of [...outsiders, ...otherUnits.map((u) => u.name)])
      expect(body).not.toMatch(new RegExp(`(?<![\\w.])${text.replace(/[.()]/g, "\\$&")}`));
  };

  it.each(list)("$name: nothing of any other unit, whatever the URL asks for", async ({ fn, kind }) => {
    for (const query of ["", "?format=json", ...otherUnits.map((u) => `?unit=${u.id}&format=json`)]) {
      const result = await call(fn, kind, query);
      expect([200, 204, 302, 400, 403, 404]).toContain(result.status);
      expectNothingOutside(result.data);
    }
  });

  it.each(list.filter((e) => ORGANISATION_ONLY_ROUTES.some((file) => e.name.startsWith(`${file} `))))(
    "$name: 403",
    async ({ fn, kind }) => {
      const result = await call(fn, kind, "");
      expect(result.status).toBe(403);
    },
  );

  it("covers every organisation-only route file", () => {
    const files = new Set(list.map((e) => e.name.split(" ")[0]));
    for (const file of ORGANISATION_ONLY_ROUTES) expect(files).toContain(file);
  });

  const route = (file: string) => Object.entries(managerRoutes).find(([f]) => f.endsWith(`/${file}`))![1];

  it("shows Ward 7's people on the staff list, the dashboard and the export", async () => {
    const staff = await call(route("manage.$org.staff.tsx").loader as never, "loader", "/staff");
    expect(staff.status).toBe(200);
    expect(JSON.stringify(staff.data)).toContain("Hussain");
    const dashboard = await call(route("manage.$org._index.tsx").loader as never, "loader", `?unit=${ward7}`);
    expect(dashboard.status).toBe(200);
    expect(dashboard.data.options.units).toEqual([{ id: ward7, name: WARD_7 }]);
    expect(dashboard.data.more).toEqual({ outcomes: true, evidence: false });
    const exported = await call(route("manage.$org.export.$kind.tsx").loader as never, "loader", "?format=csv");
    expect(exported.status).toBe(200);
    expect(String(exported.data)).toContain("Hussain");
    expect(String(exported.data)).toContain(`"Filters","Department or ward: ${WARD_7}"`);
  });

  it("sees the same figures and trend as the organisation's manager filtering on Ward 7", async () => {
    const dashboard = route("manage.$org._index.tsx").loader as never;
    const own = await call(dashboard, "loader", "");
    const filtered = await callRoute(dashboard, {
      params: { org: "XA1" },
      cookie: cookies.manager,
      path: `/manage/XA1?unit=${ward7}`,
    });
    expect(own.data.modules).toEqual(filtered.data.modules);
    expect(own.data.trend).toEqual(filtered.data.trend);
    expect(own.data.trend.some((p: { counted: number }) => p.counted > 0)).toBe(true);
  });

  it("sees learning outcomes from Ward 7's first attempts only", async () => {
    const outcomes = route("manage.$org.compliance.outcomes.tsx").loader as never;
    const own = await call(outcomes, "loader", "/compliance/outcomes");
    expect(own.status).toBe(200);
    expect(own.data.units).toEqual([WARD_7]);
    const whole = await callRoute(outcomes, { params: { org: "XA1" }, cookie: cookies.manager });
    expect(whole.data.units).toBeNull();

    // Counted here from the attempts themselves: Riverside's first attempts and their answers, in one unit or all.
    const counted = (unitId: number | null) => {
      const where = `a.is_first_attempt = 1 AND a.submitted_at IS NOT NULL AND m.organisation_id = :organisationId
        AND (:unitId IS NULL OR m.unit_id = :unitId)`;
      const query = (sql: string) =>
        db().$client.prepare(sql).all({ organisationId: riversideId, unitId }) as { key: string; n: number }[];
      const attempts = query(`SELECT a.module_slug || '/' AS key, COUNT(*) AS n
        FROM quiz_attempts a JOIN memberships m ON m.user_id = a.user_id WHERE ${where} GROUP BY 1`);
      const answers = query(`SELECT a.module_slug || '/' || x.outcome_id AS key, COUNT(*) AS n
        FROM attempt_answers x JOIN quiz_attempts a ON a.id = x.attempt_id JOIN memberships m ON m.user_id = a.user_id
        WHERE ${where} GROUP BY 1`);
      return Object.fromEntries([...attempts, ...answers].map((r) => [r.key, r.n]));
    };
    type Module = { slug: string; people: number; outcomes: { id: string; all: { answers: number } }[] };
    const figures = (modules: Module[]) =>
      Object.fromEntries(
        modules.flatMap((m) => [
          [`${m.slug}/`, m.people],
          ...m.outcomes.map((o) => [`${m.slug}/${o.id}`, o.all.answers]),
        ]),
      );
    expect(Object.keys(counted(ward7)).length).toBeGreaterThan(0);
    expect(figures(own.data.modules)).toEqual(counted(ward7));
    expect(figures(whole.data.modules)).toEqual(counted(null));
    const people = (data: { modules: Module[] }) => data.modules.reduce((n, m) => n + m.people, 0);
    expect(people(own.data)).toBeLessThan(people(whole.data));
  });

  it("opens the person page of someone in Ward 7, and 404 for anyone else, page or form", async () => {
    const person = route("manage.$org.staff_.$userId.tsx");
    const idOf = (email: string) => db().select().from(users).where(eq(users.email, email)).get()!.id;
    const open = (userId: string, form?: Record<string, string>) =>
      callRoute((form ? person.action : person.loader) as never, {
        params: { org: "XA1", userId },
        cookie: cookies.wardManager,
        ...(form ? { form } : {}),
      });
    const nurse = await open(idOf("nurse@riverside.example"));
    expect(nurse.status).toBe(200);
    expect(nurse.data.units).toEqual([{ id: ward7, name: WARD_7 }]);
    const bankNurse = idOf("bank.nurse@riverside.example");
    expect((await open(bankNurse)).status).toBe(404);
    expect((await open(bankNurse, { intent: "mark-leaver", endDate: "2026-01-01" })).status).toBe(404);
    const move = await open(idOf("nurse@riverside.example"), {
      intent: "change-placement",
      unitId: String(otherUnits[0].id),
      staffGroup: "nursing-midwifery",
    });
    expect(move.status).toBe(400);
  });

  it("a URL asking for another unit gets 404", async () => {
    const dashboard = await call(
      route("manage.$org._index.tsx").loader as never,
      "loader",
      `?unit=${otherUnits[0].id}`,
    );
    expect(dashboard.status).toBe(404);
  });

  it("invites learners into Ward 7 only", async () => {
    const invite = route("manage.$org.invite.tsx").action as never;
    const form = {
      givenName: "Nell",
      familyName: "Ward",
      email: "nell.ward@riverside.example",
      staffGroup: "nursing-midwifery",
      jobRole: "Healthcare Assistant",
      startDate: "2026-01-05",
    };
    const post = (extra: Record<string, string>) =>
      callRoute(invite, { params: { org: "XA1" }, cookie: cookies.wardManager, form: { ...form, ...extra } });
    const elsewhere = await post({ unitId: String(otherUnits[0].id), role: "learner" });
    expect(elsewhere.status).toBe(400);
    expect(elsewhere.data.errors.unitId).toBe("manage.errors.unitNotYours");
    const asManager = await post({ unitId: String(ward7), role: "manager" });
    expect(asManager.status).toBe(400);
    expect(asManager.data.errors.role).toBe("manage.errors.roleNotYours");
    const ok = await post({ unitId: String(ward7), role: "learner" });
    expect(ok.status).toBe(200);
    expect(ok.data.done).toEqual({ email: "nell.ward@riverside.example" });
  });
});

describe("admin routes refuse everyone but admins", () => {
  const list = entries(adminRoutes);
  it("finds the admin routes", () => expect(list.length).toBeGreaterThanOrEqual(5));

  for (const who of ["manager", "learner", "analyst"] as const) {
    it.each(list)(`$name as ${who}: 403`, async ({ fn, kind }) => {
      const result = await callRoute(fn, {
        params: PARAMS,
        cookie: cookies[who],
        path: "/admin",
        ...(kind === "action" ? { form: { intent: "platform-role", platformRole: "admin" } } : {}),
      });
      expect(result.status).toBe(403);
    });
  }
});
