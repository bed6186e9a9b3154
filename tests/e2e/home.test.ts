import { HtmlValidate } from "html-validate";
import { describe, expect, inject, it } from "vitest";
import { expectAccessible, openPage, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const browser = useBrowser();

describe("home page in a real browser", () => {
  it("renders in English, switches to Welsh and back without JavaScript", async () => {
    const { context, page, problems } = await openPage(browser(), { javaScriptEnabled: false });
    await page.goto(baseUrl);
    expect(await page.getAttribute("html", "lang")).toBe("en-GB");
    expect(await page.textContent("h1")).toBe("Cyber security basics for health and care staff");
    await expectAccessible(page);

    await page.click("text=Cymraeg");
    await page.waitForURL(`${baseUrl}/`);
    expect(await page.getAttribute("html", "lang")).toBe("cy");
    expect(await page.textContent("h1")).toBe("Hanfodion seiberddiogelwch i staff iechyd a gofal");
    expect(await page.title()).toBe("Hanfodion Seiber");
    await expectAccessible(page);

    await page.click("text=English");
    expect(await page.getAttribute("html", "lang")).toBe("en-GB");
    expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
    await context.close();
  });

  it("hydrates with JavaScript under the strict CSP with no errors", async () => {
    const { context, page, problems } = await openPage(browser());
    await page.goto(baseUrl);
    await page.waitForFunction(() => (window as unknown as { __remixContext?: unknown }).__remixContext !== undefined);
    await page.click("text=Accessibility statement");
    // Client-side navigation changes the address a moment before the new page renders.
    await page.waitForSelector("h1:has-text('Accessibility statement')");
    expect(page.url()).toBe(`${baseUrl}/accessibility`);
    await expectAccessible(page);
    expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
    await context.close();
  });

  it("follows Accept-Language: cy on a first visit", async () => {
    const { context, page } = await openPage(browser(), { locale: "cy" });
    await page.goto(baseUrl);
    expect(await page.getAttribute("html", "lang")).toBe("cy");
    await context.close();
  });

  it("shows a 404 page in the service layout", async () => {
    const { context, page } = await openPage(browser(), { javaScriptEnabled: false });
    const response = await page.goto(`${baseUrl}/no-such-page`);
    expect(response?.status()).toBe(404);
    expect(await page.textContent("h1")).toBe("Page not found");
    expect(await page.isVisible("header.nhsuk-header")).toBe(true);
    await expectAccessible(page);
    await context.close();
  });

  it("serves valid HTML", async () => {
    const validator = new HtmlValidate({
      extends: ["html-validate:standard"],
      rules: { "no-inline-style": "off" },
    });
    for (const path of ["/", "/accessibility", "/privacy"]) {
      const html = await (await fetch(`${baseUrl}${path}`)).text();
      const report = await validator.validateString(html);
      const messages = report.results.flatMap((r) => r.messages.map((m) => `${path} ${m.ruleId}: ${m.message}`));
      expect(messages).toEqual([]);
    }
  });

  it("answers /healthz", async () => {
    const response = await fetch(`${baseUrl}/healthz`);
    expect(response.status).toBe(200);
  });
});
