import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/session.server";
import { getLanguage } from "~/i18n/i18n.server";
import { requireModule, passMarkOf } from "~/learning/module-page.server";
import { getProgress } from "~/learning/progress.server";
import { mayTakeQuizFirst } from "~/learning/quiz-first.server";
import { WelshNotice } from "~/learning/welsh-notice";
import { formatDate } from "~/utils/format-date";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.module.title} - Cyber Basics` : "Cyber Basics" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const language = await getLanguage(request);
  const module = requireModule(params.module, language);
  const progress = getProgress(user.id, module.slug);
  return {
    module,
    language,
    passMark: passMarkOf(module.slug, language),
    pagesSeen: progress?.pagesSeen ?? [],
    lastPage: progress?.lastPage ?? null,
    quizFirst: mayTakeQuizFirst(user.id, module.slug),
  };
}

export default function ModuleOverview() {
  const { t } = useTranslation();
  const { module, language, passMark, pagesSeen, lastPage, quizFirst } = useLoaderData<typeof loader>();
  const base = `/learn/${module.slug}`;
  const resumeAt = lastPage && lastPage < module.pages.length ? lastPage + 1 : null;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <WelshNotice
          pageLanguage={language}
          isFallback={module.isFallback}
          awaitingReview={module.translationStatus === "awaiting-review"}
        />
        <h1 lang={module.language}>{module.title}</h1>
        <p className="nhsuk-lede-text" lang={module.language}>
          {module.summary}
        </p>
        <p>{t("learning.module.minutes", { minutes: module.minutes })}</p>

        <h2>{t("learning.module.outcomesTitle")}</h2>
        <ul lang={module.language}>
          {module.outcomes.map((o) => (
            <li key={o.id}>{o.text}</li>
          ))}
        </ul>

        {quizFirst ? (
          <div className="nhsuk-inset-text">
            <h2 className="nhsuk-heading-s">{t("learning.module.quizFirstTitle")}</h2>
            <p>{t("learning.module.quizFirst")}</p>
            <Link
              className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0"
              to={`${base}/quiz`}
              role="button"
              draggable="false"
            >
              {t("learning.module.quizFirstButton")}
            </Link>
          </div>
        ) : null}

        <h2>{t("learning.module.pagesTitle")}</h2>
        <ol className="nhsuk-list app-module-pages">
          {module.pages.map((page) => (
            <li key={page.number}>
              <Link to={`${base}/${page.number}`}>
                {t("learning.module.page", { number: page.number, title: page.title })}
              </Link>
              {pagesSeen.includes(page.number) ? (
                <>
                  {" "}
                  <strong className="nhsuk-tag nhsuk-tag--green">{t("learning.module.seen")}</strong>
                </>
              ) : null}
            </li>
          ))}
        </ol>

        {resumeAt ? (
          <Link className="nhsuk-button" to={`${base}/${resumeAt}`} role="button" draggable="false">
            {t("learning.module.continue", { page: resumeAt })}
          </Link>
        ) : (
          <Link className="nhsuk-button" to={`${base}/1`} role="button" draggable="false">
            {t("learning.module.start")}
          </Link>
        )}

        <p>{t("learning.module.quizIntro", { passMark })}</p>
        <Link className="nhsuk-button nhsuk-button--secondary" to={`${base}/quiz`} role="button" draggable="false">
          {t("learning.module.quiz")}
        </Link>

        <h2 className="nhsuk-heading-s">{t("learning.module.sourcesTitle")}</h2>
        <ul className="nhsuk-body-s">
          {module.sources.map((s) => (
            <li key={s.url}>
              <a href={s.url}>{s.title}</a>
            </li>
          ))}
        </ul>
        <p className="nhsuk-body-s">
          {t("learning.module.version", { version: module.version, date: formatDate(module.lastReviewed, language) })}
        </p>
      </div>
    </div>
  );
}
