import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { getQuizBank } from "../../app/content/catalogue.server";
import { openPage, signInAs, useBrowser, type PageProblems } from "./browser";

const baseUrl = inject("baseUrl");
// Not the module or learner the learner journey test uses: this file must not depend on the order.
const SLUG = "passwords-and-access";
const LEARNER = "bank.nurse@riverside.example";
const browser = useBrowser();

/** Opens a page with scripts on and waits until React has hydrated it, so any script it runs has run. */
async function visit(page: Page, pathname: string, visited: string[]) {
  const response = await page.goto(`${baseUrl}${pathname}`);
  expect(response?.status(), pathname).toBeLessThan(400);
  await page.waitForFunction(() => (window as unknown as { __remixRouter?: unknown }).__remixRouter !== undefined);
  await page.waitForLoadState("networkidle");
  visited.push(new URL(page.url()).pathname);
}

function expectNoViolations(problems: PageProblems, visited: string[]) {
  expect({ visited, ...problems }).toEqual({ visited, consoleErrors: [], cspViolations: [] });
}

describe("every main page under the Content-Security-Policy, with JavaScript on", () => {
  it("a learner: home, sign-in, training, a module, a lesson, the quiz, a result, a certificate, verify, account", async () => {
    const { context, page, problems } = await openPage(browser());
    const visited: string[] = [];
    await visit(page, "/", visited);
    await visit(page, "/sign-in", visited);
    await signInAs(page, baseUrl, LEARNER);
    await visit(page, "/my-training", visited);
    await visit(page, "/modules", visited);
    await visit(page, `/learn/${SLUG}`, visited);
    await visit(page, `/learn/${SLUG}/1`, visited);
    // The lesson arrived in the page's HTML, not in the hydration data: hydrating keeps it.
    expect(await page.locator(".app-lesson").innerHTML()).toContain("<");
    // Client-side navigation to the next lesson page: its HTML comes through loader data.
    const nextPage = page.locator(".nhsuk-pagination__link--next");
    await nextPage.click();
    await page.waitForURL(`${baseUrl}/learn/${SLUG}/2`);
    expect(await page.locator(".app-lesson").innerHTML()).not.toBe("");
    await visit(page, `/learn/${SLUG}/quiz`, visited);

    const bank = getQuizBank(SLUG, "en-GB")!;
    const names = await page.$$eval("input[name^='q:']", (inputs) => [
      ...new Set(inputs.map((i) => (i as HTMLInputElement).name)),
    ]);
    for (const name of names) {
      const question = bank.questions.find((q) => `q:${q.id}` === name)!;
      for (const option of question.options.filter((o) => o.correct))
        await page.check(`input[name="${name}"][value="${option.id}"]`);
    }
    await page.click("button:has-text('Submit answers')");
    await page.waitForSelector("h1:has-text('You passed')");
    visited.push(new URL(page.url()).pathname);
    await page.click("text=View your certificate");
    await page.waitForSelector("h1:has-text('Certificate of completion')");
    const certificate = new URL(page.url()).pathname;
    await visit(page, certificate, visited);
    await visit(page, "/my-training/history", visited);
    await visit(page, "/verify", visited);
    await visit(page, "/account", visited);
    expect(visited).toHaveLength(12);
    expectNoViolations(problems, visited);
    await context.close();
  });

  it("a manager: staff and invite pages, with the invite form's errors shown", async () => {
    const { context, page, problems } = await openPage(browser());
    const visited: string[] = [];
    await signInAs(page, baseUrl, "manager@riverside.example");
    await visit(page, "/manage/XA1/staff", visited);
    await visit(page, "/manage/XA1/invite", visited);
    await page.click("button:has-text('Send invitation')");
    await page.waitForSelector(".nhsuk-error-summary");
    expectNoViolations(problems, visited);
    await context.close();
  });

  it("an admin: organisations, users, a user, the audit trail", async () => {
    const { context, page, problems } = await openPage(browser());
    const visited: string[] = [];
    await signInAs(page, baseUrl, "admin@cyberbasics.example");
    for (const pathname of ["/admin", "/admin/organisations", "/admin/users", "/admin/users?q=riverside"])
      await visit(page, pathname, visited);
    const userLink = page.locator("main a[href^='/admin/users/']").first();
    await visit(page, (await userLink.getAttribute("href"))!, visited);
    await visit(page, "/admin/audit", visited);
    expectNoViolations(problems, visited);
    await context.close();
  });

  it("is enforced: a script without the nonce is refused and reported", async () => {
    const { context, page, problems } = await openPage(browser());
    await page.goto(baseUrl);
    await page.evaluate(() => {
      const script = document.createElement("script");
      script.textContent = "window.__injected = true";
      document.body.append(script);
    });
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __injected?: boolean }).__injected)).toBeUndefined();
    expect(problems.cspViolations.length).toBeGreaterThan(0);
    await context.close();
  });
});

describe("security headers on every kind of response", () => {
  const baseline = (headers: Headers) => {
    expect(headers.get("x-content-type-options")).toBe("nosniff");
    expect(headers.get("referrer-policy")).toBe("strict-origin-when-cross-origin");
    expect(headers.get("permissions-policy")).toContain("camera=()");
    expect(headers.get("x-frame-options")).toBe("DENY");
    // The browser tests run the production build.
    expect(headers.get("strict-transport-security")).toMatch(/^max-age=\d{8,}/);
  };

  it("a page: a strict policy with a fresh nonce on every inline script, and no inline styles", async () => {
    const first = await fetch(`${baseUrl}/`);
    const second = await fetch(`${baseUrl}/`);
    const html = await first.text();
    baseline(first.headers);
    const policy = first.headers.get("content-security-policy")!;
    expect(policy).toMatch(/script-src 'self' 'nonce-[A-Za-z0-9+/=]{20,}'/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("style-src 'self'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toMatch(/unsafe-inline|unsafe-eval/);
    const nonce = /'nonce-([^']+)'/.exec(policy)![1];
    expect(second.headers.get("content-security-policy")).not.toContain(nonce);
    const inlineScripts = [...html.matchAll(/<script\b(?![^>]*\bsrc=)([^>]*)>/g)].map((m) => m[1]);
    expect(inlineScripts.length).toBeGreaterThan(0);
    for (const attributes of inlineScripts) expect(attributes).toContain(`nonce="${nonce}"`);
    expect(html).not.toMatch(/\sstyle="/);
  });

  it("error pages, resource routes, static files and refused requests carry them too", async () => {
    const notFound = await fetch(`${baseUrl}/no-such-page`);
    expect(notFound.status).toBe(404);
    baseline(notFound.headers);
    expect(notFound.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");

    const health = await fetch(`${baseUrl}/healthz`);
    baseline(health.headers);
    expect(health.headers.get("content-security-policy")).toContain("default-src 'none'");

    const css = await fetch(`${baseUrl}/assets/nhsuk-frontend.css?v=10.6.1`, { headers: { "Accept-Encoding": "br" } });
    baseline(css.headers);
    expect(css.headers.get("cache-control")).toContain("max-age=3600");

    const crossSite = await fetch(`${baseUrl}/sign-in`, {
      method: "POST",
      headers: { Origin: "https://evil.example", "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=a%40b.example",
    });
    expect(crossSite.status).toBe(403);
    baseline(crossSite.headers);

    const tooBig = await fetch(`${baseUrl}/sign-in`, {
      method: "POST",
      headers: { Origin: baseUrl, "Content-Type": "application/x-www-form-urlencoded" },
      body: "email=" + "a".repeat(200_000),
    });
    expect(tooBig.status).toBe(413);
    baseline(tooBig.headers);
  });

  it("fingerprinted scripts are cached for a year and sent compressed", async () => {
    const html = await (await fetch(`${baseUrl}/`)).text();
    const script =
      /<script[^>]*src="(\/build\/[^"]+\.js)"/.exec(html)?.[1] ?? /import\("(\/build\/[^"]+\.js)"\)/.exec(html)![1];
    const response = await fetch(`${baseUrl}${script}`, { headers: { "Accept-Encoding": "gzip" } });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(response.headers.get("content-encoding")).toBe("gzip");
    baseline(response.headers);
  });
});
