import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireManagerOf } from "~/auth/authorise.server";
import { Pagination } from "~/components/pagination";
import { ResponsiveCell } from "~/components/responsive-table";
import { pageTitle } from "~/i18n/meta";
import { listPendingRequests } from "~/organisations/join-requests.server";
import { listStaff } from "~/organisations/staff.server";
import { pageNumber } from "~/utils/page-number";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "manage.staff.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, scope } = await requireManagerOf(request, params.org, "view-figures");
  return {
    staff: listStaff(scope, pageNumber(request)),
    pending: listPendingRequests(scope),
    code: organisation.code,
  };
}

export default function Staff() {
  const { t } = useTranslation();
  const { staff, pending, code } = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <h1>{t("manage.staff.title")}</h1>
      <p>{t("manage.staff.count", { count: staff.total })}</p>
      <p>
        <Link to={`/manage/${code}/invite`}>{t("manage.staff.invite")}</Link>
      </p>
      {staff.total === 0 ? (
        <p>{t("manage.staff.empty")}</p>
      ) : (
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
            {staff.rows.map((person) => (
              <tr className="nhsuk-table__row" key={person.userId}>
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
                  {person.hasLeft
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
