import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/session.server";
import { getQuizBank } from "~/content/catalogue.server";
import type { ContentLanguage } from "~/content/types";
import { pageTitle } from "~/i18n/meta";
import { completionForAttempt } from "~/learning/completions.server";
import { attemptResults, getOwnAttempt } from "~/quiz/attempts.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "learning.result.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const attempt = getOwnAttempt(user.id, params.attemptId ?? "");
  if (!attempt || !attempt.submittedAt || attempt.moduleSlug !== params.module) throw new Response("Not found", { status: 404 });
  const bank = getQuizBank(attempt.moduleSlug, attempt.language as ContentLanguage);
  if (!bank) throw new Response("Not found", { status: 404 });
  return {
    slug: attempt.moduleSlug,
    passed: Boolean(attempt.passed),
    scorePercent: attempt.scorePercent ?? 0,
    correctCount: attempt.correctCount ?? 0,
    questionCount: attempt.questionCount,
    passMark: bank.passMark,
    language: attempt.language,
    questions: attemptResults(attempt, bank),
    completionId: completionForAttempt(attempt.id)?.id ?? null,
  };
}

export default function QuizResult() {
  const { t } = useTranslation();
  const result = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <div className={`nhsuk-card ${result.passed ? "app-result--passed" : "app-result--failed"}`}>
          <div className="nhsuk-card__content">
            <h1 className="nhsuk-card__heading">{result.passed ? t("learning.result.passed") : t("learning.result.failed")}</h1>
            <p className="nhsuk-card__description">
              {t("learning.result.score", { score: result.scorePercent, correct: result.correctCount, count: result.questionCount, passMark: result.passMark })}
            </p>
            <p className="nhsuk-card__description">{result.passed ? t("learning.result.passedNext") : t("learning.result.failedNext")}</p>
          </div>
        </div>
        {result.passed && result.completionId ? (
          <Link className="nhsuk-button" to={`/my-training/certificates/${result.completionId}`} role="button" draggable="false">
            {t("learning.result.certificate")}
          </Link>
        ) : (
          <Link className="nhsuk-button" to={`/learn/${result.slug}/quiz`} role="button" draggable="false">
            {t("learning.result.tryAgain")}
          </Link>
        )}
        <ol className="nhsuk-list" lang={result.language}>
          {result.questions.map((q, index) => (
            <li key={q.id} className="app-result-question">
              <h2 className="nhsuk-heading-s">
                {index + 1}. {q.text}
              </h2>
              <p>
                <strong className={`nhsuk-tag ${q.correct ? "nhsuk-tag--green" : "nhsuk-tag--red"}`}>{q.correct ? t("learning.result.right") : t("learning.result.wrong")}</strong>
              </p>
              {q.chosen.map((option) => (
                <div key={option.id} className="nhsuk-inset-text">
                  <p>
                    <strong>{t("learning.result.yourAnswer")}:</strong> {option.text}
                  </p>
                  <p>{option.explanation}</p>
                </div>
              ))}
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
