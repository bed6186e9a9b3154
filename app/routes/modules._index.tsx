import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { listModules } from "~/content/catalogue.server";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "content.catalogue.title");

/** The public list of modules: titles and summaries only, never lesson HTML or answers. */
export async function loader({ request }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const modules = listModules(language).map((m) => ({
    slug: m.slug,
    title: m.title,
    summary: m.summary,
    minutes: m.minutes,
    pageCount: m.pages.length,
    welsh: m.welsh,
    language: m.language,
  }));
  return { language, modules };
}

type CatalogueModule = Awaited<ReturnType<typeof loader>>["modules"][number];

function WelshAvailability({ module, pageLanguage }: { module: CatalogueModule; pageLanguage: string }) {
  const { t } = useTranslation();
  if (module.welsh === "none" && pageLanguage !== "cy") return null;
  return (
    <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
      {module.welsh === "full" ? (
        <strong className="nhsuk-tag nhsuk-tag--green">{t("content.catalogue.availableInWelsh")}</strong>
      ) : null}
      {module.welsh === "partial" ? (
        <strong className="nhsuk-tag nhsuk-tag--yellow">{t("content.catalogue.partlyInWelsh")}</strong>
      ) : null}
      {module.welsh === "none" ? (
        <>
          <strong className="nhsuk-tag nhsuk-tag--grey">{t("content.catalogue.englishOnly")}</strong>{" "}
          {t("content.catalogue.englishOnlyNotice")}
        </>
      ) : null}
    </p>
  );
}

export default function ModulesPage() {
  const { language, modules } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>{t("content.catalogue.title")}</h1>
        {modules.length === 0 ? (
          <p>{t("content.catalogue.empty")}</p>
        ) : (
          <>
            <p className="nhsuk-lede-text">{t("content.catalogue.lead")}</p>
            <ul className="nhsuk-list">
              {modules.map((module) => (
                // English text on a Welsh page is marked as English, so screen readers pronounce it right.
                <li key={module.slug} className="nhsuk-card">
                  <div className="nhsuk-card__content">
                    <h2
                      className="nhsuk-card__heading nhsuk-heading-m"
                      lang={module.language === language ? undefined : module.language}
                    >
                      <Link to={`/learn/${module.slug}`}>{module.title}</Link>
                    </h2>
                    <p
                      className="nhsuk-card__description"
                      lang={module.language === language ? undefined : module.language}
                    >
                      {module.summary}
                    </p>
                    <p className="nhsuk-body-s">
                      {t("content.catalogue.minutes", { minutes: module.minutes })}
                      <br />
                      {t("content.catalogue.pages", { pages: module.pageCount })}
                    </p>
                    <WelshAvailability module={module} pageLanguage={language} />
                  </div>
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </div>
  );
}
