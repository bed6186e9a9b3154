import { useTranslation } from "react-i18next";
import { formatDate } from "~/utils/format-date";

export interface CertificateView {
  name: string;
  moduleTitle: string;
  moduleVersion: string;
  completedOn: string;
  scorePercent: number;
  validUntil: string;
  verificationCode: string;
}

/** The certificate's facts as a summary list: the printable certificate and the public check show the same. */
export function CertificateFacts({ certificate, language }: { certificate: CertificateView; language: string }) {
  const { t } = useTranslation();
  const rows: Array<[string, string]> = [
    [t("learning.certificate.module"), certificate.moduleTitle],
    [t("learning.certificate.version"), certificate.moduleVersion],
    [t("learning.certificate.date"), formatDate(certificate.completedOn, language)],
    [t("learning.certificate.score"), `${certificate.scorePercent}%`],
    [t("learning.certificate.validUntil"), formatDate(certificate.validUntil, language)],
    [t("learning.certificate.code"), certificate.verificationCode],
  ];
  return (
    <dl className="nhsuk-summary-list">
      {rows.map(([key, value]) => (
        <div className="nhsuk-summary-list__row" key={key}>
          <dt className="nhsuk-summary-list__key">{key}</dt>
          <dd className="nhsuk-summary-list__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
