import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SSO_EMAIL_CLAIMS } from "@db/enums";
import { ErrorSummary, SuccessBanner, type MessageWithValues } from "~/components/forms";

type Message = string | MessageWithValues | undefined;

export interface SsoSettingsData {
  organisation: { code: string; name: string };
  settings: {
    issuer: string;
    clientId: string;
    hasSecret: boolean;
    emailClaim: string;
    ssoOnly: boolean;
    createAccounts: boolean;
    managersMayEdit: boolean;
    domains: string[];
    configured: boolean;
    canEncrypt: boolean;
  };
  redirectUri: string;
}

export interface SsoFormResult {
  errors: Record<string, Message>;
  values: Partial<Record<string, string>>;
  done: "saved" | "removed" | "managersSaved" | null;
}

function FieldError({ id, message }: { id: string; message: Message }) {
  const { t } = useTranslation();
  if (!message) return null;
  return (
    <span className="nhsuk-error-message" id={id}>
      <span className="nhsuk-u-visually-hidden">{t("errors.errorPrefix")} </span>
      {typeof message === "string" ? t(message) : t(message.key, message.values)}
    </span>
  );
}

function Field({
  name,
  label,
  hint,
  error,
  children,
}: {
  name: string;
  label: string;
  hint?: string;
  error: Message;
  children: (describedBy: string | undefined) => JSX.Element;
}) {
  const describedBy =
    [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(" ") || undefined;
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
      <FieldError id={`${name}-error`} message={error} />
      {children(describedBy)}
    </div>
  );
}

function Checkbox({ name, label, defaultChecked }: { name: string; label: string; defaultChecked: boolean }) {
  return (
    <div className="nhsuk-checkboxes__item">
      <input
        className="nhsuk-checkboxes__input"
        id={name}
        name={name}
        type="checkbox"
        defaultChecked={defaultChecked}
      />
      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={name}>
        {label}
      </label>
    </div>
  );
}

/** The single sign-on settings of one organisation, shared by the admin's and the manager's page. */
export function SsoSettingsForm({
  page,
  result,
  asAdmin,
}: {
  page: SsoSettingsData;
  result: SsoFormResult | undefined;
  asAdmin: boolean;
}) {
  const { t } = useTranslation();
  const { settings } = page;
  const errors = result?.errors ?? {};
  const failed = Object.keys(errors).length > 0;
  const value = (name: string, stored: string) => (failed ? (result?.values[name] ?? "") : stored);
  const checked = (name: string, stored: boolean) => (failed ? result?.values[name] === "on" : stored);
  const inputClass = (name: string, base: string) => `${base}${errors[name] ? ` ${base}--error` : ""}`;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {result?.done ? <SuccessBanner>{t(`sso.settings.${result.done}`)}</SuccessBanner> : null}
        <ErrorSummary errors={errors} />
        <h1>{t("sso.settings.title")}</h1>
        <p>{t("sso.settings.intro")}</p>
        <p>{t(settings.configured ? "sso.settings.setUp" : "sso.settings.notSetUp")}</p>
        {settings.canEncrypt ? null : (
          <div className="nhsuk-warning-callout">
            <p>{t("sso.settings.noKey")}</p>
          </div>
        )}
        <p>{t("sso.settings.redirectUri")}</p>
        <p>
          <code>{page.redirectUri}</code>
        </p>

        <Form method="post" noValidate key={result?.done ?? "form"}>
          <input type="hidden" name="intent" value="save" />
          <Field
            name="issuer"
            label={t("sso.settings.issuer")}
            hint={t("sso.settings.issuerHint")}
            error={errors.issuer}
          >
            {(describedBy) => (
              <input
                className={inputClass("issuer", "nhsuk-input")}
                id="issuer"
                name="issuer"
                type="url"
                spellCheck={false}
                defaultValue={value("issuer", settings.issuer)}
                aria-describedby={describedBy}
              />
            )}
          </Field>
          <Field name="clientId" label={t("sso.settings.clientId")} error={errors.clientId}>
            {(describedBy) => (
              <input
                className={inputClass("clientId", "nhsuk-input")}
                id="clientId"
                name="clientId"
                type="text"
                spellCheck={false}
                autoComplete="off"
                defaultValue={value("clientId", settings.clientId)}
                aria-describedby={describedBy}
              />
            )}
          </Field>
          <Field
            name="clientSecret"
            label={t("sso.settings.clientSecret")}
            hint={t(settings.hasSecret ? "sso.settings.clientSecretKeep" : "sso.settings.clientSecretHint")}
            error={errors.clientSecret}
          >
            {(describedBy) => (
              <input
                className={inputClass("clientSecret", "nhsuk-input")}
                id="clientSecret"
                name="clientSecret"
                type="password"
                autoComplete="new-password"
                aria-describedby={describedBy}
              />
            )}
          </Field>
          <div className={`nhsuk-form-group${errors.emailClaim ? " nhsuk-form-group--error" : ""}`}>
            <fieldset className="nhsuk-fieldset" aria-describedby={errors.emailClaim ? "emailClaim-error" : undefined}>
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
                {t("sso.settings.emailClaim")}
              </legend>
              <FieldError id="emailClaim-error" message={errors.emailClaim} />
              <div className="nhsuk-radios">
                {SSO_EMAIL_CLAIMS.map((claim, index) => {
                  const id = index === 0 ? "emailClaim" : `emailClaim-${claim}`;
                  return (
                    <div className="nhsuk-radios__item" key={claim}>
                      <input
                        className="nhsuk-radios__input"
                        id={id}
                        name="emailClaim"
                        type="radio"
                        value={claim}
                        defaultChecked={value("emailClaim", settings.emailClaim) === claim}
                      />
                      <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>
                        {t(`sso.settings.claims.${claim}`)}
                      </label>
                    </div>
                  );
                })}
              </div>
            </fieldset>
          </div>
          <Field
            name="domains"
            label={t("sso.settings.domains")}
            hint={t("sso.settings.domainsHint")}
            error={errors.domains}
          >
            {(describedBy) => (
              <textarea
                className={inputClass("domains", "nhsuk-textarea")}
                id="domains"
                name="domains"
                rows={4}
                spellCheck={false}
                defaultValue={value("domains", settings.domains.join("\n"))}
                aria-describedby={describedBy}
              />
            )}
          </Field>
          <div className="nhsuk-form-group">
            <fieldset className="nhsuk-fieldset">
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{t("sso.settings.options")}</legend>
              <div className="nhsuk-checkboxes">
                <Checkbox
                  name="ssoOnly"
                  label={t("sso.settings.ssoOnly")}
                  defaultChecked={checked("ssoOnly", settings.ssoOnly)}
                />
                <Checkbox
                  name="createAccounts"
                  label={t("sso.settings.createAccounts")}
                  defaultChecked={checked("createAccounts", settings.createAccounts)}
                />
              </div>
            </fieldset>
          </div>
          <button className="nhsuk-button" type="submit">
            {t("sso.settings.submit")}
          </button>
        </Form>

        {settings.configured ? (
          <>
            <h2>{t("sso.settings.removeTitle")}</h2>
            <p>{t("sso.settings.removeBody")}</p>
            <Form method="post">
              <input type="hidden" name="intent" value="remove" />
              <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                {t("sso.settings.remove")}
              </button>
            </Form>
          </>
        ) : null}

        {asAdmin ? (
          <>
            <h2>{t("sso.settings.managersTitle")}</h2>
            <Form method="post">
              <input type="hidden" name="intent" value="managers" />
              <div className="nhsuk-form-group">
                <div className="nhsuk-checkboxes">
                  <Checkbox
                    name="managersMayEdit"
                    label={t("sso.settings.managersMayEdit")}
                    defaultChecked={settings.managersMayEdit}
                  />
                </div>
              </div>
              <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                {t("sso.settings.managersSubmit")}
              </button>
            </Form>
          </>
        ) : null}
      </div>
    </div>
  );
}
