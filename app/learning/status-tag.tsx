import { useTranslation } from "react-i18next";
import type { TrainingStatus } from "./status";

const TAG_COLOUR: Record<TrainingStatus | "in-progress" | "optional", string> = {
  compliant: "nhsuk-tag--green",
  "due-soon": "nhsuk-tag--yellow",
  overdue: "nhsuk-tag--red",
  "not-started": "nhsuk-tag--red",
  "new-starter": "nhsuk-tag--blue",
  "in-progress": "nhsuk-tag--blue",
  optional: "nhsuk-tag--grey",
};

/**
 * A status as words in a coloured tag: the words carry the meaning, the colour only helps. A training
 * status uses the managers' words (compliance.statuses), so a learner and their manager read the same.
 */
export function StatusTag({ status }: { status: TrainingStatus | "in-progress" | "optional" }) {
  const { t } = useTranslation();
  const words =
    status === "in-progress" || status === "optional"
      ? t(`learning.status.${status}`)
      : t(`compliance.statuses.${status}`);
  return <strong className={`nhsuk-tag ${TAG_COLOUR[status]}`}>{words}</strong>;
}
