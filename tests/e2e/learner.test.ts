import type { Page } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../db/demo-data";
import { getQuizBank } from "../../app/content/catalogue.server";
import { expectAccessible, openPage, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const SLUG = "spotting-phishing";
const browser = useBrowser();

async function answerEveryQuestionRightly(page: Page) {
  const bank = getQuizBank(SLUG, "en-GB")!;
  const names = await page.$$eval("input[name^='q:']", (inputs) => [
    ...new Set(inputs.map((i) => (i as HTMLInputElement).name)),
  ]);
  expect(names).toHaveLength(bank.questionsPerAttempt);
  // The answer key never reaches the browser: no explanation, no "correct" flag in the page or its data.
  const html = await page.content();
  expect(html).not.toMatch(/"correct"|"explanation"/);
  for (const option of bank.questions.flatMap((q) => q.options)) expect(html).not.toContain(option.explanation);
  for (const name of names) {
    const question = bank.questions.find((q) => `q:${q.id}` === name)!;
    for (const option of question.options.filter((o) => o.correct)) {
      await page.check(`input[name="${name}"][value="${option.id}"]`);
    }
  }
}

describe("a learner completes a module", () => {
  for (const javaScriptEnabled of [false, true]) {
    it(`reads the lessons, passes the quiz and gets a certificate that verifies (JavaScript ${javaScriptEnabled ? "on" : "off"})`, async () => {
      const { context, page, problems } = await openPage(browser(), { javaScriptEnabled });
      await page.goto(`${baseUrl}/sign-in`);
      await page.fill("#email", "bank.nurse@riverside.example");
      await page.fill("#password", DEMO_PASSWORD);
      await page.click("button:has-text('Sign in')");
      await page.waitForSelector("h1:has-text('Your training')");
      await expectAccessible(page);

      await page.click(`a[href="/learn/${SLUG}"]`);
      await page.waitForSelector("h1:has-text('Spotting phishing')");
      await expectAccessible(page);
      await page.click("a.nhsuk-button:has-text('Start the module'), a.nhsuk-button:has-text('Continue from page')");

      // Read every page, following "Next" until it leads to the quiz.
      for (let number = 1; ; number++) {
        await page.waitForURL(new RegExp(`/learn/${SLUG}/(\\d+|quiz)$`));
        if (page.url().endsWith("/quiz")) break;
        await page.waitForSelector(`p:has-text('of'):has-text('Page ${number}')`);
        if (number === 1) await expectAccessible(page);
        await page.click(".nhsuk-pagination__link--next");
        await page.waitForURL((url) => !url.pathname.endsWith(`/${number}`));
      }
      await page.waitForSelector("input[name='attemptId']", { state: "attached" });
      expect(await page.textContent("h1")).toContain("Quiz: Spotting phishing");
      await expectAccessible(page);

      // Submitting with nothing ticked explains what is missing.
      await page.click("button:has-text('Submit answers')");
      await page.waitForSelector(".nhsuk-error-summary");
      expect(await page.textContent(".nhsuk-error-summary")).toContain("Answer question 1: ");
      await expectAccessible(page);

      await answerEveryQuestionRightly(page);
      await page.click("button:has-text('Submit answers')");
      await page.waitForSelector("h1:has-text('You passed')");
      expect(await page.textContent("main")).toContain("You scored 100%");
      await expectAccessible(page);

      await page.click("text=View your certificate");
      await page.waitForSelector("h1:has-text('Certificate of completion')");
      expect(await page.textContent("main")).toContain("Tomasz Nowak");
      await expectAccessible(page);
      const code = (await page.textContent(".nhsuk-summary-list__row:last-child .nhsuk-summary-list__value"))!.trim();
      expect(code).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$/);

      const pdf = await context.request.get(`${baseUrl}${new URL(page.url()).pathname}/pdf`);
      expect(pdf.headers()["content-type"]).toBe("application/pdf");
      expect((await pdf.body()).subarray(0, 5).toString()).toBe("%PDF-");

      await page.goto(`${baseUrl}/my-training`);
      const card = page.locator("li", { has: page.locator(`a[href="/learn/${SLUG}"]`) });
      expect(await card.textContent()).toContain("Completed");
      await page.click("text=Your training history and certificates");
      await expectAccessible(page);

      const anonymous = await openPage(browser(), { javaScriptEnabled });
      await anonymous.page.goto(`${baseUrl}/verify`);
      await expectAccessible(anonymous.page);
      await anonymous.page.fill("#code", code.toLowerCase());
      await anonymous.page.click("button:has-text('Check certificate')");
      await anonymous.page.waitForSelector("h1:has-text('This certificate is genuine')");
      expect(await anonymous.page.textContent("main")).toContain("Tomasz Nowak");
      await expectAccessible(anonymous.page);
      await anonymous.context.close();

      expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
      await context.close();
    });
  }

  // English with a notice where a module has no Welsh is tested on fixture content (content-build, content-modules-page).
  it("shows a Welsh learner every module in Welsh, marked as awaiting a Welsh speaker's review", async () => {
    const { context, page } = await openPage(browser(), { javaScriptEnabled: false });
    await page.goto(`${baseUrl}/sign-in`);
    await page.fill("#email", "receptionist@bryn.example");
    await page.fill("#password", DEMO_PASSWORD);
    await page.click("button[type='submit'] >> nth=-1");
    await page.waitForSelector("h1:has-text('Eich hyfforddiant')");
    await expectAccessible(page);
    await page.goto(`${baseUrl}/learn/${SLUG}/1`);
    expect(await page.getAttribute("h1", "lang")).toBe("cy");
    await page.goto(`${baseUrl}/learn/passwords-and-access/1`);
    expect(await page.textContent("main")).toContain(
      "Mae'r cyfieithiad Cymraeg hwn yn aros i siaradwr Cymraeg ei adolygu",
    );
    expect(await page.getAttribute("h1", "lang")).toBe("cy");
    await expectAccessible(page);
    await context.close();
  });
});
