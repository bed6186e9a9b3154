import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import Database from "better-sqlite3";
import { HtmlValidate } from "html-validate";
import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { expectAccessible, openPage, signInAs, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const databasePath = inject("databasePath");
const browser = useBrowser();

const signInAsManager = (page: Page) => signInAs(page, baseUrl, "manager@riverside.example");

const validator = new HtmlValidate({ extends: ["html-validate:standard"], rules: { "no-inline-style": "off" } });

/** The page as the server sent it (JavaScript is off) is valid HTML. */
async function expectValidHtml(page: Page): Promise<void> {
  const report = await validator.validateString(await page.content());
  expect(report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId}: ${m.message}`))).toEqual([]);
}

async function staffCount(page: Page): Promise<number> {
  await page.goto(`${baseUrl}/manage/XA1/staff`);
  const text = (await page.textContent("main")) ?? "";
  const match = text.match(/(\d+) people/);
  if (!match) throw new Error(`No staff count on the staff page: ${text.slice(0, 200)}`);
  return Number(match[1]);
}

describe("staff list import in a real browser", () => {
  it("a manager uploads a file without JavaScript, sees the rows with problems, applies it, and the staff count changes", async () => {
    const { context, page, problems } = await openPage(browser(), { javaScriptEnabled: false });
    await signInAsManager(page);
    const before = await staffCount(page);

    await page.click("nav >> text=Upload staff list");
    await page.waitForURL(`${baseUrl}/manage/XA1/import`);
    expect(await page.textContent("h1")).toBe("Upload a staff list");
    await expectAccessible(page);
    await expectValidHtml(page);

    // Sending the form with no file says so, accessibly.
    await page.click("button:has-text('Check the file')");
    await page.waitForSelector(".nhsuk-error-summary");
    expect(await page.textContent(".nhsuk-error-summary")).toContain("Choose a CSV or Excel file to upload");
    await expectAccessible(page);

    await page.setInputFiles("#file", path.resolve("tests/fixtures/import/staff-list.csv"));
    await page.click("button:has-text('Check the file')");
    await page.waitForURL(/\/manage\/XA1\/import\/[\w-]+$/);
    expect(await page.textContent("[data-count=added]")).toBe("5");
    await expectAccessible(page);
    await page.click("button:has-text('Apply these changes')");
    await page.waitForSelector("h1:has-text('Staff list imported')");
    // Five rows to add, one of them an account of another organisation's, who is asked to join instead.
    expect(await staffCount(page)).toBe(before + 4);

    await page.goto(`${baseUrl}/manage/XA1/import`);
    await page.setInputFiles("#file", path.resolve("tests/fixtures/import/errors.csv"));
    await page.click("button:has-text('Check the file')");
    await page.waitForURL(/\/manage\/XA1\/import\/[\w-]+$/);
    expect(await page.textContent("h1")).toBe("Check the changes");
    expect(await page.textContent("[data-count=added]")).toBe("3");
    expect(await page.textContent("[data-count=invalid]")).toBe("8");
    // The people to add are named first; the rows left out are a link away.
    expect(await page.textContent("#plan-add")).toContain("Nia Valid");
    await expectAccessible(page);
    await page.click("a:has-text('Left out (8)')");
    await page.waitForSelector("#plan-leftOut");
    const table = (await page.textContent("#plan-leftOut")) ?? "";
    expect(table).toContain("Email is missing");
    expect(table).toContain('Staff group "Porters" is not one we know');
    expect(table).toContain("Organisation code X99001 is not one you manage (XA1), so this row is left out");
    await expectAccessible(page);
    await expectValidHtml(page);

    await page.click("button:has-text('Apply these changes')");
    await page.waitForSelector("h1:has-text('Staff list imported')");
    expect(await page.textContent("[data-count=added]")).toBe("3");
    expect(await page.textContent("main")).toContain("Download the rows left out");
    await expectAccessible(page);

    expect(await staffCount(page)).toBe(before + 7);
    expect(await page.textContent("main")).toContain("Valid, Nia");

    for (const path of ["/manage/XA1/requirements", "/manage/XA1/reminders"]) {
      await page.goto(`${baseUrl}${path}`);
      await expectValidHtml(page);
    }
    expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
    await context.close();
  });

  it("a manager of two organisations sees and applies one file for both, accessibly", async () => {
    // Riverside's manager manages Oak Lodge too, for this test only.
    const client = new Database(databasePath);
    const role = client
      .prepare(
        `INSERT INTO memberships (user_id, organisation_id, staff_group, role, start_date)
         SELECT u.id, o.id, 'admin-clerical', 'manager', '2020-01-01' FROM users u, organisations o
         WHERE u.email = 'manager@riverside.example' AND o.code = 'VX001'`,
      )
      .run().lastInsertRowid;
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cyber-basics-e2e-import-")), "care-group.csv");
    fs.writeFileSync(
      file,
      [
        "First Name,Last Name,Email,Org Code,Staff Group,Start Date",
        "Eira,Vaughan,eira.vaughan@riverside.example,XA1,Nursing,2026-10-01",
        "Bryn,Tudor,bryn.tudor@oaklodge.example,VX001,Social Care,2026-10-01",
        "Not,Mine,not.mine@bryn.example,X99001,Nursing,2026-10-01",
      ].join("\n"),
    );
    try {
      const { context, page, problems } = await openPage(browser(), { javaScriptEnabled: false });
      await signInAsManager(page);
      await page.goto(`${baseUrl}/manage/XA1/import`);
      await page.setInputFiles("#file", file);
      await page.click("button:has-text('Check the file')");
      await page.waitForURL(/\/manage\/XA1\/import\/[\w-]+$/);
      const organisations = (await page.textContent("#import-organisations")) ?? "";
      expect(organisations).toContain("Riverside University Hospitals NHS Trust (XA1)");
      expect(organisations).toContain("Oak Lodge Care Home (VX001)");
      expect(await page.textContent("#plan-add")).toContain("VX001");
      await expectAccessible(page);
      await expectValidHtml(page);
      await page.click("button:has-text('Apply these changes')");
      await page.waitForSelector("h1:has-text('Staff list imported')");
      expect(await page.textContent("[data-count=added]")).toBe("2");
      expect(await page.textContent("[data-count=leftOut]")).toBe("1");
      expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
      await context.close();
    } finally {
      client.prepare("DELETE FROM memberships WHERE id = ?").run(role);
      client.close();
      fs.rmSync(path.dirname(file), { recursive: true, force: true });
    }
  });

  it("the requirements and reminders pages work with JavaScript under the strict CSP and pass axe", async () => {
    const { context, page, problems } = await openPage(browser());
    await signInAsManager(page);

    await page.goto(`${baseUrl}/manage/XA1/requirements`);
    expect(await page.textContent("h1")).toBe("Training requirements");
    expect(await page.textContent("table")).toContain("National default");
    await expectAccessible(page);
    await page.selectOption("#moduleSlug", "spotting-phishing");
    await page.fill("#renewalDays", "10");
    await page.click("button:has-text('Save rule')");
    await page.waitForSelector(".nhsuk-error-summary");
    expect(await page.textContent(".nhsuk-error-summary")).toContain("Enter a whole number of days from 30 to 1095");
    await expectAccessible(page);
    await page.fill("#renewalDays", "180");
    await page.click("button:has-text('Save rule')");
    await page.waitForSelector(".nhsuk-notification-banner--success");
    // The banner comes with the action's answer; the table with the loaders' revalidation after it.
    await page.locator("table", { hasText: "180 days" }).waitFor();
    await expectAccessible(page);

    await page.goto(`${baseUrl}/manage/XA1/reminders`);
    expect(await page.textContent("h1")).toBe("Reminders");
    await expectAccessible(page);
    await page.click("button:has-text('Send reminders')");
    await page.waitForSelector(".nhsuk-notification-banner--success");
    expect(await page.textContent(".nhsuk-notification-banner")).toMatch(
      /Reminder emails are on their way to \d+ people|No one needed a reminder/,
    );
    await expectAccessible(page);
    expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
    await context.close();
  });
});
