import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireAdmin } from "~/auth/authorise.server";
import { listModules } from "~/content/catalogue.server";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "admin.scorm.title");

export async function loader({ request }: LoaderFunctionArgs) {
  await requireAdmin(request);
  const language = await getLanguage(request);
  return {
    modules: listModules(language).map((m) => ({
      slug: m.slug,
      title: m.title,
      version: m.version,
      welsh: m.welsh !== "none",
    })),
  };
}

/** System admins download each module as a SCORM 1.2 package, in English or Welsh, for an organisation's LMS. */
export default function ScormPackages() {
  const { t } = useTranslation();
  const { modules } = useLoaderData<typeof loader>();
  const link = (slug: string, title: string, language: "en-GB" | "cy") => {
    const name = t(language === "cy" ? "admin.scorm.welsh" : "admin.scorm.english");
    return (
      <a href={`/admin/scorm/${slug}?language=${language}`} download>
        {name}
        <span className="nhsuk-u-visually-hidden">
          {" "}
          {t("admin.scorm.downloadLink", { language: name, module: title })}
        </span>
      </a>
    );
  };
  return (
    <>
      <h1>{t("admin.scorm.title")}</h1>
      <p>{t("admin.scorm.intro")}</p>
      <div className="nhsuk-inset-text">
        <p>{t("admin.scorm.answerKey")}</p>
      </div>
      <table className="nhsuk-table">
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th scope="col" className="nhsuk-table__header">
              {t("admin.scorm.module")}
            </th>
            <th scope="col" className="nhsuk-table__header">
              {t("admin.scorm.version")}
            </th>
            <th scope="col" className="nhsuk-table__header">
              {t("admin.scorm.download")}
            </th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {modules.map((m) => (
            <tr className="nhsuk-table__row" key={m.slug}>
              <td className="nhsuk-table__cell">{m.title}</td>
              <td className="nhsuk-table__cell">{m.version}</td>
              <td className="nhsuk-table__cell">
                <ul className="nhsuk-list">
                  <li>{link(m.slug, m.title, "en-GB")}</li>
                  <li>{m.welsh ? link(m.slug, m.title, "cy") : t("admin.scorm.noWelsh")}</li>
                </ul>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
