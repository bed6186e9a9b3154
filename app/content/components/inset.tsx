import type { ReactNode } from "react";
import { asBlocks, registerBlock } from "./blocks";
import { useLesson } from "./lesson-context";

/** A key point to remember (NHS inset text). */
export function Inset({ children }: { children?: ReactNode }) {
  const { labels } = useLesson();
  return (
    <div className="nhsuk-inset-text">
      <span className="nhsuk-u-visually-hidden">{labels.information}: </span>
      {asBlocks(children)}
    </div>
  );
}
registerBlock(Inset);
