import { describe, expect, inject, it } from "vitest";
import { getQuizBank } from "../../app/content/catalogue.server";
import { expectAccessible, openPage, signInAs, useBrowser } from "./browser";

const baseUrl = inject("baseUrl");
const browser = useBrowser();
// The demo gives the nurse a completion of this module from earlier training.
const SLUG = "passwords-and-access";

describe("quiz feedback", () => {
  it("offers a returning learner the quiz first, and after a fail lists the lessons to revisit without naming a right answer", async () => {
    const { context, page, problems } = await openPage(browser());
    await signInAs(page, baseUrl, "nurse@riverside.example");
    await page.goto(`${baseUrl}/learn/${SLUG}`);
    await page.waitForSelector("h2:has-text('Completed this module before?')");
    await expectAccessible(page);
    await page.click("a:has-text('Take the quiz first')");
    await page.waitForSelector("input[name='attemptId']", { state: "attached" });
    expect(await page.textContent("main")).toContain("you are taking the quiz first");

    const bank = getQuizBank(SLUG, "en-GB")!;
    const names = await page.$$eval("input[name^='q:']", (inputs) => [
      ...new Set(inputs.map((i) => (i as HTMLInputElement).name)),
    ]);
    for (const name of names) {
      const wrong = bank.questions.find((q) => `q:${q.id}` === name)!.options.find((o) => !o.correct)!;
      await page.check(`input[name="${name}"][value="${wrong.id}"]`);
    }
    await page.click("button:has-text('Submit answers')");
    await page.waitForSelector("h1:has-text('You did not pass this time')");
    await page.waitForSelector("h2:has-text('Lessons to look at again')");
    const main = (await page.textContent("main"))!;
    for (const name of names) {
      for (const right of bank.questions.find((q) => `q:${q.id}` === name)!.options.filter((o) => o.correct))
        expect(main).not.toContain(right.explanation);
    }
    expect(await page.locator("a.nhsuk-button:has-text('Read the lessons')").count()).toBe(1);
    await expectAccessible(page);
    expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
    await context.close();
  });

  it("lets a manager set local contacts on an accessible page", async () => {
    const { context, page, problems } = await openPage(browser());
    await signInAs(page, baseUrl, "manager@riverside.example");
    await page.goto(`${baseUrl}/manage/XA1/contacts`);
    expect(await page.inputValue("#serviceDeskPhone")).toBe("01632 960 123");
    await page.fill("#serviceDeskEmail", "not an email");
    await page.click("button:has-text('Save contacts')");
    await page.waitForSelector(".nhsuk-error-summary");
    expect(await page.evaluate(() => document.activeElement?.classList.contains("nhsuk-error-summary"))).toBe(true);
    await expectAccessible(page);
    await page.fill("#serviceDeskEmail", "help@riverside.example");
    await page.click("button:has-text('Save contacts')");
    await page.waitForSelector("text=Contacts saved");
    await expectAccessible(page);
    expect(problems).toEqual({ consoleErrors: [], cspViolations: [] });
    await context.close();
  });
});
