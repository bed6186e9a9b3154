import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireManagerOf } from "~/auth/authorise.server";
import { pageTitle } from "~/i18n/meta";
import { clearPlacedAccounts, listNewAccounts } from "~/sso/accounts.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sso.settings.newAccountsTitle");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireManagerOf(request, params.org, "sso");
  clearPlacedAccounts(organisation.id);
  return {
    code: organisation.code,
    people: listNewAccounts(organisation.id).map((p) => ({ ...p, createdAt: p.createdAt.toISOString().slice(0, 10) })),
  };
}

/** People who signed in through the organisation's provider without an account, waiting for a unit and staff group. */
export default function NewAccounts() {
  const { t } = useTranslation();
  const { code, people } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("sso.settings.newAccountsTitle")}</h1>
      <p>
        {t("sso.settings.newAccountsIntro")} <Link to={`/manage/${code}/invite`}>{t("manage.nav.invite")}</Link>
      </p>
      {people.length === 0 ? (
        <p>{t("sso.settings.newAccountsNone")}</p>
      ) : (
        <table className="nhsuk-table">
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th scope="col" className="nhsuk-table__header">
                {t("sso.settings.name")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("sso.settings.email")}
              </th>
              <th scope="col" className="nhsuk-table__header">
                {t("sso.settings.since")}
              </th>
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {people.map((p) => (
              <tr className="nhsuk-table__row" key={p.userId}>
                <td className="nhsuk-table__cell">{`${p.givenName} ${p.familyName}`.trim()}</td>
                <td className="nhsuk-table__cell">{p.email}</td>
                <td className="nhsuk-table__cell">{p.createdAt}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
