import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/session.server";
import { getQuizBank } from "~/content/catalogue.server";
import type { ContentLanguage } from "~/content/types";
import { getLanguage } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { completionForPassedAttempt } from "~/learning/completions.server";
import { requireModule } from "~/learning/module-page.server";
import { attemptResults, getOwnAttempt, missedOutcomes } from "~/quiz/attempts.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "learning.result.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const attempt = getOwnAttempt(user.id, params.attemptId ?? "");
  if (!attempt || !attempt.submittedAt || attempt.moduleSlug !== params.module)
    throw new Response("Not found", { status: 404 });
  const bank = getQuizBank(attempt.moduleSlug, attempt.language as ContentLanguage);
  if (!bank) throw new Response("Not found", { status: 404 });
  const passed = Boolean(attempt.passed);
  const module = requireModule(attempt.moduleSlug, await getLanguage(request));
  const missed = passed ? [] : missedOutcomes(attempt, bank);
  // Each missed outcome with the lesson pages that teach it (the first page when none says so).
  const revisit = module.outcomes
    .filter((o) => missed.includes(o.id))
    .map((o) => {
      const pages = module.pages
        .filter((p) => p.outcomes.includes(o.id))
        .map((p) => ({ number: p.number, title: p.title }));
      return {
        id: o.id,
        text: o.text,
        pages: pages.length > 0 ? pages : module.pages.slice(0, 1).map((p) => ({ number: p.number, title: p.title })),
      };
    });
  return {
    slug: attempt.moduleSlug,
    passed,
    quizFirst: attempt.quizFirst,
    scorePercent: attempt.scorePercent ?? 0,
    correctCount: attempt.correctCount ?? 0,
    questionCount: attempt.questionCount,
    passMark: bank.passMark,
    language: attempt.language,
    moduleLanguage: module.language,
    questions: attemptResults(attempt, bank),
    revisit,
    completionId: passed
      ? (completionForPassedAttempt(attempt.id, user.id, attempt.moduleSlug, attempt.moduleVersion, attempt.submittedAt)
          ?.id ?? null)
      : null,
  };
}

export default function QuizResult() {
  const { t } = useTranslation();
  const result = useLoaderData<typeof loader>();
  const firstLesson = result.revisit[0]?.pages[0]?.number ?? 1;
  // After a fail the questions sit under their own heading.
  const QuestionHeading = result.passed ? "h2" : "h3";
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <div className={`nhsuk-card ${result.passed ? "app-result--passed" : "app-result--failed"}`}>
          <div className="nhsuk-card__content">
            <h1 className="nhsuk-card__heading">
              {result.passed ? t("learning.result.passed") : t("learning.result.failed")}
            </h1>
            <p className="nhsuk-card__description">
              {t("learning.result.score", {
                score: result.scorePercent,
                correct: result.correctCount,
                count: result.questionCount,
                passMark: result.passMark,
              })}
            </p>
            <p className="nhsuk-card__description">
              {result.passed
                ? result.quizFirst
                  ? t("learning.result.quizFirstPassed")
                  : t("learning.result.passedNext")
                : result.quizFirst
                  ? t("learning.result.quizFirstFailed")
                  : t("learning.result.failedNext")}
            </p>
          </div>
        </div>
        {result.passed && result.completionId ? (
          <Link
            className="nhsuk-button"
            to={`/my-training/certificates/${result.completionId}`}
            role="button"
            draggable="false"
          >
            {t("learning.result.certificate")}
          </Link>
        ) : result.quizFirst ? (
          <Link className="nhsuk-button" to={`/learn/${result.slug}/${firstLesson}`} role="button" draggable="false">
            {t("learning.result.readLessons")}
          </Link>
        ) : (
          <Link className="nhsuk-button" to={`/learn/${result.slug}/quiz`} role="button" draggable="false">
            {t("learning.result.tryAgain")}
          </Link>
        )}
        {result.revisit.length > 0 ? (
          <>
            <h2>{t("learning.result.revisitTitle")}</h2>
            <p>{t("learning.result.revisitIntro")}</p>
            <ul className="app-revisit">
              {result.revisit.map((outcome) => (
                <li key={outcome.id}>
                  <span lang={result.moduleLanguage}>{outcome.text}</span>
                  <ul>
                    {outcome.pages.map((page) => (
                      <li key={page.number}>
                        <Link to={`/learn/${result.slug}/${page.number}`}>
                          {t("learning.module.page", { number: page.number, title: page.title })}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ul>
          </>
        ) : null}
        {!result.passed && result.questions.length > 0 ? <h2>{t("learning.result.wrongTitle")}</h2> : null}
        <ol className="nhsuk-list" lang={result.language}>
          {result.questions.map((q) => (
            <li key={q.id} className="app-result-question">
              <QuestionHeading className="nhsuk-heading-s">
                {result.passed
                  ? `${q.number}. ${q.text}`
                  : `${t("learning.result.questionNumber", { number: q.number })}: ${q.text}`}
              </QuestionHeading>
              <p>
                <strong className={`nhsuk-tag ${q.correct ? "nhsuk-tag--green" : "nhsuk-tag--red"}`}>
                  {q.correct ? t("learning.result.right") : t("learning.result.wrong")}
                </strong>
              </p>
              {q.chosen.map((option) => (
                <div key={option.id} className="nhsuk-inset-text">
                  <p>
                    <strong>{t("learning.result.yourAnswer")}:</strong> {option.text}
                  </p>
                  {!result.passed ? <p className="nhsuk-u-visually-hidden">{t("learning.result.whyWrong")}:</p> : null}
                  <p>{option.explanation}</p>
                </div>
              ))}
              {!result.passed && q.chosen.length === 0 ? <p>{t("learning.result.missedSome")}</p> : null}
            </li>
          ))}
        </ol>
        <p>
          <Link to="/my-training">{t("learning.result.backToTraining")}</Link>
        </p>
      </div>
    </div>
  );
}
