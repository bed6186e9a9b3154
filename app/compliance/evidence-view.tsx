import { useTranslation } from "react-i18next";
import { ScrollingTable } from "~/components/scrolling-table";
import { ComplianceBar } from "./charts";
import { FigureMatrix } from "./figure-matrix";
import { formatDate, formatMonth, formatNumber, formatPercent } from "./format";
import { OutcomeTable, type OutcomeTableModule } from "./outcome-table";

interface Figure {
  counted: number;
  compliant: number;
  inGrace: number;
  percent: number | null;
  meetsTarget: boolean | null;
}

/** EvidenceData as the page receives it. */
export interface EvidenceView {
  organisation: { code: string; name: string };
  date: string;
  pastDate: boolean;
  target: number;
  modules: { slug: string; title: string }[];
  optionalModules: string[];
  columns: { slug: string; title: string | null }[];
  needs: {
    group: string;
    people: number;
    modules: { slug: string; required: boolean; renewalDays: number | null; graceDays: number | null }[];
  }[];
  delivery: { slug: string; figure: Figure }[];
  byUnit: { name: string | null; figures: Figure[] }[];
  byGroup: { group: string; figures: Figure[] }[];
  trend: { month: string; figures: Figure[] }[];
  outcomes: OutcomeTableModule[];
}

function FigureText({ figure }: { figure: Figure }) {
  const { t, i18n } = useTranslation();
  if (figure.percent === null) return <>{t("compliance.nobodyCounted")}</>;
  return (
    <>
      {formatPercent(figure.percent, i18n.language)} ({formatNumber(figure.compliant, i18n.language)}/
      {formatNumber(figure.counted, i18n.language)})
    </>
  );
}

const figureCells = (figures: Figure[]) => figures.map((f, i) => <FigureText key={i} figure={f} />);

export function EvidencePack({ evidence, preparedAt }: { evidence: EvidenceView; preparedAt: string }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const moduleTitle = new Map(evidence.modules.map((m) => [m.slug, m.title]));
  return (
    <div className="app-evidence">
      <p>{t("compliance.evidence.purpose", { date: formatDate(evidence.date, language), target: evidence.target })}</p>
      {evidence.pastDate ? (
        <div className="nhsuk-inset-text">
          <p>{t("compliance.evidence.pastDate", { date: formatDate(evidence.date, language) })}</p>
        </div>
      ) : null}

      <h2>{t("compliance.evidence.needs.title")}</h2>
      <p>{t("compliance.evidence.needs.intro")}</p>
      <ScrollingTable captionId="needs-caption" caption={t("compliance.evidence.needs.caption")} smallCaption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">
              {t("compliance.columns.group")}
            </th>
            <th scope="col" className="nhsuk-table__header app-numeric">
              {t("compliance.evidence.needs.people")}
            </th>
            {evidence.modules.map((m) => (
              <th scope="col" className="nhsuk-table__header" key={m.slug}>
                {m.title}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {evidence.needs.map((n) => (
            <tr className="nhsuk-table__row" key={n.group}>
              <th scope="row" className="nhsuk-table__header app-row-header">
                {t(`auth.staffGroups.${n.group}`)}
              </th>
              <td className="nhsuk-table__cell app-numeric">{formatNumber(n.people, language)}</td>
              {n.modules.map((m) => (
                <td className="nhsuk-table__cell" key={m.slug}>
                  {m.required
                    ? t("compliance.evidence.needs.every", { days: m.renewalDays, grace: m.graceDays })
                    : t("compliance.evidence.needs.notRequired")}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </ScrollingTable>
      {evidence.optionalModules.length > 0 ? (
        <p>{t("compliance.evidence.needs.optionalModules", { modules: evidence.optionalModules.join("; ") })}</p>
      ) : null}

      <h2>{t("compliance.evidence.delivery.title")}</h2>
      <p>
        {t("compliance.evidence.delivery.intro", {
          date: formatDate(evidence.date, language),
          target: evidence.target,
        })}
      </p>
      <ul className="nhsuk-list app-figure-list">
        {evidence.delivery.map((d) => (
          <li key={d.slug} className="app-figure">
            <h3 className="nhsuk-heading-s app-figure__title">
              {d.slug === "all" ? t("compliance.allRequired") : moduleTitle.get(d.slug)}
            </h3>
            <p className="app-figure__value">
              <strong className="app-figure__percent">
                <FigureText figure={d.figure} />
              </strong>{" "}
              {d.figure.meetsTarget === null ? null : (
                <strong>
                  {d.figure.meetsTarget
                    ? t("compliance.meetsTarget", { target: evidence.target })
                    : t("compliance.belowTarget", { target: evidence.target })}
                </strong>
              )}
            </p>
            <ComplianceBar percent={d.figure.percent} target={evidence.target} />
            {d.figure.inGrace > 0 ? (
              <p className="nhsuk-body-s">
                {t("compliance.dashboard.inGrace", { number: formatNumber(d.figure.inGrace, language) })}
              </p>
            ) : null}
          </li>
        ))}
      </ul>
      <p className="nhsuk-body-s">{t("compliance.dashboard.barKey", { target: evidence.target })}</p>
      <FigureMatrix
        id="evidence-units"
        smallCaption
        caption={t("compliance.evidence.delivery.byUnit")}
        firstColumn={t("compliance.columns.unit")}
        columns={evidence.columns}
        rows={evidence.byUnit.map((u, i) => ({
          key: `${i}`,
          name: u.name ?? t("compliance.noUnit"),
          cells: figureCells(u.figures),
        }))}
      />
      <FigureMatrix
        id="evidence-groups"
        smallCaption
        caption={t("compliance.evidence.delivery.byGroup")}
        firstColumn={t("compliance.columns.group")}
        columns={evidence.columns}
        rows={evidence.byGroup.map((g) => ({
          key: g.group,
          name: t(`auth.staffGroups.${g.group}`),
          cells: figureCells(g.figures),
        }))}
      />

      <h2>{t("compliance.evidence.evaluation.title")}</h2>
      <p>{t("compliance.evidence.evaluation.intro")}</p>
      <FigureMatrix
        id="evidence-trend"
        smallCaption
        caption={t("compliance.evidence.evaluation.trend")}
        firstColumn={t("compliance.trend.month")}
        columns={evidence.columns}
        rows={evidence.trend.map((p) => ({
          key: p.month,
          name: formatMonth(p.month, language),
          cells: figureCells(p.figures),
        }))}
      />
      <h3>{t("compliance.evidence.evaluation.outcomes")}</h3>
      {evidence.outcomes.length === 0 ? (
        <p>{t("compliance.outcomes.empty")}</p>
      ) : (
        evidence.outcomes.map((m) => <OutcomeTable key={m.slug} module={m} headingLevel={3} />)
      )}

      <h2>{t("compliance.evidence.dspt.title")}</h2>
      <ul>
        <li>{t("compliance.evidence.dspt.assertion")}</li>
        <li>{t("compliance.evidence.dspt.older", { target: evidence.target })}</li>
        <li>{t("compliance.evidence.dspt.check")}</li>
      </ul>
      <p className="nhsuk-body-s">{t("compliance.evidence.prepared", { at: preparedAt })}</p>
    </div>
  );
}
