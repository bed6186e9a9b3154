import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/session.server";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { certificateFor } from "~/learning/certificates.server";
import { isCertified, listCompletions } from "~/learning/completions.server";
import { formatDate } from "~/utils/format-date";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "learning.history.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const language = await getLanguage(request);
  // Prior learning recorded elsewhere has no certificate of ours.
  const rows = listCompletions(user.id)
    .filter(isCertified)
    .map((c) => ({ id: c.id, ...certificateFor(c, language) }));
  return { rows, language };
}

export default function History() {
  const { t } = useTranslation();
  const { rows, language } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("learning.history.title")}</h1>
      {rows.length === 0 ? (
        <p>{t("learning.history.empty")}</p>
      ) : (
        <table className="nhsuk-table">
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                {t("learning.history.module")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("learning.history.version")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("learning.history.completed")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("learning.history.score")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("learning.history.certificate")}
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {rows.map((row) => (
              <tr className="nhsuk-table__row" key={row.id}>
                <td
                  className="nhsuk-table__cell"
                  lang={row.moduleTitleLanguage === language ? undefined : row.moduleTitleLanguage}
                >
                  {row.moduleTitle}
                </td>
                <td className="nhsuk-table__cell">{row.moduleVersion}</td>
                <td className="nhsuk-table__cell">{formatDate(row.completedOn, language)}</td>
                <td className="nhsuk-table__cell">{row.scorePercent}%</td>
                <td className="nhsuk-table__cell">
                  <Link to={`/my-training/certificates/${row.id}`}>
                    {t("learning.history.view")}
                    <span className="nhsuk-u-visually-hidden">
                      :{" "}
                      <span lang={row.moduleTitleLanguage === language ? undefined : row.moduleTitleLanguage}>
                        {row.moduleTitle}
                      </span>
                      , {formatDate(row.completedOn, language)}
                    </span>
                  </Link>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
