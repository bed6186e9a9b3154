import { data, type ActionFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { ForgotPasswordSchema, NO_ERRORS, fieldErrors, formValues, type FieldErrors } from "~/auth/forms.server";
import { requestPasswordReset } from "~/auth/password-links.server";
import { ErrorSummary, TextInput } from "~/components/forms";
import { pageTitle } from "~/i18n/meta";
import { passwordSignInBlocked } from "~/sso/settings.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.forgot.title");

export async function action({ request, context }: ActionFunctionArgs) {
  const values = formValues(await request.formData(), ["email"]);
  const parsed = ForgotPasswordSchema.safeParse(values);
  if (!parsed.success)
    return data({ errors: fieldErrors(parsed.error), email: values.email ?? "", sent: false }, { status: 400 });
  if (passwordSignInBlocked(parsed.data.email))
    return data(
      { errors: { email: "sso.errors.ssoOnlyPassword" } as FieldErrors, email: parsed.data.email, sent: false },
      { status: 400 },
    );
  const result = await requestPasswordReset(parsed.data.email, context.clientIp ?? "unknown");
  if (result === "rate-limited") {
    return data(
      { errors: { email: "auth.errors.resetRateLimited" } as FieldErrors, email: parsed.data.email, sent: false },
      { status: 429 },
    );
  }
  return { errors: NO_ERRORS, email: parsed.data.email, sent: true };
}

export default function ForgotPassword() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  if (actionData?.sent) {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>{t("auth.forgot.sentTitle")}</h1>
          <p>{t("auth.forgot.sent", { email: actionData.email })}</p>
          <p>
            <Link to="/sign-in">{t("auth.forgot.backToSignIn")}</Link>
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={actionData?.errors} />
        <h1>{t("auth.forgot.title")}</h1>
        <p>{t("auth.forgot.intro")}</p>
        <Form method="post" noValidate>
          <TextInput
            name="email"
            type="email"
            label={t("auth.signIn.email")}
            autoComplete="username"
            spellCheck={false}
            defaultValue={actionData?.email}
            error={actionData?.errors.email}
          />
          <button className="nhsuk-button" type="submit">
            {t("auth.forgot.submit")}
          </button>
        </Form>
      </div>
    </div>
  );
}
