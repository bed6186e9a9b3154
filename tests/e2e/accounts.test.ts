import { describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/demo-data";
import { expectAccessible, openPage, signInAs, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const browser = useBrowser();

describe("accounts in a real browser", () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`a demo learner signs in and out (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const { context, page, problems } = await openPage(browser(), { javaScriptEnabled });
      await page.goto(`${baseUrl}/sign-in`);
      await expectAccessible(page);

      await page.fill("#email", "nurse@riverside.example");
      await page.fill("#password", "wrong password");
      await page.click("button:has-text('Sign in')");
      await page.waitForSelector(".nhsuk-error-summary");
      expect(await page.textContent(".nhsuk-error-summary")).toContain("The email address or password is not right");
      await expectAccessible(page);

      await signInAs(page, baseUrl, "nurse@riverside.example");
      await page.waitForSelector("h1:has-text('Your training')");
      await page.click("header >> text=Amira Hussain");
      await page.waitForSelector("h1:has-text('Your account')");
      expect(await page.textContent("main")).toContain("Riverside University Hospitals NHS Trust");
      await expectAccessible(page);

      await page.click("button:has-text('Sign out')");
      await page.waitForURL(/\/sign-in\?reason=signed-out/);
      expect(await page.textContent(".nhsuk-notification-banner")).toContain("You have signed out");
      await page.goto(`${baseUrl}/account`);
      expect(page.url()).toContain("/sign-in?redirectTo=%2Faccount");
      expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
      await context.close();
    });
  }

  it("a demo manager sees only their own organisation", async () => {
    const { context, page, problems } = await openPage(browser(), { javaScriptEnabled: false });
    await signInAs(page, baseUrl, "manager@riverside.example");
    await page.click("text=Manage training");
    await page.waitForURL(`${baseUrl}/manage/XA1`);
    await page.click("nav a:text-is('Staff')");
    await page.waitForURL(`${baseUrl}/manage/XA1/staff`);
    const main = (await page.textContent("main")) ?? "";
    expect(main).toContain("Hussain, Amira");
    expect(main).not.toContain("Pritchard");
    await expectAccessible(page);

    const other = await page.goto(`${baseUrl}/manage/X99001/staff`);
    expect(other?.status()).toBe(403);
    expect(await page.textContent("h1")).toBe("You do not have access to this page");
    expect(await page.textContent("main")).not.toContain("Bryn Medical Practice");

    await page.goto(`${baseUrl}/manage/XA1/target`);
    expect(await page.inputValue("#target")).toMatch(/^\d+$/);
    await expectAccessible(page);

    await page.goto(`${baseUrl}/manage/XA1/staff`);
    await page.click("nav >> text=Invite staff");
    await expectAccessible(page);
    await page.click("button:has-text('Send invitation')");
    await page.waitForSelector(".nhsuk-error-summary");
    expect(await page.textContent(".nhsuk-error-summary")).toContain("Enter their first name");
    await expectAccessible(page);
    expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
    await context.close();
  });

  it("a demo unit manager sees Ward 7 only, and a training manager chooses unit managers", async () => {
    const { context, page, problems } = await openPage(browser(), { javaScriptEnabled: false });
    await signInAs(page, baseUrl, "ward7.manager@riverside.example");
    await page.click("text=Manage training");
    await page.waitForURL(`${baseUrl}/manage/XA1`);
    const nav = (await page.textContent("main nav")) ?? "";
    expect(nav).toContain("Staff");
    expect(nav).toContain("Reminders");
    expect(nav).not.toContain("Import");
    expect(nav).not.toContain("Unit managers");
    expect(await page.textContent("main")).not.toContain("Emergency Department");
    await expectAccessible(page);
    // The data requests the pages make (single fetch) keep to Ward 7 too, whatever unit the URL asks for.
    const otherUnits = ["Emergency Department", "Outpatients", "Estates and Facilities", "Pharmacy"];
    for (const path of [
      "/manage/XA1/staff.data",
      ...Array.from({ length: 8 }, (_, i) => `/manage/XA1.data?unit=${i + 1}`),
    ]) {
      const body = await (await page.request.get(`${baseUrl}${path}`)).text();
      for (const name of [...otherUnits, "Okafor"]) expect(body, path).not.toContain(name);
    }
    expect(await (await page.request.get(`${baseUrl}/manage/XA1/staff.data`)).text()).toContain("Hussain");
    expect((await page.request.get(`${baseUrl}/manage/XA1/requirements.data`)).status()).toBe(403);
    const refused = await page.goto(`${baseUrl}/manage/XA1/requirements`);
    expect(refused?.status()).toBe(403);
    await page.click("button:has-text('Sign out')");

    await signInAs(page, baseUrl, "manager@riverside.example");
    await page.goto(`${baseUrl}/manage/XA1/unit-managers`);
    expect(await page.textContent("main")).toContain("ward7.manager@riverside.example");
    await expectAccessible(page);
    await page.click("button:has-text('Save unit manager')");
    await page.waitForSelector(".nhsuk-error-summary");
    expect(await page.textContent(".nhsuk-error-summary")).toContain("Enter their email address");
    await expectAccessible(page);
    expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
    await context.close();
  });

  it("the admin pages render and pass axe", async () => {
    const { context, page } = await openPage(browser());
    await signInAs(page, baseUrl, "admin@cyberbasics.example");
    await page.waitForSelector("h1:has-text('Your training')");
    for (const path of [
      "/admin/organisations",
      "/admin/organisations/XA1",
      "/admin/users?q=riverside",
      "/admin/requirements",
      "/admin/audit?what=sign-in&from=31%2F02%2F2026",
      "/admin/audit",
    ]) {
      await page.goto(`${baseUrl}${path}`);
      await expectAccessible(page);
    }
    expect(await page.textContent("main")).toContain("Signed in");
    // The audit trail's filters work without JavaScript, and details read as words.
    await page.fill("#who", "admin@cyberbasics");
    await page.selectOption("#what", "sign-in");
    await page.click("button:has-text('Show events')");
    await page.waitForSelector("text=Events matching these filters");
    expect(await page.locator("tbody tr").count()).toBeGreaterThan(0);
    expect(await page.textContent("tbody")).toContain("Client address");
    expect(await page.textContent("tbody")).not.toContain('{"');
    await page.fill("#from", "31/02/2026");
    await page.click("button:has-text('Show events')");
    await page.waitForSelector(".nhsuk-error-summary:has-text('Enter a real date, for example 31/12/2026')");
    await expectAccessible(page);
    await context.close();
  });

  it("refuses a form posted from another site", async () => {
    const forged = await fetch(`${baseUrl}/sign-in`, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: "https://evil.example" },
      body: new URLSearchParams({ email: "nurse@riverside.example", password: DEMO_PASSWORD }),
      redirect: "manual",
    });
    expect(forged.status).toBe(403);
    const noOrigin = await fetch(`${baseUrl}/sign-out`, { method: "POST", redirect: "manual" });
    expect(noOrigin.status).toBe(403);
  });
});
