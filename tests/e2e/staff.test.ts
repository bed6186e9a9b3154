import { describe, expect, inject, it } from "vitest";
import { expectAccessible, openPage, signInAs, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const browser = useBrowser();

// Changes nothing the other browser tests count on: the forms are refused, or saved unchanged.
describe("the staff list and a person's page in a real browser", () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`a manager searches, opens a person and uses their forms (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const { context, page, problems } = await openPage(browser(), { javaScriptEnabled });
      await signInAs(page, baseUrl, "manager@riverside.example");
      await page.goto(`${baseUrl}/manage/XA1/staff`);
      await page.waitForSelector("h1:has-text('Staff')");
      await expectAccessible(page);

      await page.fill("#q", "hussain");
      await page.click("button:has-text('Search')");
      await page.waitForSelector("text=people found");
      expect(page.url()).toContain("q=hussain");
      expect(await page.textContent("main")).not.toContain("Okafor");
      await expectAccessible(page);

      await page.fill("#q", "nobody-by-this-name");
      await page.click("button:has-text('Search')");
      await page.waitForSelector("text=No one matches your search");
      await expectAccessible(page);
      await page.click("a:has-text('Clear search and filters')");
      await page.waitForSelector("th[aria-sort='ascending']");
      await page.click("th >> text=Training status");
      await page.waitForSelector("th[aria-sort='ascending'] >> text=Training status");
      await expectAccessible(page);

      await page.goto(`${baseUrl}/manage/XA1/staff?q=hussain`);
      await page.click("a:has-text('Hussain, Amira')");
      await page.waitForSelector("h1:has-text('Amira Hussain')");
      const main = (await page.textContent("main")) ?? "";
      expect(main).toContain("Required training");
      expect(main).toContain("Ward 7 (Acute Medicine)");
      await expectAccessible(page);

      await page.fill("#endDate", "2000-01-01");
      await page.click("button:has-text('Mark as leaver')");
      await page.waitForSelector(".nhsuk-error-summary");
      expect(await page.textContent(".nhsuk-error-summary")).toContain("cannot be before their start date");
      await expectAccessible(page);

      await page.click("button:has-text('Save changes')");
      await page.waitForSelector(".nhsuk-notification-banner--success");
      expect(page.url()).toContain("done=changed");
      await expectAccessible(page);
      expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
      await context.close();
    });
  }
});
