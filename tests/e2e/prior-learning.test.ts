import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, inject, it } from "vitest";
import { expectAccessible, openPage, signInAs, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const browser = useBrowser();

describe("importing training done elsewhere, in a real browser", () => {
  it("a manager uploads a completion record without JavaScript, sees the rows left out, and records the rest", async () => {
    const { context, page, problems } = await openPage(browser(), { javaScriptEnabled: false });
    await signInAs(page, baseUrl, "manager@riverside.example");
    await page.click("nav >> text=Import completed training");
    await page.waitForURL(`${baseUrl}/manage/XA1/completions`);
    await expectAccessible(page);

    await page.click("button:has-text('Check the file')");
    await page.waitForSelector(".nhsuk-error-summary");
    await expectAccessible(page);

    // Older than the demo's own completions, so no figure another test reads changes.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cyber-basics-prior-e2e-"));
    const file = path.join(dir, "esr-competences.csv");
    fs.writeFileSync(
      file,
      [
        "Employee Number,Competence Name,Achieved Date,Expiry Date",
        "XA1-2001,Data Security Awareness - Level 1,10/01/2024,10/01/2025",
        "XA1-9999,Data Security Awareness - Level 1,10/01/2024,",
      ].join("\r\n"),
    );
    await page.setInputFiles("#file", file);
    await page.click("button:has-text('Check the file')");
    await page.waitForURL(/\/manage\/XA1\/completions\/[\w-]+$/);
    expect(await page.textContent("h1")).toBe("Check the completions to record");
    expect(await page.textContent("main")).toContain("Mohammed Ali");
    expect(await page.textContent("main")).toContain("XA1-9999");
    await expectAccessible(page);

    await page.click("button:has-text('Record these completions')");
    await page.waitForSelector("#completions-applied");
    expect(await page.textContent("#completions-applied")).toMatch(
      /^Recorded \d+ completions\. 0 were already recorded\. 1 rows? w/,
    );
    await expectAccessible(page);
    expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
    fs.rmSync(dir, { recursive: true, force: true });
    await context.close();
  });
});
