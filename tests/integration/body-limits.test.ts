import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import type { ActionFunctionArgs, AppLoadContext } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
import { createListener, type BodyLimits } from "../../scripts/serve";
import { signIn } from "../support/auth";

/**
 * The real request handling of scripts/serve.ts (size limits, chunked bodies, encodings, the
 * Origin check) in front of every route action in app/routes, found by file name so a new form
 * is covered without editing this test, on this file's own SQLite database.
 */

type Action = (args: ActionFunctionArgs) => unknown;
const routeModules = import.meta.glob<{ action?: Action }>("../../app/routes/*.{ts,tsx}", { eager: true });

const LIMITS: BodyLimits = { form: 100_000, upload: 2_000_000 };
const PARAM_VALUES: Record<string, string> = {
  org: "XA1",
  module: "spotting-phishing",
  token: "not-a-real-token",
  id: "not-a-real-upload",
  attemptId: "00000000-0000-4000-8000-000000000000",
};

interface ActionRoute {
  file: string;
  pattern: RegExp;
  names: string[];
  action: Action;
  path: string;
  who: "learner" | "manager" | "admin" | "nobody";
}

/** Remix flat-route file name to a URL path and a matcher for it. */
function toRoute(file: string, action: Action, userIds: Record<string, string>): ActionRoute {
  const base = path.basename(file).replace(/\.tsx?$/, "");
  // "[.]" is a literal dot in a flat route name (evidence[.]pdf is /evidence.pdf).
  const segments = base
    .replace(/\[\.\]/g, "\0")
    .split(".")
    .filter((s) => s !== "_index")
    .map((s) => s.replace(/\0/g, "."));
  const names: string[] = [];
  const urlSegments = segments.map((s) => {
    if (!s.startsWith("$")) return s;
    names.push(s.slice(1));
    return s === "$userId" ? userIds.nurse : (PARAM_VALUES[s.slice(1)] ?? "x");
  });
  const pattern = new RegExp(
    `^/${segments.map((s) => (s.startsWith("$") ? "([^/]+)" : s.replace(/[.$]/g, "\\$&"))).join("/")}$`,
  );
  const who = base.startsWith("admin")
    ? "admin"
    : base.startsWith("manage")
      ? "manager"
      : /^(sign-in|forgot-password|set-password)/.test(base)
        ? "nobody"
        : "learner";
  return { file: base, pattern, names, action, path: `/${urlSegments.join("/")}`, who };
}

let server: http.Server;
let port: number;
let routes: ActionRoute[];
let cookies: Record<string, string>;
const actionCalls: string[] = [];

async function toResponse(outcome: unknown): Promise<Response> {
  if (outcome instanceof Response) return outcome;
  if (outcome && typeof outcome === "object" && (outcome as { type?: string }).type === "DataWithResponseInit") {
    const { data, init } = outcome as { data: unknown; init?: ResponseInit | null };
    return Response.json(data, init ?? undefined);
  }
  return Response.json(outcome);
}

async function handle(request: Request, context: AppLoadContext): Promise<Response> {
  const pathname = new URL(request.url).pathname;
  const route = routes.find((r) => r.pattern.test(pathname));
  if (!route) return new Response("Not found", { status: 404 });
  actionCalls.push(route.file);
  const match = route.pattern.exec(pathname)!;
  const params = Object.fromEntries(route.names.map((name, i) => [name, decodeURIComponent(match[i + 1])]));
  try {
    return await toResponse(await route.action({ request, params, context }));
  } catch (thrown) {
    if (thrown instanceof Response) return thrown;
    throw thrown;
  }
}

interface Sent {
  status: number;
  body: string;
}

/** A raw HTTP request, so the test controls Content-Length, chunking and the exact bytes. */
function send(
  route: ActionRoute,
  body: Buffer | Buffer[],
  headers: Record<string, string | number> = {},
): Promise<Sent> {
  return new Promise((resolve, reject) => {
    const chunks = Array.isArray(body) ? body : [body];
    const request = http.request({
      port,
      host: "127.0.0.1",
      method: "POST",
      path: route.path,
      headers: {
        Host: `127.0.0.1:${port}`,
        Origin: `http://127.0.0.1:${port}`,
        "Content-Type": "application/x-www-form-urlencoded",
        ...(route.who === "nobody" ? {} : { Cookie: cookies[route.who] }),
        ...(Array.isArray(body) ? { "Transfer-Encoding": "chunked" } : { "Content-Length": body.length }),
        ...headers,
      },
    });
    request.on("response", (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (c) => (text += c));
      response.on("end", () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    // The server may answer 413 and close before the whole body is sent.
    request.on("error", (error: NodeJS.ErrnoException) =>
      error.code === "EPIPE" || error.code === "ECONNRESET" ? undefined : reject(error),
    );
    (async () => {
      for (const chunk of chunks) {
        if (request.destroyed) return;
        if (!request.write(chunk)) await new Promise((r) => request.once("drain", r));
      }
      request.end();
    })().catch(() => undefined);
  });
}

/** Rows in every table, to show a refused request recorded nothing. */
function tableCounts(): Record<string, number> {
  const client = db().$client;
  const tables = (
    client.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as {
      name: string;
    }[]
  ).map((t) => t.name);
  return Object.fromEntries(
    tables.map((t) => [t, (client.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n]),
  );
}

/** Every form field name the app's pages and actions use, from the source: the unexpected-field and huge-field cases try each. */
function knownFieldNames(): string[] {
  const names = new Set<string>();
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(tsx?)$/.test(entry.name)) {
        const text = fs.readFileSync(full, "utf8");
        for (const m of text.matchAll(/(?:\bname=|form\.get(?:All)?\()"([A-Za-z][\w-]*)"/g)) names.add(m[1]);
        for (const m of text.matchAll(/formValues\([^,]+,\s*\[([^\]]*)\]/g))
          for (const n of m[1].matchAll(/"([\w-]+)"/g)) names.add(n[1]);
      }
    }
  };
  walk(path.resolve("app"));
  return [...names].sort();
}

beforeAll(async () => {
  await seedDemo(db());
  cookies = {
    learner: await signIn("nurse@riverside.example"),
    manager: await signIn("manager@riverside.example"),
    admin: await signIn("admin@cyberbasics.example"),
  };
  const nurse = db().$client.prepare("SELECT id FROM users WHERE email = ?").get("nurse@riverside.example") as {
    id: string;
  };
  routes = Object.entries(routeModules)
    .filter(([, mod]) => typeof mod.action === "function")
    .map(([file, mod]) => toRoute(file, mod.action!, { nurse: nurse.id }))
    // The more specific pattern first, as Remix ranks them.
    .sort((a, b) => b.path.split("/").length - a.path.split("/").length);
  server = http.createServer(createListener({ handle, limits: LIMITS, trustProxy: false }));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

const form = (fields: Record<string, string>) => Buffer.from(new URLSearchParams(fields).toString());

describe("request bodies the server refuses before any action sees them", () => {
  it("finds the forms", () => {
    expect(routes.map((r) => r.file)).toEqual(
      expect.arrayContaining(["sign-in", "learn.$module.quiz", "manage.$org.invite", "account", "admin.organisations"]),
    );
  });

  it("lets an ordinary form through to its action, Welsh letters and all (the control case)", async () => {
    const invite = routes.find((r) => r.file === "manage.$org.invite")!;
    const before = tableCounts();
    const sent = await send(
      invite,
      form({
        givenName: "Siân",
        familyName: "Llŷr",
        email: "sian.llyr@riverside.example",
        unitId: "",
        staffGroup: "nursing-midwifery",
        jobRole: "Nyrs",
        startDate: "2026-01-05",
        role: "learner",
      }),
    );
    expect(sent.status).toBe(200);
    expect(tableCounts().memberships).toBe(before.memberships + 1);
    expect(
      db().$client.prepare("SELECT given_name AS n FROM users WHERE email = ?").get("sian.llyr@riverside.example"),
    ).toEqual({ n: "Siân" });
  });

  it("refuses a form from another site with 403", async () => {
    const route = routes.find((r) => r.file === "sign-in")!;
    const calls = actionCalls.length;
    expect(
      (await send(route, form({ email: "a@b.example", password: "x" }), { Origin: "https://evil.example" })).status,
    ).toBe(403);
    expect(actionCalls.length).toBe(calls);
  });

  const cases: Array<{
    name: string;
    status: number;
    body: (route: ActionRoute) => { body: Buffer | Buffer[]; headers?: Record<string, string | number> };
  }> = [
    {
      name: "a declared Content-Length over the limit",
      status: 413,
      body: (r) => ({ body: Buffer.alloc(limitOf(r) + 1, "a") }),
    },
    {
      name: "a chunked body (no Content-Length) that grows past the limit",
      status: 413,
      body: (r) => ({
        body: Array.from({ length: Math.ceil(limitOf(r) / 16_384) + 2 }, () => Buffer.alloc(16_384, "b")),
      }),
    },
    {
      name: "bytes that are not UTF-8",
      status: 400,
      body: () => ({
        body: Buffer.concat([Buffer.from("email=a%40b.example&password="), Buffer.from([0xff, 0xfe, 0xc3, 0x28])]),
      }),
    },
    {
      name: "percent-escapes that decode to something that is not UTF-8",
      status: 400,
      body: () => ({ body: Buffer.from("email=%ff%fe%c3%28&givenName=%e2%82") }),
    },
    {
      name: "a body that is not a form (JSON)",
      status: 415,
      body: () => ({ body: Buffer.from('{"email":"a@b.example"}'), headers: { "Content-Type": "application/json" } }),
    },
    {
      name: "a multipart body that does not parse",
      status: 400,
      body: () => ({
        body: Buffer.from('--nope\r\nContent-Disposition: form-data; name="x"\r\n\r\nunterminated'),
        headers: { "Content-Type": "multipart/form-data; boundary=something-else" },
      }),
    },
  ];
  const limitOf = (route: ActionRoute) => (route.path.endsWith("/import") ? LIMITS.upload : LIMITS.form);

  for (const c of cases) {
    it(`answers ${c.status} to ${c.name}, for every action, and records nothing`, async () => {
      for (const route of routes) {
        const before = tableCounts();
        const calls = actionCalls.length;
        const { body, headers } = c.body(route);
        const sent = await send(route, body, headers);
        expect(sent.status, `${route.file}: ${sent.body}`).toBe(c.status);
        // The staff list upload reads its own multipart body as it streams (and says what is wrong
        // with one that does not parse); every other action never sees a bad body.
        const ownParser = route.path.endsWith("/import") && c.name === "a multipart body that does not parse";
        if (!ownParser) expect(actionCalls.length, `${route.file}: the action ran`).toBe(calls);
        expect(tableCounts(), route.file).toEqual(before);
      }
    });
  }
});

describe("forms the actions refuse", () => {
  // Forms that are only a button (sign out; send reminders now, with an optional tick box): any
  // POST does what the button does and the fields are ignored, as they should be.
  const BUTTON_ONLY = new Set(["sign-out", "manage.$org.reminders"]);

  it("refuses unexpected fields (a role, an organisation, someone else's id) with 4xx and records nothing", async () => {
    const nurse = db().$client.prepare("SELECT id FROM users WHERE email = ?").get("nurse@riverside.example") as {
      id: string;
    };
    for (const route of routes.filter((r) => !BUTTON_ONLY.has(r.file))) {
      const before = tableCounts();
      const sent = await send(
        route,
        form({
          platformRole: "admin",
          role: "manager",
          organisationId: "1",
          organisationCode: "X99001",
          userId: nurse.id,
          isAdmin: "true",
          __proto__x: "1",
        }),
      );
      expect(sent.status, `${route.file}: ${sent.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
      expect(sent.status, route.file).toBeLessThan(500);
      expect(tableCounts(), route.file).toEqual(before);
    }
  });

  it(
    "refuses a huge value in any field the app knows, with 4xx, and records nothing",
    { timeout: 120_000 },
    async () => {
      const huge = "x".repeat(90_000);
      const fields = knownFieldNames();
      expect(fields).toEqual(expect.arrayContaining(["email", "password", "givenName", "attemptId"]));
      for (const route of routes.filter((r) => !BUTTON_ONLY.has(r.file))) {
        for (const field of fields) {
          const before = tableCounts();
          const sent = await send(route, form({ [field]: huge }));
          expect(sent.status, `${route.file} ${field}: ${sent.body.slice(0, 200)}`).toBeGreaterThanOrEqual(400);
          expect(sent.status, `${route.file} ${field}`).toBeLessThan(500);
          expect(tableCounts(), `${route.file} ${field}`).toEqual(before);
        }
      }
    },
  );

  it("refuses a huge value in an otherwise complete form", async () => {
    const huge = "Ll".repeat(45_000);
    const complete: Array<[string, Record<string, string>]> = [
      [
        "manage.$org.invite",
        {
          givenName: huge,
          familyName: "Jones",
          email: "jones.huge@riverside.example",
          unitId: "",
          staffGroup: "nursing-midwifery",
          jobRole: "",
          startDate: "2026-01-05",
          role: "learner",
        },
      ],
      ["admin.organisations", { code: "XHUGE1", name: huge, kind: "gp-practice", parentCode: "" }],
      ["sign-in", { email: `${huge}@riverside.example`, password: "CyberBasics-demo-2026" }],
      ["forgot-password", { email: `${huge}@riverside.example` }],
      ["account", { language: huge }],
    ];
    for (const [file, fields] of complete) {
      const route = routes.find((r) => r.file === file)!;
      const before = tableCounts();
      const sent = await send(route, form(fields));
      expect(sent.status, `${file}: ${sent.body.slice(0, 200)}`).toBe(400);
      expect(tableCounts(), file).toEqual(before);
    }
  });
});
