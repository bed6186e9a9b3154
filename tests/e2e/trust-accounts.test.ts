import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/demo-data";
import { createSeededDatabase, startServer, type RunningServer } from "../../scripts/bench-harness";
import { expectAccessible, openPage, signInAs, useBrowser } from "./browser";

/**
 * The built server behind one trusted reverse proxy (TRUST_PROXY=true), as a trust runs it: sign-in
 * throttling by client address, the Origin check in front of Remix, the 403 page, and what a shared
 * ward PC keeps after sign-out.
 */
let server: RunningServer;
let remove: () => void;
let base: string;

beforeAll(async () => {
  const database = await createSeededDatabase("cyber-basics-e2e-trust-");
  remove = database.remove;
  server = await startServer({
    databasePath: database.databasePath,
    outboxDir: database.outboxDir,
    workers: 1,
    env: { TRUST_PROXY: "true" },
  });
  base = server.baseUrl;
}, 120_000);

afterAll(async () => {
  await server?.stop();
  remove?.();
});

/** A sign-in form post as the proxy forwards it: `forwardedFor` is the whole X-Forwarded-For header. */
function postSignIn(email: string, password: string, forwardedFor: string, cookie?: string) {
  return fetch(`${base}/sign-in`, {
    method: "POST",
    redirect: "manual",
    headers: {
      "Content-Type": "application/x-www-form-urlencoded",
      Origin: base,
      "X-Forwarded-For": forwardedFor,
      ...(cookie ? { Cookie: cookie } : {}),
    },
    body: new URLSearchParams({ email, password }),
  });
}

const cookiesOf = (response: Response) =>
  response.headers
    .getSetCookie()
    .map((c) => c.split(";")[0])
    .join("; ");

describe("a trust behind one proxy", () => {
  it("six failures by other people from the ward's address, then a nurse's correct password from that address signs in", async () => {
    const ward = "203.0.113.10";
    for (const email of [
      "typo@riverside.example",
      "manager@riverside.example",
      "bank.nurse@riverside.example",
      "someone@riverside.example",
      "carer@oaklodge.example",
      "x@riverside.example",
    ]) {
      // Whatever a client writes on the left, the proxy's own entry (the right-most) is the address.
      expect(
        (await postSignIn(email, "wrong password", `198.51.100.${Math.floor(Math.random() * 200)}, ${ward}`)).status,
      ).toBe(400);
    }
    const nurse = await postSignIn("nurse@riverside.example", DEMO_PASSWORD, ward);
    expect(nurse.status).toBe(302);
    const session = nurse.headers.getSetCookie().find((c) => c.startsWith("cb_session="))!;
    expect(session).not.toMatch(/Max-Age|Expires/i);
  });

  it("refuses Origin: null with a Referer from this site, with 403 rather than an error", async () => {
    const result = await fetch(`${base}/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "null", Referer: `${base}/sign-in` },
      body: new URLSearchParams({ email: "nurse@riverside.example", password: DEMO_PASSWORD }),
    });
    expect(result.status).toBe(403);
  });

  it("shows a non-admin the app's own 403 page on /admin", async () => {
    const cookie = cookiesOf(await postSignIn("nurse@riverside.example", DEMO_PASSWORD, "203.0.113.11"));
    const result = await fetch(`${base}/admin`, { headers: { Cookie: cookie }, redirect: "manual" });
    expect(result.status).toBe(403);
    expect(result.headers.get("Content-Type")).toMatch(/^text\/html/);
    const html = await result.text();
    expect(html).toMatch(/<html lang="en-GB"/);
    expect(html).toMatch(/<title>[^<]+<\/title>/);
    expect(html).toContain("You do not have access to this page");
  });
});

describe("a shared ward PC", () => {
  const browser = useBrowser();

  it("keeps signed-in pages and downloads out of every cache, and clears the cache at sign-out", async () => {
    const cookie = cookiesOf(await postSignIn("manager@riverside.example", DEMO_PASSWORD, "203.0.113.12"));
    for (const path of ["/manage/XA1/staff", "/manage/XA1/export/staff?format=csv", "/my-training", "/"]) {
      const result = await fetch(`${base}${path}`, { headers: { Cookie: cookie }, redirect: "manual" });
      expect(result.status, path).toBe(200);
      expect(result.headers.get("Cache-Control"), path).toBe("no-store");
    }
    const out = await fetch(`${base}/sign-out`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: cookie, Origin: base, "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(out.headers.get("Clear-Site-Data")).toBe('"cache"');
  });

  it("Back after sign-out does not show the staff list", async () => {
    const { context, page } = await openPage(browser());
    try {
      await signInAs(page, base, "manager@riverside.example");
      await page.goto(`${base}/manage/XA1/staff`);
      await expect(page.locator("h1").textContent()).resolves.toBe("Staff");
      await page.click("button:has-text('Sign out')");
      await page.waitForURL((url) => url.pathname === "/sign-in");
      // With JavaScript the sign-out can leave the sign-in page in history twice: go back until
      // the browser asks for the staff page again, which must answer with sign-in, not a cached copy.
      for (let step = 0; step < 3 && !page.url().includes("redirectTo"); step++) {
        await page.goBack({ waitUntil: "load" });
        await page
          .waitForURL((url) => url.pathname !== "/sign-in" || url.searchParams.has("redirectTo"), { timeout: 5_000 })
          .catch(() => undefined);
      }
      await page.waitForLoadState("load");
      expect(page.url()).toContain("/sign-in?redirectTo=%2Fmanage%2FXA1%2Fstaff");
      expect(await page.locator("table").count()).toBe(0);
    } finally {
      await context.close();
    }
  });
});

describe("joining another organisation", () => {
  const browser = useBrowser();

  for (const javaScriptEnabled of [false, true]) {
    it(`a manager invites someone who has an account; they accept on their account page, then leave (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const email = javaScriptEnabled ? "carer@oaklodge.example" : "manager@oaklodge.example";
      const manager = await openPage(browser(), { javaScriptEnabled });
      const person = await openPage(browser(), { javaScriptEnabled });
      try {
        const m = manager.page;
        await signInAs(m, base, "manager@riverside.example");
        await m.goto(`${base}/manage/XA1/invite`);
        await m.fill("#givenName", "Typed");
        await m.fill("#familyName", "By Riverside");
        await m.fill("#email", email);
        await m.selectOption("#staffGroup", "admin-clerical");
        await m.click("button:has-text('Send invitation')");
        await m.waitForSelector(".nhsuk-notification-banner");
        expect(await m.textContent(".nhsuk-notification-banner")).toContain(`We have emailed ${email}`);
        await m.goto(`${base}/manage/XA1/staff`);
        const pending = (await m.textContent("main")) ?? "";
        expect(pending).toContain("Awaiting acceptance");
        expect(pending).toContain("By Riverside, Typed");
        await expectAccessible(m);

        const p = person.page;
        await signInAs(p, base, email);
        await p.goto(`${base}/account`);
        expect(await p.textContent("main")).toContain("Riverside University Hospitals NHS Trust has asked you to join");
        await expectAccessible(p);
        await p.click("button:has-text('Accept and join')");
        await p.waitForSelector(".nhsuk-notification-banner");
        expect(await p.textContent(".nhsuk-notification-banner")).toContain(
          "You have joined Riverside University Hospitals NHS Trust",
        );
        await expectAccessible(p);
        await p.click("button:has-text('Leave Riverside University Hospitals NHS Trust')");
        await p.waitForSelector(".nhsuk-notification-banner:has-text('You have left')");
        // With JavaScript the list is reloaded just after the banner shows.
        await p.locator("button:has-text('Leave Riverside')").waitFor({ state: "detached", timeout: 10_000 });
        expect(manager.problems.consoleErrors.concat(person.problems.consoleErrors)).toEqual([]);
      } finally {
        await manager.context.close();
        await person.context.close();
      }
    });
  }
});
