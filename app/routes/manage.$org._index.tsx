import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { canManage, requireManagerOf } from "~/auth/authorise.server";
import { ComplianceBar, TrendChart } from "~/compliance/charts";
import { HowWeCount, ModuleName, StaffGroupFilter, StatusCount } from "~/compliance/components";
import { FigureMatrix } from "~/compliance/figure-matrix";
import { dashboardData, type FigureRow } from "~/compliance/dashboard.server";
import { formatDate, formatMonth, formatNumber, formatPercent, queryString } from "~/compliance/format";
import { FiltersSchema, queryOf } from "~/compliance/queries.server";
import type { FigureFilter, Tally } from "~/compliance/status";
import { ScrollingTable } from "~/components/scrolling-table";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { Select } from "~/components/forms";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "compliance.dashboard.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, scope } = await requireManagerOf(request, params.org, "view-figures");
  const language = await getLanguage(request);
  return {
    code: organisation.code,
    /** The pages under "More" this manager may open. */
    more: { outcomes: canManage(scope, "view-outcomes"), evidence: canManage(scope, "evidence") },
    ...dashboardData(organisation, scope, FiltersSchema.parse(queryOf(request)), language),
  };
}

function Share({ figure }: { figure: FigureRow }) {
  const { t, i18n } = useTranslation();
  if (figure.percent === null) return <>{t("compliance.nobodyCounted")}</>;
  return (
    <>
      {formatPercent(figure.percent, i18n.language)}{" "}
      <span className="nhsuk-body-s app-nowrap">
        ({formatNumber(figure.compliant + figure.dueSoon, i18n.language)}/
        {formatNumber(figure.people - figure.newStarters, i18n.language)})
      </span>
    </>
  );
}

/** A breakdown cell: the share, and for a screen reader whether it is below the target. */
function ShareAgainstTarget({ figure }: { figure: FigureRow }) {
  const { t } = useTranslation();
  return (
    <>
      <Share figure={figure} />
      {figure.meetsTarget === false ? (
        <span className="nhsuk-u-visually-hidden"> {t("compliance.belowTargetShort")}</span>
      ) : null}
    </>
  );
}

/**
 * The status table's count columns, left to right. They add up: in date and due within 30 days make
 * the total in date; with overdue and not started, the people counted; with new starters, everyone.
 */
const STATUS_COLUMNS: { key: keyof Tally | "inDate" | "counted"; filter?: FigureFilter; heading: string }[] = [
  { key: "compliant", filter: "compliant", heading: "compliance.dashboard.counts.compliant" },
  { key: "dueSoon", filter: "due-soon", heading: "compliance.statuses.due-soon" },
  { key: "inDate", filter: "in-date", heading: "compliance.dashboard.counts.inDate" },
  { key: "overdue", filter: "overdue", heading: "compliance.statuses.overdue" },
  { key: "notStarted", filter: "not-started", heading: "compliance.statuses.not-started" },
  { key: "counted", filter: "counted", heading: "compliance.dashboard.counts.counted" },
  { key: "newStarters", filter: "new-starter", heading: "compliance.dashboard.counts.newStarters" },
  { key: "people", heading: "compliance.columns.everyone" },
];

export default function ComplianceDashboard() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const data = useLoaderData<typeof loader>();
  const language = i18n.language;
  const base = `/manage/${data.code}`;
  const scope = { unit: data.filters.unit, group: data.filters.group };
  const staffLink = (module: string, status?: string) =>
    `${base}/compliance/staff${queryString({ module, ...scope, status })}`;
  const selectedName = data.selected.title ?? t("compliance.allRequired");

  return (
    <>
      <h1>{t("compliance.dashboard.title")}</h1>
      <p className="nhsuk-lede-text">
        {t("compliance.dashboard.lede", { date: formatDate(data.today, language), target: data.target })}
      </p>

      <Form method="get" className="app-filters" aria-label={t("compliance.filters.label")} key={location.search}>
        <Select
          name="module"
          label={t("compliance.filters.module")}
          defaultValue={data.filters.module}
          options={data.options.modules.map((m) => ({ value: m.slug, label: m.title ?? t("compliance.allRequired") }))}
        />
        <Select
          name="unit"
          label={t("compliance.filters.unit")}
          defaultValue={String(data.filters.unit ?? "")}
          options={[
            { value: "", label: t("compliance.filters.allUnits") },
            ...data.options.units.map((u) => ({ value: String(u.id), label: u.name })),
          ]}
        />
        <StaffGroupFilter defaultValue={data.filters.group} />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          {t("compliance.filters.submit")}
        </button>
      </Form>

      {data.columns.length === 1 ? (
        <p>{t("compliance.dashboard.empty")}</p>
      ) : (
        <>
          <h2>{t("compliance.dashboard.byModule")}</h2>
          <ul className="nhsuk-list app-figure-list">
            {data.columns.map((column, i) => {
              const figure = data.modules[i];
              return (
                <li key={column.slug} className="app-figure">
                  <h3 className="nhsuk-heading-s app-figure__title">
                    <ModuleName title={column.title} />
                  </h3>
                  <p className="app-figure__value">
                    {figure.percent === null ? (
                      t("compliance.nobodyCounted")
                    ) : (
                      <>
                        <strong className="app-figure__percent">{formatPercent(figure.percent, language)}</strong>{" "}
                        {t("compliance.dashboard.inDate", {
                          compliant: formatNumber(figure.compliant + figure.dueSoon, language),
                          counted: formatNumber(figure.people - figure.newStarters, language),
                        })}{" "}
                        <strong>
                          {figure.meetsTarget
                            ? t("compliance.meetsTarget", { target: data.target })
                            : t("compliance.belowTarget", { target: data.target })}
                        </strong>
                      </>
                    )}
                  </p>
                  <ComplianceBar percent={figure.percent} target={data.target} />
                  {figure.newStarters > 0 ? (
                    <p className="nhsuk-body-s">
                      {t("compliance.dashboard.inGrace", { number: formatNumber(figure.newStarters, language) })}
                    </p>
                  ) : null}
                </li>
              );
            })}
          </ul>
          <p className="nhsuk-body-s">{t("compliance.dashboard.barKey", { target: data.target })}</p>

          <ScrollingTable captionId="status-counts-caption" caption={t("compliance.dashboard.countsCaption")}>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  {t("compliance.columns.module")}
                </th>
                <th scope="col" className="nhsuk-table__header app-numeric">
                  {t("compliance.exports.columns.percent")}
                </th>
                {STATUS_COLUMNS.map((column) => (
                  <th scope="col" className="nhsuk-table__header app-numeric" key={column.key}>
                    {t(column.heading)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {data.columns.map((column, i) => {
                const figure = data.modules[i];
                const title = column.title ?? t("compliance.allRequired");
                return (
                  <tr className="nhsuk-table__row" key={column.slug}>
                    <th scope="row" className="nhsuk-table__header app-row-header">
                      {title}
                    </th>
                    <td className="nhsuk-table__cell app-numeric">
                      {figure.percent === null
                        ? t("compliance.nobodyCounted")
                        : formatPercent(figure.percent, i18n.language)}
                    </td>
                    {STATUS_COLUMNS.map((status) => (
                      <td className="nhsuk-table__cell app-numeric" key={status.key}>
                        <StatusCount
                          count={figure[status.key]}
                          to={staffLink(column.slug, status.filter)}
                          label={t("compliance.statusLink", { status: t(status.heading), module: title })}
                        />
                      </td>
                    ))}
                  </tr>
                );
              })}
            </tbody>
          </ScrollingTable>
          <p className="nhsuk-body-s">{t("compliance.dashboard.countsSum")}</p>
          <ul className="nhsuk-list">
            <li>
              <Link to={`${base}/reminders${queryString({ module: data.selected.slug, ...scope })}`}>
                {t("compliance.dashboard.reminders")}
              </Link>
            </li>
            <li>
              <a
                href={`${base}/export/summary${queryString({ module: data.filters.module === "all" ? null : data.filters.module, ...scope, format: "csv" })}`}
                download
              >
                {t("compliance.dashboard.downloadSummary")}
              </a>
            </li>
            <li>
              <a
                href={`${base}/export/staff${queryString({ module: data.filters.module === "all" ? null : data.filters.module, ...scope, format: "csv" })}`}
                download
              >
                {t("compliance.dashboard.downloadStaff")}
              </a>
            </li>
          </ul>

          <h2>{t("compliance.dashboard.byUnit")}</h2>
          <FigureMatrix
            id="by-unit"
            caption={t("compliance.dashboard.byUnitCaption")}
            firstColumn={t("compliance.columns.unit")}
            columns={data.columns}
            rows={data.units.map((u) => ({
              key: String(u.id),
              name: u.id ? (
                <Link
                  to={`${base}${queryString({ module: data.filters.module, unit: u.id, group: data.filters.group })}`}
                >
                  {u.name ?? t("compliance.noUnit")}
                </Link>
              ) : (
                (u.name ?? t("compliance.noUnit"))
              ),
              cells: u.figures.map((f) => <ShareAgainstTarget key={f.key} figure={f} />),
            }))}
          />

          <h2>{t("compliance.dashboard.byGroup")}</h2>
          <FigureMatrix
            id="by-group"
            caption={t("compliance.dashboard.byGroupCaption")}
            firstColumn={t("compliance.columns.group")}
            columns={data.columns}
            rows={data.groups.map((g) => ({
              key: g.group,
              name: (
                <Link
                  to={`${base}${queryString({ module: data.filters.module, unit: data.filters.unit, group: g.group })}`}
                >
                  {t(`auth.staffGroups.${g.group}`)}
                </Link>
              ),
              cells: g.figures.map((f) => <ShareAgainstTarget key={f.key} figure={f} />),
            }))}
          />

          <h2>{t("compliance.trend.title", { module: selectedName })}</h2>
          <p>{t("compliance.trend.intro")}</p>
          <TrendChart
            points={data.trend}
            target={data.target}
            language={language}
            targetLabel={t("compliance.targetLabel", { target: data.target })}
          />
          <details className="nhsuk-details">
            <summary className="nhsuk-details__summary">
              <span className="nhsuk-details__summary-text">{t("compliance.trend.asTable")}</span>
            </summary>
            <div className="nhsuk-details__text">
              <table className="nhsuk-table">
                <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">
                  {t("compliance.trend.title", { module: selectedName })}
                </caption>
                <thead className="nhsuk-table__head">
                  <tr className="nhsuk-table__row">
                    <th scope="col" className="nhsuk-table__header">
                      {t("compliance.trend.month")}
                    </th>
                    <th scope="col" className="nhsuk-table__header app-numeric">
                      {t("compliance.columns.share")}
                    </th>
                    <th scope="col" className="nhsuk-table__header app-numeric">
                      {t("compliance.statuses.new-starter")}
                    </th>
                  </tr>
                </thead>
                <tbody className="nhsuk-table__body">
                  {data.trend.map((p) => (
                    <tr className="nhsuk-table__row" key={p.month}>
                      <td className="nhsuk-table__cell">{formatMonth(p.month, language)}</td>
                      <td className="nhsuk-table__cell app-numeric">
                        {p.percent === null
                          ? t("compliance.nobodyCounted")
                          : `${formatPercent(p.percent, language)} (${formatNumber(p.compliant, language)}/${formatNumber(p.counted, language)})`}
                      </td>
                      <td className="nhsuk-table__cell app-numeric">{formatNumber(p.inGrace, language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}

      <HowWeCount />

      <h2>{t("compliance.dashboard.more")}</h2>
      <ul className="nhsuk-list">
        {data.more.outcomes ? (
          <li>
            <Link to={`${base}/compliance/outcomes`}>{t("compliance.outcomes.title")}</Link>
          </li>
        ) : null}
        <li>
          <Link to={`${base}/exports`}>{t("compliance.exports.title")}</Link>
        </li>
        {data.more.evidence ? (
          <li>
            <Link to={`${base}/evidence`}>{t("compliance.evidence.title")}</Link>
          </li>
        ) : null}
      </ul>
    </>
  );
}
