import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData, useLocation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listAuditEvents } from "~/audit/audit.server";
import { requireAdmin } from "~/auth/authorise.server";
import { Pagination } from "~/components/pagination";
import { pageTitle } from "~/i18n/meta";
import { pageNumber } from "~/utils/page-number";
import { formatDateTime } from "~/utils/format-date";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.audit.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const audit = listAuditEvents(pageNumber(request));
  return {
    ...audit,
    rows: audit.rows.map((r) => ({
      ...r,
      at: r.at.toISOString(),
      details: r.details ? JSON.stringify(r.details) : "",
    })),
  };
}

export default function AuditTrail() {
  const { t, i18n } = useTranslation();
  const audit = useLoaderData<typeof loader>();
  const location = useLocation();
  return (
    <>
      <h1>{t("admin.audit.title")}</h1>
      {audit.total === 0 ? (
        <p>{t("admin.audit.empty")}</p>
      ) : (
        <table className="nhsuk-table">
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                {t("admin.audit.when")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("admin.audit.action")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("admin.audit.actor")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("admin.audit.subject")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("admin.audit.organisation")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("admin.audit.details")}
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {audit.rows.map((row) => (
              <tr className="nhsuk-table__row" key={row.id}>
                <td className="nhsuk-table__cell">{formatDateTime(row.at, i18n.language)}</td>
                <td className="nhsuk-table__cell">{t(`admin.actions.${row.action}`)}</td>
                <td className="nhsuk-table__cell">{row.actorEmail ?? t("admin.audit.system")}</td>
                <td className="nhsuk-table__cell">{row.subjectEmail ?? ""}</td>
                <td className="nhsuk-table__cell">{row.organisationName ?? ""}</td>
                <td className="nhsuk-table__cell app-break-all">{row.details}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <Pagination page={audit.page} pageCount={audit.pageCount} search={location.search} />
    </>
  );
}
