import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdmin } from "~/auth/authorise.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  return null;
}

export default function AdminLayout() {
  const { t } = useTranslation();
  return (
    <>
      <p className="nhsuk-caption-l">{t("admin.title")}</p>
      <nav aria-label={t("admin.nav.label")}>
        <ul className="nhsuk-list app-subnav">
          <li>
            <NavLink to="/admin/organisations">{t("admin.nav.organisations")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/users">{t("admin.nav.users")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/requirements">{t("admin.nav.requirements")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/course-mappings">{t("priorLearning.mappings.nav")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/scorm">{t("admin.nav.scorm")}</NavLink>
          </li>
          <li>
            <NavLink to="/admin/audit">{t("admin.nav.audit")}</NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
