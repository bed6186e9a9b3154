import { createRemixStub } from "@remix-run/testing";
import { render, screen } from "@testing-library/react";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import Home from "~/routes/_index";
import { createTestI18n } from "../support/i18n";

async function renderHome(language: "en-GB" | "cy") {
  const i18n = await createTestI18n(language);
  const Stub = createRemixStub([{ path: "/", Component: Home }]);
  render(
    <I18nextProvider i18n={i18n}>
      <Stub />
    </I18nextProvider>,
  );
}

describe("home page", () => {
  it("shows the English heading and a sign-in link", async () => {
    await renderHome("en-GB");
    expect(await screen.findByRole("heading", { level: 1 })).toHaveProperty(
      "textContent",
      "Cyber security basics for health and care staff",
    );
    expect(screen.getByRole("button", { name: "Sign in" }).getAttribute("href")).toBe("/sign-in");
  });

  it("shows Welsh text in Welsh", async () => {
    await renderHome("cy");
    expect(await screen.findByRole("heading", { level: 1 })).toHaveProperty(
      "textContent",
      "Hanfodion seiberddiogelwch i staff iechyd a gofal",
    );
    expect(screen.getByRole("button", { name: "Mewngofnodi" })).toBeTruthy();
  });
});
