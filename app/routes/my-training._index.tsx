import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/session.server";
import { SuccessBanner } from "~/components/forms";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { myTraining, type TrainingItem } from "~/learning/my-training.server";
import { StatusTag } from "~/learning/status-tag";
import { formatDate } from "~/utils/format-date";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "learning.myTraining.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const language = await getLanguage(request);
  return { ...myTraining(user.id, language), language, givenName: user.givenName };
}

function StatusLine({ item, language }: { item: TrainingItem; language: string }) {
  const { t } = useTranslation();
  const date = (iso: string | null) => (iso ? formatDate(iso, language) : "");
  switch (item.status) {
    case "compliant":
      return (
        <>
          {t("learning.status.completedValidUntil", {
            completed: date(item.lastCompletedOn),
            until: date(item.lastDay),
          })}
        </>
      );
    case "due-soon":
      return item.retake ? (
        <>{t("learning.status.retakeDue", { date: date(item.lastDay) })}</>
      ) : (
        <>{t("learning.status.expiresOn", { completed: date(item.lastCompletedOn), until: date(item.lastDay) })}</>
      );
    case "overdue":
      return item.retake ? (
        <>{t("learning.status.retakeOverdue", { date: date(item.lastDay) })}</>
      ) : (
        <>{t("learning.status.expiredOn", { date: date(item.lastDay) })}</>
      );
    case "not-started":
      return <>{t("learning.status.notStartedDue", { date: date(item.lastDay) })}</>;
    case "new-starter":
      return <>{t("learning.status.newStarterDue", { date: date(item.lastDay) })}</>;
    default:
      return item.lastCompletedOn ? (
        <>{t("learning.status.optionalDone", { date: date(item.lastCompletedOn) })}</>
      ) : null;
  }
}

function TrainingCard({ item, language }: { item: TrainingItem; language: string }) {
  const { t } = useTranslation();
  const done = item.status === "compliant" || (item.status === null && item.lastCompletedOn);
  const action = done
    ? t("learning.myTraining.view")
    : item.inProgress
      ? t("learning.myTraining.continue")
      : item.lastCompletedOn
        ? t("learning.myTraining.retake")
        : t("learning.myTraining.start");
  return (
    <li className="nhsuk-card nhsuk-card--clickable app-training-card">
      <div className="nhsuk-card__content">
        <h3 className="nhsuk-card__heading nhsuk-heading-m">
          <Link
            className="nhsuk-card__link"
            to={`/learn/${item.slug}`}
            lang={item.textLanguage === language ? undefined : item.textLanguage}
          >
            {item.title}
          </Link>
        </h3>
        <p className="nhsuk-u-margin-bottom-2">
          {item.status ? <StatusTag status={item.status} /> : null}{" "}
          {item.inProgress ? <StatusTag status="in-progress" /> : null}
        </p>
        <p className="nhsuk-card__description">
          <StatusLine item={item} language={language} />
        </p>
        {item.recordedElsewhere ? (
          <p className="nhsuk-body-s">
            {t(
              item.recordedElsewhere.importedBy
                ? "learning.status.recordedElsewhere"
                : "learning.status.recordedElsewhereNoName",
              {
                source: item.recordedElsewhere.source,
                name: item.recordedElsewhere.importedBy,
                date: formatDate(item.recordedElsewhere.importedOn, language),
              },
            )}
          </p>
        ) : null}
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
          {t("learning.myTraining.minutes", { minutes: item.minutes })} · <span aria-hidden="true">{action}</span>
        </p>
      </div>
    </li>
  );
}

export default function MyTraining() {
  const { t } = useTranslation();
  const { required, optional, hasMemberships, language, givenName } = useLoaderData<typeof loader>();
  const [searchParams] = useSearchParams();
  return (
    <>
      {searchParams.get("welcome") ? (
        <SuccessBanner>{t("learning.myTraining.welcome", { name: givenName })}</SuccessBanner>
      ) : null}
      <h1>{t("learning.myTraining.title")}</h1>
      <p className="nhsuk-lede-text">{t("learning.myTraining.lead")}</p>
      <h2>{t("learning.myTraining.required")}</h2>
      {!hasMemberships ? <p>{t("learning.myTraining.noMemberships")}</p> : null}
      {hasMemberships && required.length === 0 ? <p>{t("learning.myTraining.noneRequired")}</p> : null}
      <ul className="nhsuk-list app-card-list">
        {required.map((item) => (
          <TrainingCard key={item.slug} item={item} language={language} />
        ))}
      </ul>
      {optional.length > 0 ? (
        <>
          <h2>{t("learning.myTraining.optional")}</h2>
          <ul className="nhsuk-list app-card-list">
            {optional.map((item) => (
              <TrainingCard key={item.slug} item={item} language={language} />
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <Link to="/my-training/history">{t("learning.myTraining.history")}</Link>
      </p>
    </>
  );
}
