import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireManagerOf } from "~/auth/authorise.server";
import { MANAGER_ACTIONS, canManage, type ManagerAction } from "~/auth/scope";
import { hasNewAccounts } from "~/sso/accounts.server";
import { managersMayEditSso } from "~/sso/settings.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, scope } = await requireManagerOf(request, params.org, "view-figures");
  const wholeOrganisation = scope.unitIds === null;
  return {
    organisation: { code: organisation.code, name: organisation.name },
    allowed: MANAGER_ACTIONS.filter((action) => canManage(scope, action)),
    ssoEditable: wholeOrganisation && managersMayEditSso(organisation.id),
    newAccounts: wholeOrganisation && hasNewAccounts(organisation.id),
  };
}

/** The manager area of one organisation: its name and sub-navigation, then the page. */
export default function ManageOrganisation() {
  const { t } = useTranslation();
  const { organisation, allowed, ssoEditable, newAccounts } = useLoaderData<typeof loader>();
  const base = `/manage/${organisation.code}`;
  const may = (action: ManagerAction) => (allowed as ManagerAction[]).includes(action);
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
          {may("unit-managers") ? (
            <li>
              <NavLink to={`${base}/unit-managers`}>{t("manage.unitManagers.nav")}</NavLink>
            </li>
          ) : null}
          {may("invite") ? (
            <li>
              <NavLink to={`${base}/invite`}>{t("manage.nav.invite")}</NavLink>
            </li>
          ) : null}
          {may("import") ? (
            <li>
              <NavLink to={`${base}/import`}>{t("staffImport.nav")}</NavLink>
            </li>
          ) : null}
          {may("prior-learning") ? (
            <li>
              <NavLink to={`${base}/completions`}>{t("priorLearning.nav")}</NavLink>
            </li>
          ) : null}
          {may("requirements") ? (
            <li>
              <NavLink to={`${base}/requirements`}>{t("requirementsEditor.nav")}</NavLink>
            </li>
          ) : null}
          {may("target") ? (
            <li>
              <NavLink to={`${base}/target`}>{t("manage.target.nav")}</NavLink>
            </li>
          ) : null}
          {may("contacts") ? (
            <li>
              <NavLink to={`${base}/contacts`}>{t("manage.contacts.nav")}</NavLink>
            </li>
          ) : null}
          {may("remind") ? (
            <li>
              <NavLink to={`${base}/reminders`}>{t("reminders.nav")}</NavLink>
            </li>
          ) : null}
          {may("export") ? (
            <li>
              <NavLink to={`${base}/exports`}>{t("compliance.nav.exports")}</NavLink>
            </li>
          ) : null}
          {may("evidence") ? (
            <li>
              <NavLink to={`${base}/evidence`}>{t("compliance.nav.evidence")}</NavLink>
            </li>
          ) : null}
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
