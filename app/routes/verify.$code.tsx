import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { CertificateFacts } from "~/learning/certificate-card";
import { verifyCertificate } from "~/learning/certificates.server";
import { normaliseVerificationCode } from "~/learning/verification-code";
import { formatDate } from "~/utils/format-date";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "learning.verify.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const language = await getLanguage(request);
  const code = normaliseVerificationCode(params.code ?? "");
  const found = code ? verifyCertificate(code, language) : null;
  const headers = { "Cache-Control": "no-store", "X-Robots-Tag": "noindex" };
  if (!found) return data({ found: null, language }, { status: 404, headers });
  return data({ found: { name: found.name, ...found.certificate }, language }, { headers });
}

export default function VerifyResult() {
  const { t } = useTranslation();
  const { found, language } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {found ? (
          <>
            <h1>{t("learning.verify.genuine")}</h1>
            <div className="nhsuk-inset-text">
              <p>
                <strong>
                  {found.inDate
                    ? t("learning.verify.inDate", { date: formatDate(found.validUntil, language) })
                    : found.superseded
                      ? t("learning.verify.superseded")
                      : t("learning.verify.expired", { date: formatDate(found.validUntil, language) })}
                </strong>
              </p>
            </div>
            <p className="nhsuk-heading-m">{found.name}</p>
            <CertificateFacts certificate={found} language={language} />
          </>
        ) : (
          <>
            <h1>{t("learning.verify.notFound")}</h1>
            <p>{t("learning.verify.notFoundBody")}</p>
          </>
        )}
        <p>
          <Link to="/verify">{t("learning.verify.checkAnother")}</Link>
        </p>
      </div>
    </div>
  );
}
