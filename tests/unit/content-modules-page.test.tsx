import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import ModulesPage, { type loader } from "~/routes/modules._index";
import { createTestI18n } from "../support/i18n";

type Data = Awaited<ReturnType<typeof loader>>;

const phishing = {
  slug: "spotting-phishing",
  title: "Spotting phishing",
  summary: "Scam emails.",
  minutes: 15,
  pageCount: 4,
  welsh: "full",
  language: "en-GB",
} as const;
const passwords = {
  slug: "passwords",
  title: "Passwords",
  summary: "Strong passwords.",
  minutes: 10,
  pageCount: 3,
  welsh: "none",
  language: "en-GB",
} as const;

async function renderPage(data: Data) {
  const i18n = await createTestI18n(data.language);
  const Stub = createRemixStub([{ path: "/modules", Component: ModulesPage, loader: () => data }]);
  render(
    <I18nextProvider i18n={i18n}>
      <Stub initialEntries={["/modules"]} />
    </I18nextProvider>,
  );
  await screen.findByRole("heading", { level: 1 });
}

describe("/modules page", () => {
  it("lists each module with its link, time, pages and Welsh availability", async () => {
    await renderPage({ language: "en-GB", modules: [phishing, passwords] });
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Training modules");
    const items = screen.getAllByRole("listitem");
    expect(items).toHaveLength(2);
    expect(within(items[0]).getByRole("link", { name: "Spotting phishing" }).getAttribute("href")).toBe(
      "/learn/spotting-phishing",
    );
    expect(within(items[0]).getByText(/Time: about 15 minutes/)).toBeTruthy();
    expect(within(items[0]).getByText(/Pages: 4/)).toBeTruthy();
    expect(within(items[0]).getByText("Available in Welsh")).toBeTruthy();
    expect(within(items[1]).queryByText(/Welsh|English only/)).toBeNull();
  });

  it("in Welsh, says which modules are English only and marks their English text", async () => {
    await renderPage({
      language: "cy",
      modules: [{ ...phishing, title: "Adnabod gwe-rwydo", language: "cy" }, passwords],
    });
    expect(screen.getByRole("heading", { level: 1 }).textContent).toBe("Modiwlau hyfforddi");
    const [welsh, english] = screen.getAllByRole("listitem");
    expect(within(welsh).getByText("Ar gael yn Gymraeg")).toBeTruthy();
    expect(within(welsh).getByRole("heading", { level: 2 }).hasAttribute("lang")).toBe(false);
    expect(within(english).getByText("Saesneg yn unig")).toBeTruthy();
    expect(within(english).getByText(/Nid yw'r modiwl hwn ar gael yn Gymraeg eto/)).toBeTruthy();
    expect(within(english).getByRole("heading", { level: 2 }).getAttribute("lang")).toBe("en-GB");
  });

  it("says so when there are no modules", async () => {
    await renderPage({ language: "en-GB", modules: [] });
    expect(screen.getByText("There are no training modules yet.")).toBeTruthy();
    expect(screen.queryByRole("list")).toBeNull();
  });
});
