import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, beforeAll, expect } from "vitest";
import { DEMO_PASSWORD } from "../../db/demo-data";

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

export interface PageProblems {
  consoleErrors: string[];
  cspViolations: string[];
}

/** One Chromium for a test file: launched before its tests, closed after them. */
export function useBrowser(): () => Browser {
  let browser: Browser | undefined;
  beforeAll(async () => {
    browser = await launchBrowser();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return () => browser!;
}

/** A fresh context (its own cookies) whose page records console errors and CSP violations. */
export async function openPage(
  browser: Browser,
  options: { javaScriptEnabled?: boolean; locale?: string } = {},
): Promise<{ context: BrowserContext; page: Page; problems: PageProblems }> {
  const context = await browser.newContext({
    javaScriptEnabled: options.javaScriptEnabled ?? true,
    locale: options.locale ?? "en-GB",
  });
  const page = await context.newPage();
  const problems: PageProblems = { consoleErrors: [], cspViolations: [] };
  page.on("console", (message) => {
    if (message.type() !== "error") return;
    const text = message.text();
    // A 4xx answer (a form with errors) is the app working; the browser logs it all the same.
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(text)) return;
    if (/Content[- ]Security[- ]Policy/i.test(text)) problems.cspViolations.push(text);
    else problems.consoleErrors.push(text);
  });
  page.on("pageerror", (error) => problems.consoleErrors.push(error.message));
  return { context, page, problems };
}

const WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

/**
 * Fails the test with each WCAG 2.2 A/AA rule axe finds broken on the page as it stands.
 * axe needs scripts, which a page with JavaScript off cannot run, so axe always checks
 * a copy of the page's current HTML, served from the same address in a page that allows them.
 */
export async function expectAccessible(page: Page): Promise<void> {
  const url = page.url();
  const html = (await page.content()).replace(/<script\b[\s\S]*?<\/script>/gi, "");
  const scratch = await page.context().browser()!.newContext();
  try {
    const copy = await scratch.newPage();
    await copy.route(url, (route) => route.fulfill({ status: 200, contentType: "text/html", body: html }));
    await copy.goto(url);
    const results = await new AxeBuilder({ page: copy }).withTags(WCAG_22_AA).analyze();
    const summary = results.violations.map(
      (v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`,
    );
    expect(summary, `axe on ${url}`).toEqual([]);
  } finally {
    await scratch.close();
  }
}

/** Signs in through the real sign-in form and waits to leave the sign-in page. */
export async function signInAs(page: Page, baseUrl: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${baseUrl}/sign-in`);
  await page.fill("#email", email);
  await page.fill("#password", password);
  await page.click("button:has-text('Sign in')");
  await page.waitForURL((url) => !url.pathname.startsWith("/sign-in"));
}
