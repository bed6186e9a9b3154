import { useTranslation } from "react-i18next";
import { ScrollingTable } from "~/components/scrolling-table";
import { formatNumber, formatPercent } from "./format";
import { MIN_PEOPLE } from "./suppression";

/** What the loader sends for one module (ModuleInsight, as JSON). */
export interface OutcomeTableModule {
  slug: string;
  title: string;
  people: number;
  groups: { group: string; people: number; shown: boolean }[];
  outcomes: {
    id: string;
    text: string;
    byGroup: { percent: number | null; answers: number }[];
    all: { percent: number | null; answers: number };
  }[];
}

export function OutcomeTable({ module, headingLevel = 2 }: { module: OutcomeTableModule; headingLevel?: 2 | 3 }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const Heading = headingLevel === 2 ? "h2" : "h3";
  const groupName = (group: string) =>
    group === "other" ? t("compliance.outcomes.otherGroups") : t(`auth.staffGroups.${group}`);
  const value = (c: { percent: number | null; answers: number }) =>
    c.percent === null
      ? t("compliance.outcomes.tooFew")
      : `${formatPercent(c.percent, language)} (${formatNumber(c.answers, language)})`;
  return (
    <>
      <Heading>{module.title}</Heading>
      <p>
        {t("compliance.outcomes.people", {
          formatted:
            module.people < MIN_PEOPLE ? t("compliance.outcomes.tooFew") : formatNumber(module.people, language),
        })}{" "}
        {t("compliance.exports.suppressed")}
      </p>
      <ScrollingTable
        captionId={`outcomes-${module.slug}`}
        caption={t("compliance.outcomes.caption", { module: module.title })}
        smallCaption
      >
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">
              {t("compliance.outcomes.outcome")}
            </th>
            <th scope="col" className="nhsuk-table__header app-numeric">
              {t("compliance.outcomes.allStaff")}
            </th>
            {module.groups.map((g) => (
              <th scope="col" className="nhsuk-table__header app-numeric" key={g.group}>
                {groupName(g.group)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {module.outcomes.map((o) => (
            <tr className="nhsuk-table__row" key={o.id}>
              <th scope="row" className="nhsuk-table__header app-row-header">
                {o.text}
              </th>
              <td className="nhsuk-table__cell app-numeric">{value(o.all)}</td>
              {o.byGroup.map((c, i) => (
                <td className="nhsuk-table__cell app-numeric" key={module.groups[i].group}>
                  {value(c)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </ScrollingTable>
    </>
  );
}
