import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ORGANISATION_KINDS } from "@db/enums";
import { requireAnalyst } from "~/auth/authorise.server";
import { analystFigures } from "~/compliance/analyst.server";
import { HowWeCount, ModuleFilter, SortHeader } from "~/compliance/components";
import { formatDate, formatNumber, formatPercent, queryString } from "~/compliance/format";
import { ALL } from "~/compliance/filter-values";
import { hiddenLabel, missingPercentLabel, type RowCount } from "~/compliance/suppression";
import {
  ANALYST_SORTS,
  AnalystQuerySchema,
  EXPORT_FORMATS,
  queryOf,
  type AnalystSort,
} from "~/compliance/queries.server";
import { ScrollingTable } from "~/components/scrolling-table";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { Select } from "~/components/forms";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "compliance.analyst.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnalyst(request);
  const language = await getLanguage(request);
  return {
    ...analystFigures(AnalystQuerySchema.parse(queryOf(request)), language),
    sorts: ANALYST_SORTS,
    formats: EXPORT_FORMATS,
  };
}

export default function AnalystIndex() {
  const { t, i18n } = useTranslation();
  const location = useLocation();
  const data = useLoaderData<typeof loader>();
  const language = i18n.language;
  const { filters } = data;
  const base = {
    module: filters.module === ALL ? null : filters.module,
    kind: filters.kind,
    region: filters.region,
    view: filters.view,
  };
  const sortLink = (sort: AnalystSort) =>
    queryString({ ...base, sort, dir: filters.sort === sort && filters.dir === "asc" ? "desc" : "asc" });
  const parents = filters.view === "parents";
  const count = (r: { withheld: RowCount[] } & Record<RowCount, number | null>, field: RowCount) => {
    const n = r[field];
    return n === null ? hiddenLabel(r, field, t) : formatNumber(n, language);
  };
  const sorted = (sort: AnalystSort) => ({ to: sortLink(sort), direction: filters.sort === sort ? filters.dir : null });
  const moduleName = data.moduleTitle ?? t("compliance.allRequired");

  return (
    <>
      <h1>{t("compliance.analyst.title")}</h1>
      <p className="nhsuk-lede-text">{t("compliance.analyst.lede", { date: formatDate(data.today, language) })}</p>
      <p>{t("compliance.analyst.noNames")}</p>

      <Form method="get" className="app-filters" aria-label={t("compliance.filters.label")} key={location.search}>
        <ModuleFilter modules={data.options.modules} defaultValue={String(filters.module)} />
        <Select
          name="kind"
          label={t("compliance.analyst.kind")}
          defaultValue={String(filters.kind ?? "")}
          options={[
            { value: "", label: t("compliance.analyst.allKinds") },
            ...ORGANISATION_KINDS.map((k) => ({ value: String(k), label: t(`compliance.kinds.${k}`) })),
          ]}
        />
        <Select
          name="region"
          label={t("compliance.analyst.region")}
          defaultValue={String(filters.region ?? "")}
          options={[
            { value: "", label: t("compliance.analyst.allRegions") },
            ...data.options.regions.map((r) => ({ value: String(r.id), label: r.name })),
          ]}
        />
        <Select
          name="view"
          label={t("compliance.analyst.view")}
          defaultValue={filters.view}
          options={(["organisations", "parents"] as const).map((v) => ({
            value: v,
            label: t(`compliance.analyst.views.${v}`),
          }))}
        />
        <input type="hidden" name="sort" value={filters.sort} />
        <input type="hidden" name="dir" value={filters.dir} />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          {t("compliance.filters.submit")}
        </button>
      </Form>

      <p>
        {t("compliance.analyst.total", {
          percent: formatPercent(data.total.percent, language),
          inDate: count(data.total, "inDate"),
          counted: count(data.total, "counted"),
          module: moduleName,
        })}
      </p>

      <p>
        {t("compliance.exports.suppressed")} {t("compliance.analyst.withheldNote")}{" "}
        {parents ? t("compliance.analyst.parentsNote") : null}
      </p>

      {data.rows.length === 0 ? (
        <p>{t("compliance.analyst.empty")}</p>
      ) : (
        <ScrollingTable
          captionId="analyst-caption"
          caption={t(parents ? "compliance.analyst.captionParents" : "compliance.analyst.captionOrganisations", {
            module: moduleName,
          })}
        >
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <SortHeader
                {...sorted("name")}
                label={parents ? t("compliance.analyst.parent") : t("compliance.analyst.organisation")}
              />
              <SortHeader {...sorted("code")} label={t("compliance.analyst.code")} />
              <th scope="col" className="nhsuk-table__header">
                {parents ? t("compliance.analyst.organisations") : t("compliance.analyst.kind")}
              </th>
              <SortHeader {...sorted("percent")} label={t("compliance.columns.share")} numeric />
              <th scope="col" className="nhsuk-table__header app-numeric">
                {t("compliance.analyst.inDatePeople")}
              </th>
              <SortHeader {...sorted("counted")} label={t("compliance.exports.columns.counted")} numeric />
              <SortHeader {...sorted("people")} label={t("compliance.columns.everyone")} numeric />
              <SortHeader {...sorted("overdue")} label={t("compliance.statuses.overdue")} numeric />
              <th scope="col" className="nhsuk-table__header app-numeric">
                {t("compliance.statuses.due-soon")}
              </th>
              <th scope="col" className="nhsuk-table__header app-numeric">
                {t("compliance.statuses.not-started")}
              </th>
              <th scope="col" className="nhsuk-table__header app-numeric">
                {t("compliance.statuses.new-starter")}
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {data.rows.map((r) => (
              <tr className="nhsuk-table__row" key={`${r.code}/${r.name}`}>
                <th scope="row" className="nhsuk-table__header app-row-header">
                  {r.name || t("compliance.analyst.noParent")}
                  {!parents && r.parentName ? (
                    <>
                      <br />
                      <span className="nhsuk-body-s">{r.parentName}</span>
                    </>
                  ) : null}
                </th>
                <td className="nhsuk-table__cell">{r.code}</td>
                <td className="nhsuk-table__cell">
                  {parents ? formatNumber(r.organisations, language) : r.kind ? t(`compliance.kinds.${r.kind}`) : ""}
                </td>
                <td className="nhsuk-table__cell app-numeric">
                  {r.percent === null
                    ? missingPercentLabel(r, t) || t("compliance.nobodyCounted")
                    : formatPercent(r.percent, language)}
                  {r.meetsTarget === false ? (
                    <span className="nhsuk-body-s app-block">
                      {parents ? t("compliance.analyst.someBelow") : t("compliance.belowTarget", { target: r.target })}
                    </span>
                  ) : null}
                </td>
                <td className="nhsuk-table__cell app-numeric">{count(r, "inDate")}</td>
                <td className="nhsuk-table__cell app-numeric">{count(r, "counted")}</td>
                <td className="nhsuk-table__cell app-numeric">{count(r, "people")}</td>
                <td className="nhsuk-table__cell app-numeric">{count(r, "overdue")}</td>
                <td className="nhsuk-table__cell app-numeric">{count(r, "dueSoon")}</td>
                <td className="nhsuk-table__cell app-numeric">{count(r, "notStarted")}</td>
                <td className="nhsuk-table__cell app-numeric">{count(r, "newStarters")}</td>
              </tr>
            ))}
          </tbody>
        </ScrollingTable>
      )}

      <h2>{t("compliance.analyst.download")}</h2>
      <ul className="nhsuk-list">
        {data.formats.map((format) => (
          <li key={format}>
            <a
              href={`/analyst/export${queryString({ ...base, sort: filters.sort, dir: filters.dir, format })}`}
              download
            >
              {t("compliance.analyst.downloadAs", { format: t(`compliance.exports.formats.${format}`) })}
            </a>
          </li>
        ))}
      </ul>
      <HowWeCount />
    </>
  );
}
