import { useTranslation } from "react-i18next";
import { certificateFacts, type CertificateView } from "./certificate-facts";

/** The certificate's facts as a summary list: the printable certificate and the public check show the same. */
export function CertificateFacts({ certificate, language }: { certificate: CertificateView; language: string }) {
  const { t } = useTranslation();
  return (
    <dl className="nhsuk-summary-list">
      {certificateFacts(certificate, t, language).map(([key, value], index) => (
        <div className="nhsuk-summary-list__row" key={key}>
          <dt className="nhsuk-summary-list__key">{key}</dt>
          {/* The first fact is the module's title, in English when it has no Welsh yet. */}
          <dd
            className="nhsuk-summary-list__value"
            lang={
              index === 0 && certificate.moduleTitleLanguage !== language ? certificate.moduleTitleLanguage : undefined
            }
          >
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
