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

      // Another browser test may already have sent Riverside's reminders, so the
      // counts (everyone due or overdue, reminded or not) carry the scope check.
      const counts = async (p: typeof page) => {
        await p.goto(`${baseUrl}/manage/XA1/reminders`);
        await p.waitForSelector("h1");
        const count = async (key: string) => Number(await p.textContent(`[data-count=${key}]`));
        return { due: await count("due"), overdue: await count("overdue") };
      };
      const hers = await counts(page);
      expect(hers.due + hers.overdue).toBeGreaterThan(0);
      const trainingManager = await openPage(browser(), { javaScriptEnabled });
      await signInAs(trainingManager.page, baseUrl, "manager@riverside.example");
      const wholeTrust = await counts(trainingManager.page);
      await trainingManager.context.close();
      expect(hers.due + hers.overdue).toBeLessThan(wholeTrust.due + wholeTrust.overdue);

      // Everyone the preview would email is one of her Ward 7 staff.
      await page.goto(`${baseUrl}/manage/XA1/reminders`);
      const emails = await page.$$eval("#who tbody tr", (rows) =>
        rows.map((row) => (row as HTMLTableRowElement).cells[1].textContent ?? ""),
      );
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

    it(`the Ward 7 manager opens her learning outcomes from the dashboard (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const { context, page, problems } = await openPage(browser(), { javaScriptEnabled });
      await signInAs(page, baseUrl, "ward7.manager@riverside.example");
      await page.goto(`${baseUrl}/manage/XA1`);
      await page.click("main a:has-text('Learning outcomes')");
      await page.waitForSelector("h1:has-text('Learning outcomes')");
      const text = (await page.textContent("main")) ?? "";
      expect(text).toContain("departments or wards you manage: Ward 7 (Acute Medicine).");
      expect(text).not.toContain("Emergency Department");
      await expectAccessible(page);
      expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
      await context.close();
    });
  }
});
