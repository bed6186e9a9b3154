import type { LoaderFunctionArgs } from "@remix-run/node";
import { NavLink, Outlet } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAnalyst } from "~/auth/authorise.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAnalyst(request);
  return null;
}

/** The national and regional view: analysts and admins only, figures without names. */
export default function AnalystLayout() {
  const { t } = useTranslation();
  return (
    <>
      <p className="nhsuk-caption-l">{t("compliance.analyst.caption")}</p>
      <nav aria-label={t("compliance.analyst.navLabel")}>
        <ul className="nhsuk-list app-subnav">
          <li>
            <NavLink to="/analyst" end>
              {t("compliance.analyst.title")}
            </NavLink>
          </li>
        </ul>
      </nav>
      <Outlet />
    </>
  );
}
