import { useTranslation } from "react-i18next";

/** A short static page whose heading and paragraphs live under `pages.<section>` in the locale files. */
export function ProsePage({ section }: { section: "accessibility" | "privacy" }) {
  const { t } = useTranslation();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>{t(`pages.${section}.title`)}</h1>
        <p>{t(`pages.${section}.body1`)}</p>
        <p>{t(`pages.${section}.body2`)}</p>
        <p>{t(`pages.${section}.body3`)}</p>
      </div>
    </div>
  );
}
