import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireManagerOf } from "~/auth/authorise.server";
import { hasNewAccounts } from "~/sso/accounts.server";
import { managersMayEditSso } from "~/sso/settings.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation } = await requireManagerOf(request, params.org);
  return {
    organisation: { code: organisation.code, name: organisation.name },
    ssoEditable: managersMayEditSso(organisation.id),
    newAccounts: hasNewAccounts(organisation.id),
  };
}

/** The manager area of one organisation: its name and sub-navigation, then the page. */
export default function ManageOrganisation() {
  const { t } = useTranslation();
  const { organisation, ssoEditable, newAccounts } = useLoaderData<typeof loader>();
  const base = `/manage/${organisation.code}`;
  return (
    <>
      <p className="nhsuk-caption-l">{organisation.name}</p>
      <nav aria-label={t("manage.nav.label", { organisation: organisation.name })}>
        <ul className="nhsuk-list app-subnav">
          <li>
            <NavLink to={base} end>
              {t("compliance.nav.dashboard")}
            </NavLink>
          </li>
          <li>
            <NavLink to={`${base}/staff`}>{t("manage.nav.staff")}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/invite`}>{t("manage.nav.invite")}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/import`}>{t("staffImport.nav")}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/completions`}>{t("priorLearning.nav")}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/requirements`}>{t("requirementsEditor.nav")}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/target`}>{t("manage.target.nav")}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/contacts`}>{t("manage.contacts.nav")}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/reminders`}>{t("reminders.nav")}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/exports`}>{t("compliance.nav.exports")}</NavLink>
          </li>
          <li>
            <NavLink to={`${base}/evidence`}>{t("compliance.nav.evidence")}</NavLink>
          </li>
          {newAccounts ? (
            <li>
              <NavLink to={`${base}/new-accounts`}>{t("sso.settings.newAccountsNav")}</NavLink>
            </li>
          ) : null}
          {ssoEditable ? (
            <li>
              <NavLink to={`${base}/sso`}>{t("sso.settings.nav")}</NavLink>
            </li>
          ) : null}
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
