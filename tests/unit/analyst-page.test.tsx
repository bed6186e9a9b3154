import { createRemixStub } from "@remix-run/testing";
import { render, screen, within } from "@testing-library/react";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import AnalystIndex from "~/routes/analyst._index";
import { createTestI18n } from "../support/i18n";

const figures = { compliant: 22, dueSoon: 2, overdue: 6, notStarted: 7, inDate: 24, counted: 37 };
const data = {
  today: "2026-12-05",
  filters: { module: "all", kind: null, region: null, view: "organisations", sort: "name", dir: "asc" },
  options: { modules: [], regions: [] },
  moduleTitle: null,
  rows: [
    {
      code: "XA1",
      name: "Riverside University Hospitals NHS Trust",
      kind: "acute-trust",
      parentName: null,
      organisations: 1,
      target: 95,
      meetsTarget: false,
      ...figures,
      people: null,
      newStarters: null,
      percent: 64.8,
      withheld: ["people"],
    },
  ],
  total: { ...figures, people: null, newStarters: null, percent: 64.8, withheld: ["people"] },
  sorts: ["name", "code", "percent", "counted", "people", "overdue"],
  formats: ["csv", "xlsx", "json"],
};

describe("analyst page", () => {
  it("shows the people counted and in date in each row, so the total can be matched to the rows", async () => {
    const i18n = await createTestI18n("en-GB");
    const Stub = createRemixStub([{ path: "/analyst", Component: AnalystIndex, loader: () => data }]);
    render(
      <I18nextProvider i18n={i18n}>
        <Stub initialEntries={["/analyst"]} />
      </I18nextProvider>,
    );
    const table = await screen.findByRole("table");
    const headers = within(table)
      .getAllByRole("columnheader")
      .map((h) => h.textContent?.replace(/ \(sort.*$/, ""));
    expect(headers.slice(3, 7)).toEqual(["In date", "People in date", "People counted", "People it applies to"]);
    const cells = within(within(table).getAllByRole("row")[1])
      .getAllByRole("cell")
      .map((c) => c.textContent);
    expect(cells.slice(2, 6)).toEqual(["64.8%Below the 95% target", "24", "37", "Not shown"]);
    expect(screen.getByText(/24 of 37 people counted/)).toBeTruthy();
  });
});
