import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/session.server";
import { getQuizBank } from "~/content/catalogue.server";
import { ErrorSummary, NotificationBanner } from "~/components/forms";
import { getLanguage } from "~/i18n/i18n.server";
import { requireModule } from "~/learning/module-page.server";
import { unreadAfterQuizFirstFail } from "~/learning/quiz-first.server";
import { WelshNotice } from "~/learning/welsh-notice";
import { parseAnswers, readAttemptId } from "~/quiz/answers.server";
import { getOwnAttempt, gradeAttempt, questionsForLearner, startOrResumeAttempt } from "~/quiz/attempts.server";
import { QuizQuestion } from "~/quiz/quiz-question";

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `${data.title} - Cyber Basics` : "Cyber Basics" },
];

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const language = await getLanguage(request);
  const module = requireModule(params.module, language);
  const bank = getQuizBank(module.slug, language);
  if (!bank) throw new Response("Not found", { status: 404 });
  // Failed a quiz-first attempt: the lessons for the missed outcomes come before another go.
  const failedQuizFirst = unreadAfterQuizFirstFail(user.id, module.slug);
  if (failedQuizFirst) throw redirect(`/learn/${module.slug}/result/${failedQuizFirst}`);
  const attempt = startOrResumeAttempt(user.id, bank);
  return {
    attemptId: attempt.id,
    questions: questionsForLearner(attempt, bank),
    passMark: bank.passMark,
    title: module.title,
    slug: module.slug,
    language,
    bankLanguage: bank.language,
    isFallback: bank.isFallback,
    quizFirst: attempt.quizFirst,
  };
}

const TAMPERED = "tampered" as const;

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const form = await request.formData();
  const attemptId = readAttemptId(form);
  const attempt = attemptId ? getOwnAttempt(user.id, attemptId) : undefined;
  if (!attempt || attempt.moduleSlug !== params.module)
    return data({ problem: TAMPERED, errors: {}, answers: {} }, { status: 400 });
  const resultUrl = `/learn/${attempt.moduleSlug}/result/${attempt.id}`;
  if (attempt.submittedAt) return redirect(resultUrl);

  const bank = getQuizBank(attempt.moduleSlug, attempt.language as "en-GB" | "cy");
  if (!bank || bank.version !== attempt.moduleVersion) return redirect(`/learn/${attempt.moduleSlug}/quiz?changed=1`);

  const parsed = parseAnswers(form, attempt, bank);
  if (!parsed.ok && parsed.tampered) return data({ problem: TAMPERED, errors: {}, answers: {} }, { status: 400 });
  if (!parsed.ok) {
    const errors = Object.fromEntries(parsed.missing.map((id) => [`q-${id}`, "learning.quiz.errors.answerRequired"]));
    return data({ problem: null, errors, answers: parsed.answers }, { status: 400 });
  }
  await gradeAttempt(attempt, bank, parsed.answers);
  return redirect(resultUrl);
}

export default function Quiz() {
  const { t } = useTranslation();
  const { attemptId, questions, passMark, title, language, bankLanguage, isFallback, quizFirst } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors: Record<string, string> = actionData?.errors ?? {};
  const answers: Record<string, string[]> = actionData?.answers ?? {};
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {searchParams.get("changed") ? (
          <NotificationBanner title={t("auth.notices.noticeTitle")}>{t("learning.quiz.changed")}</NotificationBanner>
        ) : null}
        {actionData?.problem === TAMPERED ? (
          <NotificationBanner title={t("auth.notices.noticeTitle")}>{t("learning.quiz.tampered")}</NotificationBanner>
        ) : null}
        <ErrorSummary
          errors={Object.fromEntries(
            questions.flatMap((question, index) => {
              const field = `q-${question.id}`;
              return errors[field]
                ? [
                    [
                      `${field}-input`,
                      {
                        key: "learning.quiz.errors.answerQuestion",
                        values: { number: String(index + 1), question: question.text },
                      },
                    ],
                  ]
                : [];
            }),
          )}
        />
        <WelshNotice pageLanguage={language} isFallback={isFallback} awaitingReview={false} />
        <h1 lang={bankLanguage}>{t("learning.quiz.title", { module: title })}</h1>
        <p>{t("learning.quiz.intro", { count: questions.length, passMark })}</p>
        {quizFirst ? (
          <div className="nhsuk-inset-text">
            <p>{t("learning.quiz.quizFirst")}</p>
          </div>
        ) : null}
        <Form method="post" noValidate lang={bankLanguage}>
          <input type="hidden" name="attemptId" value={attemptId} />
          {questions.map((question, index) => (
            <QuizQuestion
              key={question.id}
              question={question}
              number={index + 1}
              count={questions.length}
              chosen={answers[question.id] ?? []}
              error={errors[`q-${question.id}`]}
            />
          ))}
          <button className="nhsuk-button" type="submit">
            {t("learning.quiz.submit")}
          </button>
        </Form>
      </div>
    </div>
  );
}
