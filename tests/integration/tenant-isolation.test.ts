import { beforeAll, describe, expect, it } from "vitest";
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
