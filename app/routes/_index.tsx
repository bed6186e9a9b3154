import type { MetaFunction } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { translateForMeta } from "~/i18n/meta";

export const meta: MetaFunction = ({ matches }) => [{ title: translateForMeta(matches, "service.name") }];

export default function Home() {
  const { t } = useTranslation();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>{t("home.title")}</h1>
        <p className="nhsuk-lede-text">{t("home.lead")}</p>
        <p>{t("home.forLearners")}</p>
        <p>{t("home.forManagers")}</p>
        <Link className="nhsuk-button" to="/sign-in" role="button" draggable="false">
          {t("home.signIn")}
        </Link>
        <h2>{t("home.whatYouLearn")}</h2>
        <ul>
          <li>{t("home.topics.phishing")}</li>
          <li>{t("home.topics.passwords")}</li>
          <li>{t("home.topics.information")}</li>
          <li>{t("home.topics.incidents")}</li>
        </ul>
      </div>
    </div>
  );
}
