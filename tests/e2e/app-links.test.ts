import { describe, expect, inject, it } from "vitest";
import { openPage, signInAs, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const browser = useBrowser();
const LESSON = "/learn/spotting-phishing";

/**
 * The header, footer and lesson pagination links are plain <a> elements (AppLink) that one click
 * listener turns into client-side navigation: check that they still navigate in the app with
 * JavaScript, mark the current section, leave modified clicks to the browser, and work without it.
 */
describe("links every page carries", () => {
  it("navigate in the app without reloading the page, and mark the section you are in", async () => {
    const { context, page, problems } = await openPage(browser());
    await signInAs(page, baseUrl, "nurse@riverside.example");
    await page.goto(`${baseUrl}${LESSON}/1`);
    await page.waitForSelector(".nhsuk-pagination__link--next");
    // Set on this document: it survives only as long as the browser does not load a new one.
    await page.evaluate(() => Object.assign(window, { sameDocument: true }));
    const sameDocument = () => page.evaluate(() => (window as unknown as { sameDocument?: boolean }).sameDocument);

    await page.click(".nhsuk-pagination__link--next");
    await page.waitForURL(`${baseUrl}${LESSON}/2`);
    await page.waitForSelector("p:has-text('Page 2')");
    expect(await sameDocument()).toBe(true);

    await page.click(".nhsuk-header__navigation-link:has-text('Modules')");
    await page.waitForURL(`${baseUrl}/modules`);
    await page.waitForSelector("h1");
    expect(await sameDocument()).toBe(true);
    expect(await page.getAttribute(".nhsuk-header__navigation-link:has-text('Modules')", "aria-current")).toBe("page");
    expect(await page.getAttribute(".nhsuk-header__navigation-link:has-text('Your training')", "aria-current")).toBe(
      null,
    );

    await page.click(".nhsuk-footer__list-item-link:has-text('Privacy')");
    await page.waitForURL(`${baseUrl}/privacy`);
    expect(await sameDocument()).toBe(true);
    await page.goBack();
    await page.waitForURL(`${baseUrl}/modules`);
    expect(await sameDocument()).toBe(true);

    // A shift-click opens the link in a new window, as for any link; this page stays where it is.
    const [opened] = await Promise.all([
      context.waitForEvent("page"),
      page.click(".nhsuk-footer__list-item-link:has-text('Privacy')", { modifiers: ["Shift"] }),
    ]);
    await opened.waitForLoadState();
    expect(new URL(opened.url()).pathname).toBe("/privacy");
    expect(page.url()).toBe(`${baseUrl}/modules`);
    expect(problems.consoleErrors).toEqual([]);
    await context.close();
  });

  it("are ordinary links without JavaScript", async () => {
    const { context, page } = await openPage(browser(), { javaScriptEnabled: false });
    await signInAs(page, baseUrl, "nurse@riverside.example");
    await page.goto(`${baseUrl}${LESSON}/1`);
    await page.click(".nhsuk-pagination__link--next");
    await page.waitForURL(`${baseUrl}${LESSON}/2`);
    await page.click(".nhsuk-header__navigation-link:has-text('Your training')");
    await page.waitForURL(`${baseUrl}/my-training`);
    expect(await page.getAttribute(".nhsuk-header__navigation-link:has-text('Your training')", "aria-current")).toBe(
      "page",
    );
    await context.close();
  });
});
