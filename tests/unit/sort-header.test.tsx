import { render } from "@testing-library/react";
import { createRemixStub } from "@remix-run/testing";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { SortHeader } from "~/compliance/components";
import { createTestI18n } from "../support/i18n";

async function sortWords(
  language: "en-GB" | "cy",
  props: { numeric?: boolean; date?: boolean },
  direction: "asc" | null,
) {
  const i18n = await createTestI18n(language);
  const Stub = createRemixStub([
    {
      path: "/",
      Component: () => (
        <table>
          <thead>
            <tr>
              <SortHeader label="Column" to="?sort=x" direction={direction} {...props} />
            </tr>
          </thead>
        </table>
      ),
    },
  ]);
  const view = render(
    <I18nextProvider i18n={i18n}>
      <Stub />
    </I18nextProvider>,
  );
  const text = view.container.querySelector("a")!.textContent;
  view.unmount();
  return text;
}

describe("sort links", () => {
  it("use words that fit numbers and dates, not A to Z, in English and Welsh", async () => {
    expect(await sortWords("en-GB", { numeric: true }, null)).toBe("Column (sort lowest first)");
    expect(await sortWords("en-GB", { numeric: true }, "asc")).toBe("Column (sort highest first)");
    expect(await sortWords("en-GB", { date: true }, null)).toBe("Column (sort earliest first)");
    expect(await sortWords("en-GB", {}, null)).toBe("Column (sort A to Z)");
    expect(await sortWords("cy", { numeric: true }, null)).toBe("Column (trefnu'r isaf yn gyntaf)");
    expect(await sortWords("cy", { numeric: true }, "asc")).not.toMatch(/A i Z|Z i A/);
  });
});
