import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireManagerOf } from "~/auth/authorise.server";
import { HowWeCount, ModuleFilter, SortHeader, StaffGroupFilter, StatusTag } from "~/compliance/components";
import { resolveFilters } from "~/compliance/dashboard.server";
import { staffList, type SortKey } from "~/compliance/figures.server";
import { formatDate, formatNumber, queryString } from "~/compliance/format";
import { ALL } from "~/compliance/filter-values";
import { StaffListQuerySchema, queryOf } from "~/compliance/queries.server";
import { FIGURE_FILTERS, STATUS_TOTALS, type FigureFilter } from "~/compliance/status";
import { Pagination } from "~/components/pagination";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { withRecordedSource } from "~/prior-learning/recorded-elsewhere.server";
import { Select } from "~/components/forms";
import { ResponsiveCell } from "~/components/responsive-table";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "compliance.staff.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, scope } = await requireManagerOf(request, params.org, "view-figures");
  const language = await getLanguage(request);
  const query = StaffListQuerySchema.parse(queryOf(request));
  const { modules, units, module, unit, filters, moduleId } = resolveFilters(scope, query, language);
  const list = staffList(
    organisation.id,
    { ...filters, moduleId, status: query.status },
    query.sort,
    query.dir === "desc",
    query.page,
  );
  return {
    code: organisation.code,
    filters: {
      module: module?.slug ?? ALL,
      unit: unit?.id ?? null,
      group: filters.staffGroup ?? null,
      status: query.status ?? null,
      sort: query.sort,
      dir: query.dir,
    },
    moduleTitle: module?.title ?? null,
    options: { modules: modules.map((m) => ({ slug: m.slug, title: m.title })), units },
    list: { ...list, rows: withRecordedSource(list.rows, module?.slug) },
  };
}

const filterLabel = (filter: FigureFilter) =>
  filter in STATUS_TOTALS ? `compliance.statusTotals.${filter}` : `compliance.statuses.${filter}`;

export default function ComplianceStaff() {
  const { t, i18n } = useTranslation();
  const { code, filters, moduleTitle, options, list } = useLoaderData<typeof loader>();
  const location = useLocation();
  const language = i18n.language;
  const base = `/manage/${code}`;
  const moduleName = moduleTitle ?? t("compliance.allRequired");
  const sortLink = (key: SortKey) =>
    queryString({
      module: filters.module,
      unit: filters.unit,
      group: filters.group,
      status: filters.status,
      sort: key,
      dir: filters.sort === key && filters.dir === "asc" ? "desc" : "asc",
    });
  const sorted = (key: SortKey) => ({ to: sortLink(key), direction: filters.sort === key ? filters.dir : null });

  return (
    <>
      <h1>{t("compliance.staff.title")}</h1>
      <p className="nhsuk-lede-text">
        {filters.status
          ? t("compliance.staff.countWithStatus", {
              formatted: formatNumber(list.total, language),
              status: t(filterLabel(filters.status)),
              module: moduleName,
            })
          : t("compliance.staff.count", { formatted: formatNumber(list.total, language), module: moduleName })}
      </p>

      <Form method="get" className="app-filters" aria-label={t("compliance.filters.label")} key={location.search}>
        <ModuleFilter modules={options.modules} defaultValue={String(filters.module)} />
        <Select
          name="status"
          label={t("compliance.filters.status")}
          defaultValue={String(filters.status ?? "")}
          options={[
            { value: "", label: t("compliance.filters.allStatuses") },
            ...FIGURE_FILTERS.map((s) => ({ value: String(s), label: t(filterLabel(s)) })),
          ]}
        />
        <Select
          name="unit"
          label={t("compliance.filters.unit")}
          defaultValue={String(filters.unit ?? "")}
          options={[
            { value: "", label: t("compliance.filters.allUnits") },
            ...options.units.map((u) => ({ value: String(u.id), label: u.name })),
          ]}
        />
        <StaffGroupFilter defaultValue={filters.group} />
        <input type="hidden" name="sort" value={filters.sort} />
        <input type="hidden" name="dir" value={filters.dir} />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          {t("compliance.filters.submit")}
        </button>
      </Form>

      <ul className="nhsuk-list">
        <li>
          <Link
            to={`${base}/reminders${queryString({ module: filters.module, status: filters.status, unit: filters.unit, group: filters.group })}`}
          >
            {t("compliance.staff.remind")}
          </Link>
        </li>
        <li>
          <Link to={`${base}${queryString({ module: filters.module, unit: filters.unit, group: filters.group })}`}>
            {t("compliance.staff.back")}
          </Link>
        </li>
      </ul>

      {list.total === 0 ? (
        <p>{t("compliance.staff.empty")}</p>
      ) : (
        <table className="nhsuk-table-responsive">
          <caption className="nhsuk-table__caption">{t("compliance.staff.caption", { module: moduleName })}</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <SortHeader {...sorted("name")} label={t("compliance.columns.name")} />
              <SortHeader {...sorted("unit")} label={t("compliance.columns.unit")} />
              <SortHeader {...sorted("staffGroup")} label={t("compliance.columns.group")} />
              <SortHeader {...sorted("status")} label={t("compliance.columns.status")} />
              <SortHeader {...sorted("due")} label={t("compliance.columns.due")} date />
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {list.rows.map((row) => (
              <tr className="nhsuk-table__row" key={row.userId}>
                <ResponsiveCell heading={t("compliance.columns.name")}>
                  {row.familyName}, {row.givenName}
                </ResponsiveCell>
                <ResponsiveCell heading={t("compliance.columns.unit")}>
                  {row.unitName ?? t("compliance.noUnit")}
                </ResponsiveCell>
                <ResponsiveCell heading={t("compliance.columns.group")}>
                  {t(`auth.staffGroups.${row.staffGroup}`)}
                </ResponsiveCell>
                <ResponsiveCell heading={t("compliance.columns.status")}>
                  <StatusTag status={row.status} />
                </ResponsiveCell>
                <ResponsiveCell heading={t("compliance.columns.due")}>
                  {row.status === "compliant" || row.status === "due-soon"
                    ? t("compliance.staff.expires", { date: formatDate(row.dueDay, language) })
                    : row.status === "new-starter"
                      ? t("compliance.staff.dueBy", { date: formatDate(row.dueDay, language) })
                      : t("compliance.staff.wasDue", { date: formatDate(row.dueDay, language) })}
                  {row.lastDay !== null ? (
                    <>
                      <br />
                      <span className="nhsuk-body-s">
                        {t("compliance.staff.lastCompleted", { date: formatDate(row.lastDay, language) })}
                        {row.recordedIn ? <> ({t("compliance.staff.recordedIn", { source: row.recordedIn })})</> : null}
                      </span>
                    </>
                  ) : null}
                </ResponsiveCell>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={list.page} pageCount={list.pageCount} search={location.search} />
      <HowWeCount />
    </>
  );
}
