import { render } from "@testing-library/react";
import { I18nextProvider } from "react-i18next";
import { describe, expect, it } from "vitest";
import { StatusTag as ManagerStatusTag } from "~/compliance/components";
import { FIGURE_STATUSES } from "~/compliance/status";
import { StatusTag as LearnerStatusTag } from "~/learning/status-tag";
import { createTestI18n } from "../support/i18n";

describe("one status vocabulary", () => {
  for (const language of ["en-GB", "cy"] as const) {
    it(`gives a learner and their manager the same words for every status (${language})`, async () => {
      const i18n = await createTestI18n(language);
      for (const status of FIGURE_STATUSES) {
        const learner = render(
          <I18nextProvider i18n={i18n}>
            <LearnerStatusTag status={status} />
          </I18nextProvider>,
        );
        const manager = render(
          <I18nextProvider i18n={i18n}>
            <ManagerStatusTag status={status} />
          </I18nextProvider>,
        );
        expect(learner.container.textContent, status).toBe(manager.container.textContent);
        expect(learner.container.textContent).toBe(i18n.t(`compliance.statuses.${status}`));
        learner.unmount();
        manager.unmount();
      }
    });
  }
});
