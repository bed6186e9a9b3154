import { useTranslation } from "react-i18next";

/** Tells a Welsh reader when what follows is in English, or a Welsh draft still awaiting review. */
export function WelshNotice({
  pageLanguage,
  isFallback,
  awaitingReview,
}: {
  pageLanguage: string;
  isFallback: boolean;
  awaitingReview: boolean;
}) {
  const { t } = useTranslation();
  if (pageLanguage !== "cy") return null;
  if (isFallback) {
    return (
      <div className="nhsuk-inset-text" lang="cy">
        <span className="nhsuk-u-visually-hidden">{t("learning.module.fallbackTitle")}: </span>
        <p>{t("learning.module.fallback")}</p>
      </div>
    );
  }
  return awaitingReview ? <p className="nhsuk-body-s">{t("learning.module.translationReview")}</p> : null;
}
