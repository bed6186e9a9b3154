import type { ReactNode } from "react";
import { asBlocks, Heading, registerBlock } from "./blocks";
import { useLesson } from "./lesson-context";

/** Something that could cause harm if missed (NHS warning callout). */
export function Warning({ heading, headingLevel, children }: { heading?: string; headingLevel?: number; children?: ReactNode }) {
  const { labels } = useLesson();
  const text = heading ?? labels.important;
  const saysImportant = text.toLowerCase().includes(labels.important.toLowerCase());
  return (
    <div className="nhsuk-warning-callout">
      <Heading level={headingLevel} className="nhsuk-warning-callout__label">
        {saysImportant ? null : <span className="nhsuk-u-visually-hidden">{labels.important}: </span>}
        {text}
      </Heading>
      {asBlocks(children)}
    </div>
  );
}
registerBlock(Warning);
