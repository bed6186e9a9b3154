import fs from "node:fs";
import { describe, expect, inject, it } from "vitest";
import { expectAccessible, openPage, signInAs, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const browser = useBrowser();

describe("compliance in a real browser", () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`a demo manager sees the dashboard, filters, drills down and downloads a CSV (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const { context, page, problems } = await openPage(browser(), { javaScriptEnabled });
      await signInAs(page, baseUrl, "manager@riverside.example");
      await page.goto(`${baseUrl}/manage/XA1/staff`);
      await page.click("nav >> text=Compliance");
      await page.waitForSelector("h1:has-text('Training compliance')");
      const main = (await page.textContent("main")) ?? "";
      expect(main).toContain("All required training");
      expect(main).toMatch(/\d+(\.\d)?% in date: \d+ of \d+ people counted/);
      expect(main).toContain("Ward 7 (Acute Medicine)");
      expect(await page.locator("svg.app-trend").count()).toBe(1);
      await expectAccessible(page);

      await page.selectOption("#module", "spotting-phishing");
      await page.selectOption("#group", "nursing-midwifery");
      await page.click("button:has-text('Show figures')");
      await page.waitForSelector("h2:has-text('Spotting phishing: the last 12 months')");
      expect(page.url()).toContain("module=spotting-phishing");
      expect(page.url()).toContain("group=nursing-midwifery");
      await expectAccessible(page);

      // The nurse has not done spotting phishing: she is behind the "not started" figure.
      await page.click("a[aria-label*='Not started, Spotting phishing']");
      await page.waitForSelector("h1:has-text('Staff behind the figures')");
      expect(await page.textContent("main")).toContain("Hussain, Amira");
      expect(await page.textContent("main")).not.toContain("Pritchard");
      await expectAccessible(page);
      await page.click("th >> text=Name");
      await page.waitForSelector("th[aria-sort='descending']");
      await expectAccessible(page);
      // The filter form is drawn afresh after each navigation, in the browser when scripts run.
      expect(await page.getAttribute("#module option:first-child", "value")).toBe("all");

      await page.click("nav >> text=Downloads");
      await page.waitForSelector("h1:has-text('Download figures')");
      await expectAccessible(page);
      const [download] = await Promise.all([
        page.waitForEvent("download"),
        page.click("a:has-text('Staff list: CSV (opens in Excel)')"),
      ]);
      expect(download.suggestedFilename()).toMatch(/^XA1-staff-training-\d{4}-\d{2}-\d{2}\.csv$/);
      const csv = fs.readFileSync((await download.path())!, "utf8");
      expect(csv.charCodeAt(0)).toBe(0xfeff);
      expect(csv).toContain('"Exported by","Grace Okafor (manager@riverside.example)"');
      expect(csv).toContain('"Hussain","Amira"');
      expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
      await context.close();
    });
  }

  it("the learning outcomes and the DSPT evidence pack render and pass axe", async () => {
    const { context, page, problems } = await openPage(browser());
    await signInAs(page, baseUrl, "manager@riverside.example");
    await page.goto(`${baseUrl}/manage/XA1/compliance/outcomes`);
    await page.waitForSelector("h1:has-text('Learning outcomes')");
    await expectAccessible(page);
    await page.goto(`${baseUrl}/manage/XA1/evidence`);
    await page.waitForSelector("h2:has-text('1. Training needs analysis')");
    await expectAccessible(page);
    await page.fill("#date", "2001-01-01");
    await page.click("button:has-text('Show the evidence')");
    await page.waitForSelector(".nhsuk-error-summary");
    expect(await page.textContent(".nhsuk-error-summary")).toContain("within the last 12 months");
    await expectAccessible(page);
    const pdf = await page.request.get(`${baseUrl}/manage/XA1/evidence.pdf`);
    expect(pdf.headers()["content-type"]).toBe("application/pdf");
    expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");
    expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
    await context.close();
  });

  it("the analyst sees every organisation without names, and managers cannot", async () => {
    const { context, page } = await openPage(browser(), { javaScriptEnabled: false });
    await signInAs(page, baseUrl, "analyst@cyberbasics.example");
    await page.goto(`${baseUrl}/analyst`);
    await page.waitForSelector("h1:has-text('Compliance across organisations')");
    const main = (await page.textContent("main")) ?? "";
    for (const name of ["Riverside University Hospitals NHS Trust", "Bryn Medical Practice", "Oak Lodge Care Home"])
      expect(main).toContain(name);
    for (const person of ["Hussain", "Okafor", "Llywelyn", "Nowak"]) expect(main).not.toContain(person);
    // Each row's people counted, adding up to the total above the table; a figure that would give a
    // hidden one away is withheld.
    expect(main).toContain("People counted");
    expect(main).toMatch(/\d+ of \d+ people counted/);
    expect(main).toContain("Not shown");
    await expectAccessible(page);
    await page.selectOption("#view", "parents");
    await page.click("button:has-text('Show figures')");
    await page.waitForSelector("caption:has-text('by parent organisation')");
    expect(await page.textContent("main")).toContain("Demo Valley Integrated Care Board");
    await expectAccessible(page);
    await context.close();

    const manager = await openPage(browser(), { javaScriptEnabled: false });
    await signInAs(manager.page, baseUrl, "manager@riverside.example");
    expect((await manager.page.goto(`${baseUrl}/analyst`))?.status()).toBe(403);
    await manager.context.close();
  });
});
