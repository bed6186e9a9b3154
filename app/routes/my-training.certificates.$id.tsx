import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/session.server";
import { env } from "~/env.server";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { CertificateFacts } from "~/learning/certificate-card";
import { certificateFor } from "~/learning/certificates.server";
import { getOwnCompletion } from "~/learning/completions.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "learning.certificate.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const id = /^\d{1,12}$/.test(params.id ?? "") ? Number(params.id) : NaN;
  const completion = getOwnCompletion(user.id, id);
  if (!completion) throw new Response("Not found", { status: 404 });
  const language = await getLanguage(request);
  return {
    certificate: { name: `${user.givenName} ${user.familyName}`, ...certificateFor(completion, language) },
    verifyUrl: new URL(`/verify/${completion.verificationCode}`, env().APP_URL).toString(),
    language,
    id: completion.id,
  };
}

export default function CertificatePage() {
  const { t } = useTranslation();
  const { certificate, verifyUrl, language, id } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds app-certificate">
        <h1>{t("learning.certificate.title")}</h1>
        <p>{t("learning.certificate.awardedTo")}</p>
        <p className="nhsuk-heading-l">{certificate.name}</p>
        <p>{t("learning.certificate.completed")}</p>
        <CertificateFacts certificate={certificate} language={language} />
        <p>
          {t("learning.certificate.checkAtLink")} <a href={verifyUrl}>{verifyUrl}</a>
        </p>
        <p className="app-no-print">{t("learning.certificate.print")}</p>
        <p className="app-no-print">
          <a href={`/my-training/certificates/${id}/pdf`} download>
            {t("learning.certificate.download")}
          </a>
        </p>
      </div>
    </div>
  );
}
