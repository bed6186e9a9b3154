import { describe, expect, inject, it } from "vitest";
import { expectAccessible, openPage, signInAs, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const browser = useBrowser();

// Reads only: the other browser tests' figures stay as they are.
describe("a unit manager's day in a real browser", () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`the Ward 7 manager searches her staff, opens a person and previews reminders (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const { context, page, problems } = await openPage(browser(), { javaScriptEnabled });
      await signInAs(page, baseUrl, "ward7.manager@riverside.example");
      await page.goto(`${baseUrl}/manage/XA1`);
      await expectAccessible(page);

      await page.goto(`${baseUrl}/manage/XA1/staff`);
      await page.waitForSelector("h1:has-text('Staff')");
      const everyone = (await page.textContent("main")) ?? "";
      expect(everyone).toContain("Hussain");
      expect(everyone).not.toContain("Emergency Department");
      await expectAccessible(page);
      await page.fill("#q", "hussain");
      await page.click("button:has-text('Search')");
      await page.waitForSelector("text=people found");
      await page.click("a:has-text('Hussain, Amira')");
      await page.waitForSelector("h1:has-text('Amira Hussain')");
      expect(await page.textContent("main")).toContain("Ward 7 (Acute Medicine)");
      await expectAccessible(page);

      // Another unit's person is not hers to open, whatever the address says.
      await page.goto(`${baseUrl}/manage/XA1/staff?unit=999999`);
      expect(await page.textContent("main")).not.toContain("Emergency Department");

      await page.goto(`${baseUrl}/manage/XA1/reminders`);
      await page.waitForSelector("h1");
      // Everyone the preview would email is one of her Ward 7 staff.
      const emails = await page.$$eval("#who tbody tr", (rows) =>
        rows.map((row) => (row as HTMLTableRowElement).cells[1].textContent ?? ""),
      );
      expect(emails.length).toBeGreaterThan(0);
      for (const cell of emails.slice(0, 5)) {
        const email = cell.match(/\S+@\S+/)![0];
        await page.goto(`${baseUrl}/manage/XA1/staff?q=${encodeURIComponent(email)}`);
        const rows = await page.$$eval("main table tbody tr", (found) => found.map((row) => row.textContent ?? ""));
        expect(rows.length, email).toBe(1);
      }
      await expectAccessible(page);
      expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
      await context.close();
    });
  }
});
