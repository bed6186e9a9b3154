import { render, screen, within } from "@testing-library/react";
import type { ReactNode } from "react";
import { describe, expect, it, vi } from "vitest";
import { LessonProvider } from "~/content/components";
import { DoDont } from "~/content/components/do-dont";
import { Figure } from "~/content/components/figure";
import { Inset } from "~/content/components/inset";
import { Flag, MockEmail, MockText } from "~/content/components/mock-message";
import { Answer, Scenario } from "~/content/components/scenario";
import { Warning } from "~/content/components/warning";
import cyContent from "~/i18n/locales/cy/content.json";
import enContent from "~/i18n/locales/en-GB/content.json";

function renderLesson(children: ReactNode, language: "en-GB" | "cy" = "en-GB") {
  const labels = (language === "cy" ? cyContent : enContent).content.components;
  return render(
    <LessonProvider lesson={{ slug: "spotting-phishing", labels, nation: "england" }}>{children}</LessonProvider>,
  );
}

describe("lesson components", () => {
  it("Inset wraps bare text in a paragraph and labels itself for screen readers", () => {
    const { container } = renderLesson(<Inset>Stop and check.</Inset>);
    expect(container.innerHTML).toBe(
      '<div class="nhsuk-inset-text"><span class="nhsuk-u-visually-hidden">Information: </span><p>Stop and check.</p></div>',
    );
  });

  it("Warning uses the heading level it is given and says 'Important' once", () => {
    renderLesson(
      <>
        <Warning heading="Never share your password" headingLevel={3}>
          <p>IT will never ask.</p>
        </Warning>
        <Warning headingLevel={2}>Take care.</Warning>
      </>,
    );
    expect(screen.getByRole("heading", { level: 3 }).textContent).toBe("Important: Never share your password");
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("Important");
  });

  it("DoDont shows only the lists it has, as real lists", () => {
    renderLesson(<DoDont do={["Report it", "Check the sender"]} />, "cy");
    expect(screen.getByRole("heading", { name: "Gwnewch" })).toBeTruthy();
    expect(screen.queryByRole("heading", { name: "Peidiwch" })).toBeNull();
    expect(
      within(screen.getByRole("list"))
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["Report it", "Check the sender"]);
  });

  it("Scenario names its setting and hides the answer in a native details element", () => {
    const { container } = renderLesson(
      <Scenario setting="care-home" headingLevel={2}>
        A relative phones for details.
        <Answer>Check who they are first.</Answer>
      </Scenario>,
    );
    expect(screen.getByText("Care home").closest(".nhsuk-tag")).toBeTruthy();
    expect(screen.getByRole("heading", { level: 2 }).textContent).toBe("What would you do?");
    const details = container.querySelector("details.nhsuk-details")!;
    expect(details.hasAttribute("open")).toBe(false);
    expect(details.querySelector("summary")?.textContent).toBe("Show the answer");
    expect(details.textContent).toContain("Check who they are first.");
    // The question is its own paragraph, not mixed into the answer.
    expect(container.querySelector(".nhsuk-card__content > p:not(.app-scenario__setting)")?.textContent).toBe(
      "A relative phones for details.",
    );
  });

  it("MockEmail is a labelled example with numbered flags and their reasons", () => {
    renderLesson(
      <MockEmail
        from="NHS Payroll"
        address="pay@nhs-pay.example"
        subject="Action needed"
        date="Monday 9:14"
        warningSigns={["Urgent", "Asks for a password"]}
      >
        <p>
          Please <Flag number={1}>act now</Flag> and <Flag number={2}>send your password</Flag>.
        </p>
      </MockEmail>,
    );
    const figure = screen.getByRole("figure");
    expect(figure.querySelector("figcaption")?.textContent).toBe("Example email. This is a made-up example.");
    expect(within(figure).getByText("Action needed")).toBeTruthy();
    expect(within(figure).getByText("<pay@nhs-pay.example>")).toBeTruthy();
    const marks = figure.querySelectorAll("mark");
    expect([...marks].map((m) => m.textContent)).toEqual([
      "act now (warning sign 1)1",
      "send your password (warning sign 2)2",
    ]);
    expect(within(figure).getByText("Warning signs")).toBeTruthy();
    expect(
      within(figure)
        .getAllByRole("listitem")
        .map((li) => li.textContent),
    ).toEqual(["Urgent", "Asks for a password"]);
  });

  it("MockText without flags has no warning signs list", () => {
    renderLesson(<MockText from="07700 900123">Your parcel is waiting.</MockText>, "cy");
    const figure = screen.getByRole("figure");
    expect(figure.querySelector("figcaption")?.textContent).toBe("Neges destun enghreifftiol. Enghraifft ffug yw hon.");
    expect(within(figure).queryByRole("list")).toBeNull();
    expect(within(figure).getByText("Your parcel is waiting.").tagName).toBe("P");
  });

  it("Figure serves the image from the module's folder with its alt text", () => {
    renderLesson(<Figure src="images/fake email.png" alt="A fake payroll email" caption="Spot the signs" />);
    const image = screen.getByRole("img", { name: "A fake payroll email" });
    expect(image.getAttribute("src")).toBe("/content/spotting-phishing/images/fake%20email.png");
    expect(screen.getByRole("figure").querySelector("figcaption")?.textContent).toBe("Spot the signs");
  });

  it("refuse to render outside a lesson", () => {
    vi.spyOn(console, "error").mockImplementation(() => {});
    expect(() => render(<Inset>Text</Inset>)).toThrow(/LessonProvider/);
  });
});
