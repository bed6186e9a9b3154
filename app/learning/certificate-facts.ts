import type { TFunction } from "i18next";
import { formatDate } from "~/utils/format-date";
import type { Certificate } from "./certificates.server";

export type CertificateView = Pick<
  Certificate,
  | "moduleTitle"
  | "moduleTitleLanguage"
  | "moduleVersion"
  | "completedOn"
  | "scorePercent"
  | "validUntil"
  | "verificationCode"
> & { name: string };

/** The label and value of each fact a certificate shows, in order: the page, the PDF and the public check use these. */
export function certificateFacts(
  certificate: CertificateView,
  t: TFunction,
  language: string,
): Array<[string, string]> {
  return [
    [t("learning.certificate.module"), certificate.moduleTitle],
    [t("learning.certificate.version"), certificate.moduleVersion],
    [t("learning.certificate.date"), formatDate(certificate.completedOn, language)],
    [t("learning.certificate.score"), `${certificate.scorePercent}%`],
    [t("learning.certificate.validUntil"), formatDate(certificate.validUntil, language)],
    [t("learning.certificate.code"), certificate.verificationCode],
  ];
}
