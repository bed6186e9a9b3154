import { useEffect, useRef, type ReactNode } from "react";
import { useTranslation } from "react-i18next";

/** Field name to an i18n message key. */
export type FieldErrors = Record<string, string | undefined>;

/** An i18n key with the values it interpolates. */
export interface MessageWithValues {
  key: string;
  values?: Record<string, string>;
}

/** The NHS.UK error summary: one link per field in error, to that field. */
export function ErrorSummary({
  errors,
}: {
  errors: Record<string, string | MessageWithValues | null | undefined> | undefined;
}) {
  const { t } = useTranslation();
  const entries = Object.entries(errors ?? {}).filter((entry): entry is [string, string | MessageWithValues] =>
    Boolean(entry[1]),
  );
  const summary = useRef<HTMLDivElement>(null);
  const count = entries.length;
  // A form posted with JavaScript re-renders in place: move focus here, as a full page load would.
  useEffect(() => {
    if (count > 0) summary.current?.focus();
  }, [errors, count]);
  if (entries.length === 0) return null;
  return (
    <div className="nhsuk-error-summary" aria-labelledby="error-summary-title" role="alert" tabIndex={-1} ref={summary}>
      <h2 className="nhsuk-error-summary__title" id="error-summary-title">
        {t("errors.summaryTitle")}
      </h2>
      <div className="nhsuk-error-summary__body">
        <ul className="nhsuk-list nhsuk-error-summary__list">
          {entries.map(([field, key]) => (
            <li key={field}>
              <a href={`#${field}`}>{typeof key === "string" ? t(key) : t(key.key, key.values)}</a>
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

function ErrorMessage({ id, messageKey }: { id: string; messageKey: string }) {
  const { t } = useTranslation();
  return (
    <span className="nhsuk-error-message" id={id}>
      <span className="nhsuk-u-visually-hidden">{t("errors.errorPrefix")} </span>
      {t(messageKey)}
    </span>
  );
}

interface TextInputProps {
  name: string;
  label: string;
  error?: string;
  hint?: string;
  type?: "text" | "email" | "password" | "date" | "search";
  defaultValue?: string;
  autoComplete?: string;
  width?: 10 | 20 | 30;
  spellCheck?: boolean;
}

export function TextInput({
  name,
  label,
  error,
  hint,
  type = "text",
  defaultValue,
  autoComplete,
  width,
  spellCheck,
}: TextInputProps) {
  const describedBy =
    [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
  const widthClass = width ? ` nhsuk-input--width-${width}` : "";
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor={name}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={`${name}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? <ErrorMessage id={`${name}-error`} messageKey={error} /> : null}
      <input
        className={`nhsuk-input${widthClass}${error ? " nhsuk-input--error" : ""}`}
        id={name}
        name={name}
        type={type}
        defaultValue={defaultValue}
        autoComplete={autoComplete}
        spellCheck={spellCheck}
        aria-describedby={describedBy}
      />
    </div>
  );
}

interface SelectProps {
  name: string;
  /** Defaults to the name; set it when one page has several fields of the same name. */
  id?: string;
  label: string;
  options: Array<{ value: string; label: string }>;
  error?: string;
  defaultValue?: string;
  hint?: string;
}

export function Select({ name, id = name, label, options, error, defaultValue, hint }: SelectProps) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ") || undefined;
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      {error ? <ErrorMessage id={`${id}-error`} messageKey={error} /> : null}
      <select
        className={`nhsuk-select${error ? " nhsuk-select--error" : ""}`}
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-describedby={describedBy}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export function RadioGroup({
  name,
  legend,
  options,
  defaultValue,
  error,
}: {
  name: string;
  legend: string;
  options: Array<{ value: string; label: string; lang?: string }>;
  defaultValue?: string;
  error?: string;
}) {
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={error ? `${name}-error` : undefined}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {error ? <ErrorMessage id={`${name}-error`} messageKey={error} /> : null}
        <div className="nhsuk-radios">
          {options.map((option, index) => {
            const id = index === 0 ? name : `${name}-${index + 1}`;
            return (
              <div className="nhsuk-radios__item" key={option.value}>
                <input
                  className="nhsuk-radios__input"
                  id={id}
                  name={name}
                  type="radio"
                  value={option.value}
                  defaultChecked={option.value === defaultValue}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={id} lang={option.lang}>
                  {option.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function NotificationBanner({
  title,
  children,
  success = false,
}: {
  title: string;
  children: ReactNode;
  success?: boolean;
}) {
  return (
    <div
      className={`nhsuk-notification-banner${success ? " nhsuk-notification-banner--success" : ""}`}
      role={success ? "alert" : "region"}
      aria-labelledby="notification-banner-title"
    >
      <div className="nhsuk-notification-banner__header">
        <h2 className="nhsuk-notification-banner__title" id="notification-banner-title">
          {title}
        </h2>
      </div>
      <div className="nhsuk-notification-banner__content">
        <p className="nhsuk-notification-banner__heading">{children}</p>
      </div>
    </div>
  );
}

/** The green banner that confirms something was done. */
export function SuccessBanner({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <NotificationBanner title={t("auth.notices.successTitle")} success>
      {children}
    </NotificationBanner>
  );
}
