import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireManagerOf } from "~/auth/authorise.server";
import { unitInScope } from "~/auth/scope";
import { SortHeader, StaffGroupFilter, StatusTag } from "~/compliance/components";
import { queryString } from "~/compliance/format";
import { queryOf } from "~/compliance/queries.server";
import { FIGURE_STATUSES } from "~/compliance/status";
import { Select, TextInput } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { ResponsiveCell } from "~/components/responsive-table";
import { pageTitle } from "~/i18n/meta";
import { listPendingRequests } from "~/organisations/join-requests.server";
import { StaffListQuerySchema, searchStaff, type StaffListSort } from "~/organisations/staff-list.server";
import { listUnits } from "~/organisations/staff.server";
import { todayIso } from "~/utils/dates";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "manage.staff.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, scope } = await requireManagerOf(request, params.org, "view-figures");
  const query = StaffListQuerySchema.parse(queryOf(request));
  const units = listUnits(organisation.id).filter((u) => unitInScope(scope, u.id));
  if (query.unit !== undefined && !units.some((u) => u.id === query.unit)) query.unit = undefined;
  return {
    staff: searchStaff(organisation.id, query, scope.unitIds ?? undefined),
    query: { q: query.q, unit: query.unit ?? null, group: query.group ?? null, status: query.status ?? null },
    sort: query.sort,
    dir: query.dir,
    units,
    pending: listPendingRequests(scope),
    code: organisation.code,
    today: todayIso(),
  };
}

export default function Staff() {
  const { t } = useTranslation();
  const { staff, query, sort, dir, units, pending, code, today } = useLoaderData<typeof loader>();
  const location = useLocation();
  const filtered = query.q !== "" || query.unit !== null || query.group !== null || query.status !== null;
  const sorted = (key: StaffListSort) => ({
    to: queryString({ ...query, sort: key, dir: sort === key && dir === "asc" ? "desc" : "asc" }),
    direction: sort === key ? dir : null,
  });
  return (
    <>
      <h1>{t("manage.staff.title")}</h1>
      <p>
        <Link to={`/manage/${code}/invite`}>{t("manage.staff.invite")}</Link>
      </p>
      <Form method="get" className="app-filters" aria-label={t("manage.staff.filters.label")} key={location.search}>
        <TextInput
          name="q"
          type="search"
          label={t("manage.staff.filters.search")}
          defaultValue={query.q}
          spellCheck={false}
          width={20}
        />
        <Select
          name="unit"
          label={t("manage.staff.unit")}
          defaultValue={String(query.unit ?? "")}
          options={[
            { value: "", label: t("compliance.filters.allUnits") },
            ...units.map((u) => ({ value: String(u.id), label: u.name })),
          ]}
        />
        <StaffGroupFilter defaultValue={query.group} />
        <Select
          name="status"
          label={t("manage.staff.filters.status")}
          defaultValue={query.status ?? ""}
          options={[
            { value: "", label: t("compliance.filters.allStatuses") },
            ...FIGURE_STATUSES.map((s) => ({ value: s, label: t(`compliance.statuses.${s}`) })),
          ]}
        />
        <input type="hidden" name="sort" value={sort} />
        <input type="hidden" name="dir" value={dir} />
        <button className="nhsuk-button nhsuk-button--secondary" type="submit">
          {t("manage.staff.filters.submit")}
        </button>
      </Form>
      <p role="status">
        {filtered
          ? t("manage.staff.countFound", { count: staff.total })
          : t("manage.staff.count", { count: staff.total })}
        {filtered ? (
          <>
            {" "}
            <Link to=".">{t("manage.staff.filters.clear")}</Link>
          </>
        ) : null}
      </p>
      {staff.total === 0 ? (
        <p>{filtered ? t("manage.staff.noneFound") : t("manage.staff.empty")}</p>
      ) : (
        <table className="nhsuk-table-responsive">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">{t("manage.staff.caption")}</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <SortHeader {...sorted("name")} label={t("manage.staff.name")} />
              <SortHeader {...sorted("unit")} label={t("manage.staff.unit")} />
              <SortHeader {...sorted("staffGroup")} label={t("manage.staff.staffGroup")} />
              <SortHeader {...sorted("status")} label={t("manage.staff.status")} />
              <th scope="col" className="nhsuk-table__header">
                {t("manage.staff.account")}
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {staff.rows.map((person) => (
              <tr className="nhsuk-table__row" key={person.userId}>
                <ResponsiveCell heading={t("manage.staff.name")}>
                  <Link to={`/manage/${code}/staff/${person.userId}`}>
                    {person.familyName}, {person.givenName}
                  </Link>
                  <br />
                  <span className="nhsuk-body-s">{person.email}</span>
                </ResponsiveCell>
                <ResponsiveCell heading={t("manage.staff.unit")}>{person.unitName ?? ""}</ResponsiveCell>
                <ResponsiveCell heading={t("manage.staff.staffGroup")}>
                  {t(`auth.staffGroups.${person.staffGroup}`)}
                </ResponsiveCell>
                <ResponsiveCell heading={t("manage.staff.status")}>
                  {person.status ? (
                    <StatusTag status={person.status} />
                  ) : person.endDate !== null && person.endDate < today ? (
                    t("manage.staff.notCounted.left")
                  ) : person.startDate > today ? (
                    t("manage.staff.notCounted.notStarted")
                  ) : (
                    t("manage.staff.notCounted.nothingRequired")
                  )}
                </ResponsiveCell>
                <ResponsiveCell heading={t("manage.staff.account")}>
                  {person.endDate !== null && person.endDate < today
                    ? t("manage.staff.leaver", { date: person.endDate })
                    : person.accountActive
                      ? t("manage.staff.accountActive")
                      : t("manage.staff.accountInvited")}
                </ResponsiveCell>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={staff.page} pageCount={staff.pageCount} search={location.search} />
      {pending.length > 0 ? (
        <>
          <h2>{t("manage.staff.pendingTitle")}</h2>
          <p>{t("manage.staff.pendingIntro")}</p>
          <table className="nhsuk-table-responsive">
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th scope="col" className="nhsuk-table__header">
                  {t("manage.staff.name")}
                </th>
                <th scope="col" className="nhsuk-table__header">
                  {t("manage.staff.unit")}
                </th>
                <th scope="col" className="nhsuk-table__header">
                  {t("manage.staff.staffGroup")}
                </th>
                <th scope="col" className="nhsuk-table__header">
                  {t("manage.staff.role")}
                </th>
                <th scope="col" className="nhsuk-table__header">
                  {t("manage.staff.account")}
                </th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {pending.map((person) => (
                <tr className="nhsuk-table__row" key={person.id}>
                  <ResponsiveCell heading={t("manage.staff.name")}>
                    {person.familyName}, {person.givenName}
                    <br />
                    <span className="nhsuk-body-s">{person.email}</span>
                  </ResponsiveCell>
                  <ResponsiveCell heading={t("manage.staff.unit")}>{person.unitName ?? ""}</ResponsiveCell>
                  <ResponsiveCell heading={t("manage.staff.staffGroup")}>
                    {t(`auth.staffGroups.${person.staffGroup}`)}
                  </ResponsiveCell>
                  <ResponsiveCell heading={t("manage.staff.role")}>{t(`auth.roles.${person.role}`)}</ResponsiveCell>
                  <ResponsiveCell heading={t("manage.staff.account")}>
                    <strong className="nhsuk-tag nhsuk-tag--yellow">{t("manage.staff.awaitingAcceptance")}</strong>
                  </ResponsiveCell>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      ) : null}
    </>
  );
}
