import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { getQuizBank } from "../../app/content/catalogue.server";
import { formatDate } from "../../app/utils/format-date";
import { todayIso } from "../../app/utils/dates";
import { expectAccessible, openPage, signInAs, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const browser = useBrowser();
const SLUG = "spotting-phishing";

/** Waits until the page has loaded its scripts and React has hydrated it (or failed to). */
async function settled(page: Page) {
  await page.waitForLoadState("networkidle");
  await page.waitForTimeout(200);
}

async function goto(page: Page, path: string) {
  await page.goto(`${baseUrl}${path}`);
  await settled(page);
}

describe("Welsh pages with JavaScript on", () => {
  it("hydrate without errors, with Welsh dates, lang on English titles, and a focused error summary", async () => {
    const { context, page, problems } = await openPage(browser());
    await signInAs(page, baseUrl, "receptionist@bryn.example");
    await goto(page, "/language?to=cy&returnTo=/my-training");
    await page.waitForSelector("h1:has-text('Eich hyfforddiant')");
    // Every module now has Welsh, so its title is Welsh and not marked as English.
    const welshTitle = page.locator(`a[href="/learn/passwords-and-access"]`).first();
    expect(await welshTitle.textContent()).toContain("Cyfrineiriau");
    expect(await welshTitle.getAttribute("lang")).toBeNull();

    await goto(page, `/learn/${SLUG}`);
    await goto(page, `/learn/${SLUG}/1`);
    await goto(page, `/learn/${SLUG}/quiz`);
    await page.click("button[type='submit'].nhsuk-button");
    await page.waitForSelector(".nhsuk-error-summary");
    expect(await page.evaluate(() => document.activeElement?.classList.contains("nhsuk-error-summary"))).toBe(true);
    const firstError = (await page.textContent(".nhsuk-error-summary__list li:first-child a"))!.trim();
    const firstQuestion = (await page.textContent(".nhsuk-form-group .nhsuk-fieldset__heading"))!.trim();
    expect(firstError).toBe(`Atebwch gwestiwn 1: ${firstQuestion}`);
    await expectAccessible(page);

    const bank = getQuizBank(SLUG, "cy")!;
    const names = await page.$$eval("input[name^='q:']", (inputs) => [
      ...new Set(inputs.map((i) => (i as HTMLInputElement).name)),
    ]);
    for (const name of names) {
      for (const option of bank.questions.find((q) => `q:${q.id}` === name)!.options.filter((o) => o.correct))
        await page.check(`input[name="${name}"][value="${option.id}"]`);
    }
    await page.click("button[type='submit'].nhsuk-button");
    await page.waitForSelector("h1:has-text('Rydych wedi pasio')");
    await settled(page);
    await page.click("a.nhsuk-button[href^='/my-training/certificates/']");
    await page.waitForURL(/\/my-training\/certificates\/\d+$/);
    await settled(page);
    const main = (await page.textContent("main"))!;
    expect(main).toContain(formatDate(todayIso(), "cy"));
    const verify = page.locator("main a[href*='/verify/']");
    expect(await verify.count()).toBe(1);
    const verifyHref = (await verify.getAttribute("href"))!;
    expect(await verify.textContent()).toBe(verifyHref);
    await expectAccessible(page);

    await goto(page, "/my-training/history");
    await goto(page, new URL(verifyHref).pathname);
    expect(await page.textContent("main")).toContain(formatDate(todayIso(), "cy"));

    expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
    await context.close();
  });

  it("downloads the Welsh evidence pack PDF on a click straight after the page loads", async () => {
    const { context, page, problems } = await openPage(browser());
    await signInAs(page, baseUrl, "manager@bryn.example");
    await goto(page, "/language?to=cy&returnTo=/manage/X99001");
    await page.goto(`${baseUrl}/manage/X99001/evidence?date=${todayIso()}`, { waitUntil: "domcontentloaded" });
    const download = page.waitForEvent("download", { timeout: 15_000 });
    await page.click("a[href*='evidence.pdf']");
    expect((await download).suggestedFilename()).toMatch(/\.pdf$/);
    await settled(page);
    expect(await page.textContent("main")).toContain(formatDate(todayIso(), "cy"));
    expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
    await context.close();
  });
});
