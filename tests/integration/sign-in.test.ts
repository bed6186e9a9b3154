import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { DEMO_PASSWORD } from "@db/demo-data";
import { auditEvents, sessions } from "@db/schema";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
import { loader as rootLoader } from "~/root";
import { loader as accountLoader } from "~/routes/account";
import { env } from "~/env.server";
import { accountLockedUntil, recordFailedSignIn, signInLimitKeys } from "~/auth/rate-limit.server";
import { loader as languageLoader } from "~/routes/language";
import { action as signInAction } from "~/routes/sign-in";
import { action as signOutAction } from "~/routes/sign-out";
import { signIn } from "../support/auth";
import { callRoute } from "../support/routes";

beforeAll(async () => {
  await seedDemo(db());
});
afterEach(() => {
  vi.useRealTimers();
});

const auditActions = (action: "sign-in" | "sign-in-failed" | "sign-out") =>
  db().select().from(auditEvents).where(eq(auditEvents.action, action)).all();

describe("sign in and out", () => {
  it("signs a demo learner in, shows who they are, and signs them out", async () => {
    const result = await callRoute(signInAction, {
      form: { email: "  Nurse@Riverside.example ", password: DEMO_PASSWORD, redirectTo: "/privacy" },
    });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/privacy");
    const setCookies = result.headers.getSetCookie();
    const session = setCookies.find((c) => c.startsWith("cb_session="))!;
    expect(session).toMatch(/HttpOnly/);
    expect(session).toMatch(/SameSite=Lax/);
    const cookie = result.cookies.join("; ");

    const root = await callRoute(rootLoader, { cookie });
    expect(root.data.user).toEqual({ name: "Amira Hussain", canManage: false, isAdmin: false, isAnalyst: false });
    expect(auditActions("sign-in").length).toBeGreaterThan(0);

    const out = await callRoute(signOutAction, { method: "POST", cookie });
    expect(out.location).toBe("/sign-in?reason=signed-out");
    expect(out.cookies[0]).toBe("cb_session=");
    expect((await callRoute(rootLoader, { cookie })).data.user).toBeNull();
    expect(auditActions("sign-out")).toHaveLength(1);
  });

  it("sets the language cookie from the account after sign-in", async () => {
    const cookie = await signIn("receptionist@bryn.example");
    expect((await callRoute(rootLoader, { cookie })).data.language).toBe("cy");
  });

  it("lands a manager on their dashboard and a learner on their training, unless sent somewhere", async () => {
    const signInAt = (email: string, redirectTo?: string) =>
      callRoute(signInAction, { form: { email, password: DEMO_PASSWORD, ...(redirectTo ? { redirectTo } : {}) } });
    expect((await signInAt("manager@riverside.example")).location).toBe("/manage");
    expect((await signInAt("nurse@riverside.example")).location).toBe("/my-training");
    expect((await signInAt("manager@riverside.example", "/my-training/history")).location).toBe("/my-training/history");
  });

  it("only redirects to local paths after sign-in", async () => {
    const result = await callRoute(signInAction, {
      form: { email: "nurse@riverside.example", password: DEMO_PASSWORD, redirectTo: "//evil.example/x" },
    });
    expect(result.location).toBe("/my-training");
  });

  it("gives the same message for a wrong password and an unknown email", async () => {
    const wrong = await callRoute(signInAction, {
      form: { email: "manager@oaklodge.example", password: "not-the-password" },
      clientIp: "198.51.100.1",
    });
    const unknown = await callRoute(signInAction, {
      form: { email: "nobody@oaklodge.example", password: "not-the-password" },
      clientIp: "198.51.100.1",
    });
    expect(wrong.status).toBe(400);
    expect(wrong.data.errors).toEqual({ email: "auth.errors.invalidCredentials" });
    expect(unknown.data.errors).toEqual(wrong.data.errors);
    expect(wrong.cookies).toEqual([]);
  });

  it("explains what is missing from the form", async () => {
    const result = await callRoute(signInAction, { form: { email: "not an email", password: "" } });
    expect(result.status).toBe(400);
    expect(result.data.errors).toEqual({ email: "auth.errors.emailInvalid", password: "auth.errors.passwordRequired" });
  });

  it("rate limits an account after 5 failures in 15 minutes, even with the right password, then lets it in", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-11-26T10:00:00Z") });
    for (let i = 0; i < 5; i++) {
      const failed = await callRoute(signInAction, {
        form: { email: "manager@bryn.example", password: "wrong" },
        clientIp: `192.0.2.${i}`,
      });
      expect(failed.status).toBe(400);
    }
    const blocked = await callRoute(signInAction, {
      form: { email: "manager@bryn.example", password: DEMO_PASSWORD },
      clientIp: "192.0.2.99",
    });
    expect(blocked.status).toBe(429);
    expect(blocked.data.errors).toEqual({ email: "auth.errors.rateLimited" });
    expect(blocked.cookies).toEqual([]);

    vi.setSystemTime(new Date("2026-11-26T10:16:00Z"));
    const allowed = await callRoute(signInAction, {
      form: { email: "manager@bryn.example", password: DEMO_PASSWORD },
      clientIp: "192.0.2.99",
    });
    expect(allowed.status).toBe(302);
  });

  it("six failures by other people from one address, then a nurse's correct password from that address signs in", async () => {
    const ward = "203.0.113.77";
    for (const email of [
      "guess0@riverside.example",
      "guess1@riverside.example",
      "manager@riverside.example",
      "carer@oaklodge.example",
      "guess2@riverside.example",
      "guess3@riverside.example",
    ]) {
      const failed = await callRoute(signInAction, { form: { email, password: "wrong" }, clientIp: ward });
      expect(failed.status, email).toBe(400);
    }
    const nurse = await callRoute(signInAction, {
      form: { email: "nurse@riverside.example", password: DEMO_PASSWORD },
      clientIp: ward,
    });
    expect(nurse.status).toBe(302);
  });

  it("someone guessing at a nurse's email cannot keep her out of the browser she signed in from before", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-11-27T08:00:00Z") });
    const first = await callRoute(signInAction, {
      form: { email: "bank.nurse@riverside.example", password: DEMO_PASSWORD },
      clientIp: "203.0.113.5",
    });
    expect(first.status).toBe(302);
    const device = first.headers.getSetCookie().find((c) => c.startsWith("cb_device="))!;
    expect(device).toMatch(/HttpOnly/);
    const wardPc = device.split(";")[0];

    for (let i = 0; i < 6; i++) {
      vi.setSystemTime(new Date(Date.UTC(2026, 10, 27, 8, 1, i * 5)));
      await callRoute(signInAction, {
        form: { email: "bank.nurse@riverside.example", password: `guess-${i}` },
        clientIp: "198.51.100.66",
      });
    }
    const attacker = await callRoute(signInAction, {
      form: { email: "bank.nurse@riverside.example", password: DEMO_PASSWORD },
      clientIp: "198.51.100.66",
    });
    expect(attacker.status).toBe(429);
    const fromWardPc = await callRoute(signInAction, {
      form: { email: "bank.nurse@riverside.example", password: DEMO_PASSWORD },
      clientIp: "203.0.113.5",
      cookie: wardPc,
    });
    expect(fromWardPc.status).toBe(302);
    // A device cookie from another person's sign-in does not count for this account.
    const other = await callRoute(signInAction, {
      form: { email: "manager@bryn.example", password: DEMO_PASSWORD },
      clientIp: "203.0.113.6",
    });
    const otherDevice = other.headers
      .getSetCookie()
      .find((c) => c.startsWith("cb_device="))!
      .split(";")[0];
    const borrowed = await callRoute(signInAction, {
      form: { email: "bank.nurse@riverside.example", password: DEMO_PASSWORD },
      clientIp: "203.0.113.6",
      cookie: otherDevice,
    });
    expect(borrowed.status).toBe(429);
  });

  it("locks an account for longer after each further failure, up to 15 minutes", () => {
    const t = Date.UTC(2026, 10, 27, 9, 0);
    expect(accountLockedUntil(4, t)).toBeNull();
    expect(accountLockedUntil(5, t)).toBe(t + 60_000);
    expect(accountLockedUntil(6, t)).toBe(t + 120_000);
    expect(accountLockedUntil(8, t)).toBe(t + 480_000);
    expect(accountLockedUntil(20, t)).toBe(t + 15 * 60_000);
  });

  it("past the bulk limit, an address may only sign in from browsers that signed in before", async () => {
    const nat = "192.0.2.200";
    const known = await callRoute(signInAction, {
      form: { email: "receptionist@bryn.example", password: DEMO_PASSWORD },
      clientIp: nat,
    });
    const device = known.headers
      .getSetCookie()
      .find((c) => c.startsWith("cb_device="))!
      .split(";")[0];
    // Bulk guessing across many accounts, recorded as the sign-in action records each failure.
    const now = Date.now();
    for (let i = 0; i < env().SIGN_IN_ADDRESS_LIMIT; i++)
      recordFailedSignIn(signInLimitKeys(`bulk${i}@example.com`, nat, null), now);
    const fresh = await callRoute(signInAction, {
      form: { email: "manager@oaklodge.example", password: DEMO_PASSWORD },
      clientIp: nat,
    });
    expect(fresh.status).toBe(429);
    const again = await callRoute(signInAction, {
      form: { email: "receptionist@bryn.example", password: DEMO_PASSWORD },
      clientIp: nat,
      cookie: device,
    });
    expect(again.status).toBe(302);
  });

  it("sets a session cookie that ends with the browser (no Max-Age or Expires)", async () => {
    const result = await callRoute(signInAction, {
      form: { email: "carer@oaklodge.example", password: DEMO_PASSWORD },
    });
    const session = result.headers.getSetCookie().find((c) => c.startsWith("cb_session="))!;
    expect(session).not.toMatch(/Max-Age|Expires/i);
    expect(session).toMatch(/HttpOnly/);
  });

  it("signs in and redirects to an address with letters outside Latin-1", async () => {
    const sessionsBefore = db().select().from(sessions).all().length;
    const result = await callRoute(signInAction, {
      form: { email: "carer@oaklodge.example", password: DEMO_PASSWORD, redirectTo: "/modules?q=Wiśniewski" },
    });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/modules?q=Wi%C5%9Bniewski");
    expect(result.cookies.some((c) => c.startsWith("cb_session=") && c !== "cb_session=")).toBe(true);
    expect(db().select().from(sessions).all().length).toBe(sessionsBefore + 1);
  });

  it("the language switch returns to an address with letters outside Latin-1", async () => {
    const result = await callRoute(languageLoader, {
      path: `/language?to=cy&returnTo=${encodeURIComponent("/modules?q=Wiśniewski")}`,
    });
    expect(result.status).toBe(302);
    expect(result.location).toBe("/modules?q=Wi%C5%9Bniewski");
  });
});

describe("sign out on a shared PC", () => {
  it("tells the browser to drop its cached pages", async () => {
    const cookie = await signIn("nurse@riverside.example");
    const out = await callRoute(signOutAction, { method: "POST", cookie });
    expect(out.headers.get("Clear-Site-Data")).toBe('"cache"');
  });
});

describe("idle timeout", () => {
  it("signs out after 30 minutes without activity, with a message", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-11-26T09:00:00Z") });
    const cookie = await signIn("bank.nurse@riverside.example");
    vi.setSystemTime(new Date("2026-11-26T09:20:00Z"));
    expect((await callRoute(accountLoader, { cookie, path: "/account" })).status).toBe(200);

    vi.setSystemTime(new Date("2026-11-26T09:51:00Z"));
    const afterIdle = await callRoute(accountLoader, { cookie, path: "/account" });
    expect(afterIdle.status).toBe(302);
    expect(afterIdle.location).toBe("/sign-in?redirectTo=%2Faccount&reason=timeout");
    expect(afterIdle.cookies).toEqual(["cb_session="]);
    const root = await callRoute(rootLoader, { cookie });
    expect(root.data.sessionEnded).toBe(true);
  });

  it("keeps an active person signed in past 30 minutes", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-11-26T12:00:00Z") });
    let cookie = await signIn("nurse@riverside.example");
    for (const minute of [16, 32, 48, 64]) {
      vi.setSystemTime(new Date(Date.UTC(2026, 10, 26, 12, minute)));
      const result = await callRoute(rootLoader, { cookie });
      expect(result.data.user, `at +${minute} min`).not.toBeNull();
      const refreshed = result.cookies.find((c) => c.startsWith("cb_session="));
      if (refreshed) cookie = refreshed;
    }
  });
});
