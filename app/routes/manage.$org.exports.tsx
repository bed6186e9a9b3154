import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { canManage, requireManagerOf } from "~/auth/authorise.server";
import { EXPORT_FORMATS, EXPORT_KINDS } from "~/compliance/queries.server";
import { pageTitle } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "compliance.exports.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { organisation, scope } = await requireManagerOf(request, params.org, "export");
  return {
    code: organisation.code,
    kinds: EXPORT_KINDS,
    formats: EXPORT_FORMATS,
    esrExport: canManage(scope, "prior-learning"),
  };
}

export default function ComplianceExports() {
  const { t } = useTranslation();
  const { code, kinds, formats, esrExport } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>{t("compliance.exports.title")}</h1>
      <p className="nhsuk-lede-text">{t("compliance.exports.lede")}</p>
      <p>{t("compliance.exports.audited")}</p>
      {kinds.map((kind) => (
        <section key={kind}>
          <h2>{t(`compliance.exports.kinds.${kind}.title`)}</h2>
          <p>{t(`compliance.exports.kinds.${kind}.description`)}</p>
          <ul className="nhsuk-list">
            {formats.map((format) => (
              <li key={format}>
                {/* A plain link: the browser downloads the file, no JavaScript involved. */}
                <a href={`/manage/${code}/export/${kind}?format=${format}`} download>
                  {t(`compliance.exports.kinds.${kind}.title`)}: {t(`compliance.exports.formats.${format}`)}
                </a>
              </li>
            ))}
          </ul>
        </section>
      ))}
      <p>{t("compliance.exports.filtered")}</p>
      {esrExport ? (
        <section>
          <h2>{t("priorLearning.esrExport.title")}</h2>
          <p>{t("priorLearning.esrExport.intro")}</p>
          <p>
            <a href={`/manage/${code}/export-esr`} download>
              {t("priorLearning.esrExport.download")}
            </a>
          </p>
        </section>
      ) : null}
    </>
  );
}
