import { randomBytes } from "node:crypto";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSeededDatabase,
  freePort,
  startServer,
  type RunningServer,
  type TempDatabase,
} from "../../scripts/bench-harness";
import { DEMO_ACCOUNTS, startIdentityProvider, type RunningProvider } from "../../scripts/identity-provider";
import { expectAccessible, openPage, signInAs, useBrowser } from "./browser";

// A real OpenID Connect provider (oidc-provider) on a loopback port, and the built app on its own
// database, with Riverside using the `email` claim and Bryn the Entra-style `preferred_username`.
const browser = useBrowser();
let database: TempDatabase;
let provider: RunningProvider;
let server: RunningServer;
let baseUrl: string;
let clockPort: number;

const ENCRYPTION_KEY = randomBytes(32).toString("base64");
const RIVERSIDE_CLIENT = { clientId: "riverside-training", clientSecret: randomBytes(24).toString("base64url") };
const BRYN_CLIENT = { clientId: "bryn-training", clientSecret: randomBytes(24).toString("base64url") };

beforeAll(async () => {
  database = await createSeededDatabase("cyber-basics-sso-");
  const port = await freePort();
  clockPort = await freePort();
  const redirectUris = [`http://localhost:${port}/sso/callback`, `http://localhost:${clockPort}/sso/callback`];
  provider = await startIdentityProvider({
    clients: [
      { ...RIVERSIDE_CLIENT, redirectUris },
      { ...BRYN_CLIENT, redirectUris },
    ],
    accounts: [
      ...DEMO_ACCOUNTS,
      { login: "unverified", claims: { email: "nurse@riverside.example", email_verified: false } },
    ],
  });
  server = await startServer({
    databasePath: database.databasePath,
    port,
    env: { SSO_ENCRYPTION_KEY: ENCRYPTION_KEY },
  });
  baseUrl = server.baseUrl;
});

afterAll(async () => {
  await server?.stop();
  await provider?.stop();
  database?.remove();
});

async function configure(
  page: Page,
  code: string,
  settings: { clientId: string; clientSecret: string; claim: string; domains: string; ssoOnly?: boolean },
) {
  await page.goto(`${baseUrl}/admin/organisations/${code}/sso`);
  await page.fill("#issuer", provider.issuer);
  await page.fill("#clientId", settings.clientId);
  await page.fill("#clientSecret", settings.clientSecret);
  await page.check(`input[name=emailClaim][value=${settings.claim}]`);
  await page.fill("#domains", settings.domains);
  if (settings.ssoOnly) await page.check("#ssoOnly");
  await page.click("button:has-text('Save single sign-on settings')");
  await page.waitForSelector(".nhsuk-notification-banner--success");
}

/** From the sign-in page, through the organisation-account step, to the provider's sign-in form. */
async function reachProvider(page: Page, email: string) {
  await page.goto(`${baseUrl}/sign-in`);
  await page.click("a[href='/sso']");
  await page.waitForURL(`${baseUrl}/sso`);
  await page.fill("#email", email);
  await page.click("main form .nhsuk-button");
  await page
    .waitForURL((url) => url.origin === provider.issuer, { waitUntil: "commit" })
    .catch((error) => {
      throw new Error(`${error} at ${page.url()}`);
    });
}

/** Through the organisation-account step to the provider, signing in there as `login`. */
async function signInThroughProvider(page: Page, email: string, login: string) {
  await reachProvider(page, email);
  await page.fill("input[name=login]", login);
  await page.fill("input[name=password]", "any password");
  await page.click("button[type=submit]");
}

describe("single sign-on against a real OpenID Connect provider", () => {
  it("an admin sets up single sign-on for two organisations; the page works without JavaScript and passes axe", async () => {
    const { context, page, problems } = await openPage(browser(), { javaScriptEnabled: false });
    await signInAs(page, baseUrl, "admin@cyberbasics.example");
    await page.goto(`${baseUrl}/admin/organisations`);
    await page.click("a[href='/admin/organisations/XA1/sso']");
    await page.waitForURL(`${baseUrl}/admin/organisations/XA1/sso`);
    expect(await page.textContent("main")).toContain(`${baseUrl}/sso/callback`);
    await expectAccessible(page);

    await page.click("button:has-text('Save single sign-on settings')");
    await page.waitForSelector(".nhsuk-error-summary");
    const summary = await page.textContent(".nhsuk-error-summary");
    expect(summary).toContain("Enter the issuer URL");
    expect(summary).toContain("Enter at least one email domain");
    await expectAccessible(page);

    await page.fill("#issuer", "http://idp.example.org");
    await page.fill("#clientId", "x");
    await page.fill("#clientSecret", "y");
    await page.fill("#domains", "riverside.example");
    await page.click("button:has-text('Save single sign-on settings')");
    await page.waitForSelector(".nhsuk-error-summary");
    expect(await page.textContent(".nhsuk-error-summary")).toContain("The issuer address must start with https://");

    await configure(page, "XA1", { ...RIVERSIDE_CLIENT, claim: "email", domains: "riverside.example" });
    expect(await page.inputValue("#clientSecret")).toBe("");
    expect(await page.content()).not.toContain(RIVERSIDE_CLIENT.clientSecret);
    expect(await page.textContent("main")).toContain("A secret is stored");
    await expectAccessible(page);

    await page.goto(`${baseUrl}/admin/organisations/X99001/sso`);
    await page.fill("#issuer", provider.issuer);
    await page.fill("#clientId", BRYN_CLIENT.clientId);
    await page.fill("#clientSecret", BRYN_CLIENT.clientSecret);
    await page.fill("#domains", "riverside.example");
    await page.click("button:has-text('Save single sign-on settings')");
    await page.waitForSelector(".nhsuk-error-summary");
    expect(await page.textContent(".nhsuk-error-summary")).toContain(
      "riverside.example already belongs to another organisation",
    );

    await configure(page, "X99001", {
      ...BRYN_CLIENT,
      claim: "preferred_username",
      domains: "bryn.example",
      ssoOnly: true,
    });
    expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
    await context.close();
  });

  it("a Riverside nurse signs in through her organisation's provider and lands on her training (no JavaScript)", async () => {
    const { context, page } = await openPage(browser(), { javaScriptEnabled: false });
    await page.goto(`${baseUrl}/sign-in`);
    await expectAccessible(page);
    await signInThroughProvider(page, "nurse@riverside.example", "amira");
    await page.waitForURL(`${baseUrl}/my-training`);
    await page.waitForSelector("h1:has-text('Your training')");
    expect(await page.textContent("header")).toContain("Amira Hussain");

    await page.click("button:has-text('Sign out')");
    await page.waitForURL(`${baseUrl}/sso/signed-out`);
    expect(await page.getAttribute("a:has-text('Sign out of your organisation account')", "href")).toBe(
      `${provider.issuer}/session/end?client_id=${RIVERSIDE_CLIENT.clientId}`,
    );
    await expectAccessible(page);
    await page.goto(`${baseUrl}/my-training`);
    expect(page.url()).toContain("/sign-in");
    await context.close();
  });

  it("an Entra-style account (preferred_username) signs in, in Welsh", async () => {
    const { context, page, problems } = await openPage(browser());
    await signInThroughProvider(page, "receptionist@bryn.example", "sian");
    await page.waitForURL(`${baseUrl}/my-training`);
    await page.waitForSelector("h1:has-text('Eich hyfforddiant')");
    expect(problems.cspViolations).toEqual([]);
    await context.close();
  });

  it("refuses an account from a domain the organisation does not own, with a message in English and Welsh", async () => {
    for (const [locale, text] of [
      ["en-GB", "The account you signed in with does not belong to Riverside University Hospitals NHS Trust"],
      ["cy", "Nid yw'r cyfrif y gwnaethoch fewngofnodi ag ef yn perthyn i Riverside University Hospitals NHS Trust"],
    ] as const) {
      const { context, page } = await openPage(browser(), { locale });
      await signInThroughProvider(page, "nurse@riverside.example", "outsider");
      await page.waitForURL((url) => url.pathname === "/sso/callback");
      expect(await page.textContent("#sso-problem")).toContain(text);
      await expectAccessible(page);
      await page.goto(`${baseUrl}/my-training`);
      expect(page.url()).toContain("/sign-in");
      await context.close();
    }
  });

  it("refuses an email the provider has not verified", async () => {
    const { context, page } = await openPage(browser());
    await signInThroughProvider(page, "nurse@riverside.example", "unverified");
    await page.waitForURL((url) => url.pathname === "/sso/callback");
    expect(await page.textContent("#sso-problem")).toContain("does not give us a confirmed work email address");
    await context.close();
  });

  it("refuses a tampered state and a replayed code", async () => {
    const { context, page } = await openPage(browser());
    await reachProvider(page, "nurse@riverside.example");
    const stateCookie = (await context.cookies(`${baseUrl}/sso/callback`)).filter((c) => c.name === "cb_sso_state");
    expect(stateCookie).toHaveLength(1);
    // Sign in at the provider with this browser's cookies, but stop where it sends the browser back to the app.
    let next = new URL((await page.getAttribute("form", "action"))!, page.url()).toString();
    let response = await context.request.post(next, {
      form: { prompt: "login", login: "amira", password: "any" },
      maxRedirects: 0,
    });
    while (!(next = new URL(response.headers().location!, next).toString()).startsWith(`${baseUrl}/sso/callback`)) {
      response = await context.request.get(next, { maxRedirects: 0 });
    }
    const original = new URL(next);
    expect(original.searchParams.get("code")).toBeTruthy();

    const tampered = new URL(original);
    tampered.searchParams.set("state", `${original.searchParams.get("state")}x`);
    expect((await page.goto(tampered.toString()))?.status()).toBe(400);
    expect(await page.textContent("#sso-problem")).toContain("Start again from this page");
    await page.goto(`${baseUrl}/my-training`);
    expect(page.url()).toContain("/sign-in");

    // The untouched answer in a browser that did not start this sign-in (no state cookie): refused.
    const elsewhere = await browser().newContext();
    const elsewherePage = await elsewhere.newPage();
    expect((await elsewherePage.goto(original.toString()))?.status()).toBe(400);
    await elsewherePage.goto(`${baseUrl}/my-training`);
    expect(elsewherePage.url()).toContain("/sign-in");
    await elsewhere.close();

    // The untouched answer still works in this browser: the refusals above were the tampering.
    await page.goto(original.toString());
    await page.waitForURL(`${baseUrl}/my-training`);

    // The same code and state again, with the state cookie the browser had, in a browser not signed in.
    const replay = await browser().newContext();
    await replay.addCookies(stateCookie);
    const replayPage = await replay.newPage();
    expect((await replayPage.goto(original.toString()))?.status()).toBe(400);
    expect(await replayPage.textContent("#sso-problem")).toContain("Start again from this page");
    await replayPage.goto(`${baseUrl}/my-training`);
    expect(replayPage.url()).toContain("/sign-in");
    await replay.close();
    await context.close();
  });

  it("SSO only: Bryn's staff cannot use the password form; everyone else still can", async () => {
    const { context, page } = await openPage(browser(), { javaScriptEnabled: false });
    await page.goto(`${baseUrl}/sign-in`);
    await page.fill("#email", "manager@bryn.example");
    await page.fill("#password", "CyberBasics-demo-2026");
    await page.click("button:has-text('Sign in')");
    await page.waitForSelector(".nhsuk-error-summary");
    expect(await page.textContent(".nhsuk-error-summary")).toContain(
      "sign in with their organisation account, not a password",
    );
    await expectAccessible(page);
    await page.goto(`${baseUrl}/my-training`);
    expect(page.url()).toContain("/sign-in");

    // Nor a password reset, which would sign them in with a password.
    await page.goto(`${baseUrl}/forgot-password`);
    await page.fill("#email", "manager@bryn.example");
    await page.click("main form .nhsuk-button");
    await page.waitForSelector(".nhsuk-error-summary");
    expect(await page.textContent(".nhsuk-error-summary")).toContain(
      "sign in with their organisation account, not a password",
    );

    // Oak Lodge has no single sign-on: its manager signs in with a password and lands on the dashboard.
    await signInAs(page, baseUrl, "manager@oaklodge.example");
    await page.waitForURL(`${baseUrl}/manage/VX001`);
    await context.close();
  });

  it("an address without single sign-on goes on to the password form", async () => {
    const { context, page } = await openPage(browser(), { javaScriptEnabled: false });
    await page.goto(`${baseUrl}/sso`);
    await expectAccessible(page);
    await page.fill("#email", "carer@oaklodge.example");
    await page.click("button:has-text('Continue')");
    await page.waitForURL((url) => url.pathname === "/sign-in");
    expect(await page.inputValue("#email")).toBe("carer@oaklodge.example");
    expect(await page.textContent("main")).toContain("does not use single sign-on");
    await context.close();
  });

  it("a manager may change the settings only once an admin allows it", async () => {
    const { context, page } = await openPage(browser(), { javaScriptEnabled: false });
    await signInAs(page, baseUrl, "manager@riverside.example");
    const refused = await page.goto(`${baseUrl}/manage/XA1/sso`);
    expect(refused?.status()).toBe(403);

    const admin = await openPage(browser(), { javaScriptEnabled: false });
    await signInAs(admin.page, baseUrl, "admin@cyberbasics.example");
    await admin.page.goto(`${baseUrl}/admin/organisations/XA1/sso`);
    await admin.page.check("#managersMayEdit");
    await admin.page.click("button:has-text('Save who can change these settings')");
    await admin.page.waitForSelector(".nhsuk-notification-banner--success");
    await admin.context.close();

    await page.goto(`${baseUrl}/manage/XA1`);
    await page.click("nav a:text-is('Single sign-on')");
    await page.waitForURL(`${baseUrl}/manage/XA1/sso`);
    expect(await page.inputValue("#issuer")).toBe(provider.issuer);
    expect(await page.locator("#managersMayEdit").count()).toBe(0);
    await expectAccessible(page);
    await context.close();
  });
  it("someone without an account is told whom to ask, or gets an account waiting for a manager when the organisation allows it", async () => {
    const { context, page } = await openPage(browser());
    await signInThroughProvider(page, "new.starter@riverside.example", "new.starter");
    await page.waitForURL((url) => url.pathname === "/sso/callback");
    expect(await page.textContent("#sso-problem")).toContain(
      "Ask your training manager at Riverside University Hospitals NHS Trust to add you",
    );
    await context.close();

    const admin = await openPage(browser(), { javaScriptEnabled: false });
    await signInAs(admin.page, baseUrl, "admin@cyberbasics.example");
    await admin.page.goto(`${baseUrl}/admin/organisations/XA1/sso`);
    await admin.page.check("#createAccounts");
    await admin.page.click("button:has-text('Save single sign-on settings')");
    await admin.page.waitForSelector(".nhsuk-notification-banner--success");
    await admin.context.close();

    const again = await openPage(browser());
    await signInThroughProvider(again.page, "new.starter@riverside.example", "new.starter");
    await again.page.waitForURL(`${baseUrl}/my-training`);
    expect(await again.page.textContent("header")).toContain("Sam Newton");
    await again.context.close();

    const manager = await openPage(browser(), { javaScriptEnabled: false });
    await signInAs(manager.page, baseUrl, "manager@riverside.example");
    await manager.page.goto(`${baseUrl}/manage/XA1`);
    await manager.page.click("nav a:text-is('New accounts')");
    await manager.page.waitForURL(`${baseUrl}/manage/XA1/new-accounts`);
    expect(await manager.page.textContent("main table")).toContain("new.starter@riverside.example");
    await expectAccessible(manager.page);
    await manager.context.close();
  });

  it("cancelling at the provider, and a provider that cannot be reached, each get a message to act on", async () => {
    const { context, page } = await openPage(browser());
    await reachProvider(page, "nurse@riverside.example");
    const [cookie] = (await context.cookies(`${baseUrl}/sso/callback`)).filter((c) => c.name === "cb_sso_state");
    const state = JSON.parse(Buffer.from(decodeURIComponent(cookie.value), "base64").toString("utf8")) as string;
    // What the provider sends back when the person presses cancel.
    await page.goto(`${baseUrl}/sso/callback?${new URLSearchParams({ error: "access_denied", state })}`);
    expect(await page.textContent("#sso-problem")).toContain(
      "You cancelled signing in at Riverside University Hospitals NHS Trust",
    );
    await context.close();

    const gone = await startIdentityProvider({
      clients: [{ clientId: "oak", clientSecret: "oak-secret", redirectUris: [`${baseUrl}/sso/callback`] }],
      accounts: [],
    });
    const admin = await openPage(browser(), { javaScriptEnabled: false });
    await signInAs(admin.page, baseUrl, "admin@cyberbasics.example");
    await admin.page.goto(`${baseUrl}/admin/organisations/VX001/sso`);
    await admin.page.fill("#issuer", gone.issuer);
    await admin.page.fill("#clientId", "oak");
    await admin.page.fill("#clientSecret", "oak-secret");
    await admin.page.fill("#domains", "oaklodge.example");
    await admin.page.click("button:has-text('Save single sign-on settings')");
    await admin.page.waitForSelector(".nhsuk-notification-banner--success");
    await admin.context.close();
    await gone.stop();

    const carer = await openPage(browser(), { javaScriptEnabled: false });
    await carer.page.goto(`${baseUrl}/sso`);
    await carer.page.fill("#email", "carer@oaklodge.example");
    await carer.page.click("main form .nhsuk-button");
    await carer.page.waitForSelector(".nhsuk-error-summary");
    expect(await carer.page.textContent(".nhsuk-error-summary")).toContain(
      "We cannot reach your organisation's sign-in service",
    );
    await expectAccessible(carer.page);
    await carer.context.close();
  });
  it("a clock that is wrong by two hours gets a message about the clock", async () => {
    const skewedDatabase = await createSeededDatabase("cyber-basics-sso-clock-");
    const skewed = await startServer({
      databasePath: skewedDatabase.databasePath,
      port: clockPort,
      env: {
        SSO_ENCRYPTION_KEY: ENCRYPTION_KEY,
        CLOCK_OFFSET_MS: String(2 * 60 * 60_000),
        NODE_OPTIONS: `--import ${new URL("../support/clock-offset.mjs", import.meta.url).pathname}`,
      },
    });
    try {
      const admin = await openPage(browser(), { javaScriptEnabled: false });
      await signInAs(admin.page, skewed.baseUrl, "admin@cyberbasics.example");
      await admin.page.goto(`${skewed.baseUrl}/admin/organisations/XA1/sso`);
      await admin.page.fill("#issuer", provider.issuer);
      await admin.page.fill("#clientId", RIVERSIDE_CLIENT.clientId);
      await admin.page.fill("#clientSecret", RIVERSIDE_CLIENT.clientSecret);
      await admin.page.fill("#domains", "riverside.example");
      await admin.page.click("button:has-text('Save single sign-on settings')");
      await admin.page.waitForSelector(".nhsuk-notification-banner--success");
      await admin.context.close();

      const { context, page } = await openPage(browser());
      await page.goto(`${skewed.baseUrl}/sso`);
      await page.fill("#email", "nurse@riverside.example");
      await page.click("main form .nhsuk-button");
      await page.waitForURL((url) => url.origin === provider.issuer, { waitUntil: "commit" });
      await page.fill("input[name=login]", "amira");
      await page.fill("input[name=password]", "any password");
      await page.click("button[type=submit]");
      await page.waitForURL((url) => url.pathname === "/sso/callback");
      expect(await page.textContent("#sso-problem")).toContain(
        "The clock on this computer or on your organisation's sign-in service seems to be wrong",
      );
      await context.close();
    } finally {
      await skewed.stop();
      skewedDatabase.remove();
    }
  });
});
