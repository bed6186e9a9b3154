import { useTranslation } from "react-i18next";
import type { QuestionForLearner } from "./attempts.server";

/** One question as an NHS.UK radios (one answer) or checkboxes (all that apply) fieldset. */
export function QuizQuestion({
  question,
  number,
  count,
  chosen,
  error,
}: {
  question: QuestionForLearner;
  number: number;
  count: number;
  chosen: string[];
  error?: string;
}) {
  const { t } = useTranslation();
  const name = `q:${question.id}`;
  const fieldId = `q-${question.id}`;
  const kind = question.multiple ? "checkboxes" : "radios";
  const hintId = `${fieldId}-hint`;
  const errorId = `${fieldId}-error`;
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`} id={fieldId}>
      <fieldset
        className="nhsuk-fieldset"
        aria-describedby={[hintId, error ? errorId : null].filter(Boolean).join(" ")}
      >
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">
          <span className="nhsuk-caption-m">{t("learning.quiz.question", { number, count })}</span>
          <span className="nhsuk-fieldset__heading">{question.text}</span>
        </legend>
        <div className="nhsuk-hint" id={hintId}>
          {question.multiple ? t("learning.quiz.chooseAll") : t("learning.quiz.chooseOne")}
        </div>
        {error ? (
          <span className="nhsuk-error-message" id={errorId}>
            <span className="nhsuk-u-visually-hidden">{t("errors.errorPrefix")} </span>
            {t(error)}
          </span>
        ) : null}
        <div className={`nhsuk-${kind}`}>
          {question.options.map((option, index) => {
            const id = index === 0 ? `${fieldId}-input` : `${fieldId}-${option.id}`;
            return (
              <div className={`nhsuk-${kind}__item`} key={option.id}>
                <input
                  className={`nhsuk-${kind}__input`}
                  id={id}
                  name={name}
                  type={question.multiple ? "checkbox" : "radio"}
                  value={option.id}
                  defaultChecked={chosen.includes(option.id)}
                />
                <label className={`nhsuk-label nhsuk-${kind}__label`} htmlFor={id}>
                  {option.text}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}
