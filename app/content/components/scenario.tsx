import { Children, isValidElement, type ReactNode } from "react";
import type { SCENARIO_SETTINGS } from "~/content/schemas.server";
import { asBlocks, Heading, registerBlock } from "./blocks";
import { useLesson } from "./lesson-context";

type Setting = (typeof SCENARIO_SETTINGS)[number];

/** What to do and why, revealed on request by a native <details>: it works without JavaScript. */
export function Answer({ children }: { children?: ReactNode }) {
  const { labels } = useLesson();
  return (
    <details className="nhsuk-details app-scenario__answer">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">{labels.showAnswer}</span>
      </summary>
      <div className="nhsuk-details__text">{asBlocks(children)}</div>
    </details>
  );
}
registerBlock(Answer);

/** A situation to think through, with the setting it happens in and a hidden answer. */
export function Scenario({ setting, title, headingLevel, children }: { setting: Setting; title?: string; headingLevel?: number; children?: ReactNode }) {
  const { labels } = useLesson();
  const items = Children.toArray(children);
  const isAnswer = (child: ReactNode) => isValidElement(child) && child.type === Answer;
  return (
    <div className="nhsuk-card app-scenario">
      <div className="nhsuk-card__content">
        <p className="app-scenario__setting">
          <strong className="nhsuk-tag nhsuk-tag--blue">
            <span className="nhsuk-u-visually-hidden">{labels.scenario}: </span>
            {labels.settings[setting]}
          </strong>
        </p>
        <Heading level={headingLevel} className="nhsuk-card__heading">
          {title ?? labels.scenarioTitle}
        </Heading>
        {asBlocks(items.filter((child) => !isAnswer(child)))}
        {items.filter(isAnswer)}
      </div>
    </div>
  );
}
registerBlock(Scenario);
