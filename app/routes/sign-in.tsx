import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { homeAfterSignIn } from "~/auth/authorise.server";
import { SignInSchema, fieldErrors, formValues, type FieldErrors } from "~/auth/forms.server";
import { getAuth } from "~/auth/session.server";
import { attemptSignIn } from "~/auth/sign-in.server";
import { ErrorSummary, NotificationBanner, SuccessBanner, TextInput } from "~/components/forms";
import { setLanguageCookie } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { passwordSignInBlocked } from "~/sso/settings.server";
import { safeRedirect } from "~/utils/safe-redirect";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.signIn.title");

export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const { user } = await getAuth(request);
  if (user) throw redirect(safeRedirect(url.searchParams.get("redirectTo"), homeAfterSignIn(user.id)));
  const reason = url.searchParams.get("reason");
  // From the organisation-account step when the address's domain has no single sign-on.
  const fromSso = url.searchParams.get("method") === "password";
  return {
    notice: reason === "timeout" || reason === "signed-out" ? reason : null,
    fromSso,
    email: fromSso ? (url.searchParams.get("email") ?? "").slice(0, 254) : "",
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const form = await request.formData();
  const values = formValues(form, ["email", "password", "redirectTo"]);
  const parsed = SignInSchema.safeParse(values);
  if (!parsed.success) {
    return data({ errors: fieldErrors(parsed.error), email: values.email ?? "" }, { status: 400 });
  }
  const { email, password, redirectTo } = parsed.data;
  // Worked out before a session starts, so nothing after the password check can fail.
  const destination = safeRedirect(redirectTo, "");
  if (passwordSignInBlocked(email))
    return data({ errors: { email: "sso.errors.ssoOnlyPassword" } as FieldErrors, email }, { status: 400 });
  const result = await attemptSignIn(request, email, password, context.clientIp ?? "unknown");
  if (!result.ok) {
    const problem = result.problem === "rate-limited" ? "auth.errors.rateLimited" : "auth.errors.invalidCredentials";
    return data(
      { errors: { email: problem } as FieldErrors, email },
      { status: result.problem === "rate-limited" ? 429 : 400 },
    );
  }
  const headers = new Headers();
  for (const cookie of result.cookies) headers.append("Set-Cookie", cookie);
  headers.append("Set-Cookie", await setLanguageCookie(result.language));
  return redirect(destination || homeAfterSignIn(result.userId), { headers });
}

export default function SignIn() {
  const { t } = useTranslation();
  const { notice, fromSso, email } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {notice === "timeout" ? (
          <NotificationBanner title={t("auth.notices.noticeTitle")}>{t("auth.notices.timeout")}</NotificationBanner>
        ) : null}
        {notice === "signed-out" ? <SuccessBanner>{t("auth.notices.signedOut")}</SuccessBanner> : null}
        {fromSso ? (
          <NotificationBanner title={t("auth.notices.noticeTitle")}>{t("sso.start.noSso")}</NotificationBanner>
        ) : null}
        <ErrorSummary errors={actionData?.errors} />
        <h1>{t("auth.signIn.title")}</h1>
        <h2 className="nhsuk-heading-m">{t("sso.signInLink.title")}</h2>
        <p>{t("sso.signInLink.body")}</p>
        <p>
          <Link
            className="nhsuk-button nhsuk-button--secondary"
            to={
              searchParams.get("redirectTo")
                ? `/sso?${new URLSearchParams({ redirectTo: searchParams.get("redirectTo")! })}`
                : "/sso"
            }
          >
            {t("sso.signInLink.button")}
          </Link>
        </p>
        <h2 className="nhsuk-heading-m">{t("sso.signIn.passwordTitle")}</h2>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <TextInput
            name="email"
            type="email"
            label={t("auth.signIn.email")}
            hint={t("auth.signIn.emailHint")}
            autoComplete="username"
            spellCheck={false}
            defaultValue={actionData?.email ?? email}
            error={actionData?.errors.email}
          />
          <TextInput
            name="password"
            type="password"
            label={t("auth.signIn.password")}
            autoComplete="current-password"
            error={actionData?.errors.password}
          />
          <button className="nhsuk-button" type="submit">
            {t("auth.signIn.submit")}
          </button>
        </Form>
        <p>
          <Link to="/forgot-password">{t("auth.signIn.forgotten")}</Link>
        </p>
        <p>{t("auth.signIn.noAccount")}</p>
      </div>
    </div>
  );
}
