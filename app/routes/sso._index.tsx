import { data, redirect, type ActionFunctionArgs, type HeadersFunction, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { fieldErrors, formValues } from "~/auth/forms.server";
import { ErrorSummary, TextInput } from "~/components/forms";
import { pageTitle } from "~/i18n/meta";
import { StartSchema, startSsoSignIn } from "~/sso/flow.server";
import { providerOrigins } from "~/sso/settings.server";
import { FORM_ACTION_ORIGINS_HEADER } from "~/utils/security-headers.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sso.start.title");

// Without JavaScript the form's answer is a redirect to the provider, which the page's form-action policy must allow.
export function loader() {
  return data(null, { headers: { [FORM_ACTION_ORIGINS_HEADER]: providerOrigins().join(" ") } });
}

export const headers: HeadersFunction = ({ loaderHeaders }) => {
  const origins = loaderHeaders.get(FORM_ACTION_ORIGINS_HEADER);
  return origins ? { [FORM_ACTION_ORIGINS_HEADER]: origins } : new Headers();
};

/** The email-first step: the address's domain decides between the organisation's provider and the password form. */
export async function action({ request }: ActionFunctionArgs) {
  const values = formValues(await request.formData(), ["email", "redirectTo"]);
  const parsed = StartSchema.safeParse(values);
  if (!parsed.success) return data({ errors: fieldErrors(parsed.error), email: values.email ?? "" }, { status: 400 });
  const { email, redirectTo } = parsed.data;
  const started = await startSsoSignIn(email, redirectTo || undefined);
  if (started.kind === "redirect") return redirect(started.url, { headers: { "Set-Cookie": started.cookie } });
  if (started.kind === "problem")
    return data({ errors: { email: `sso.problem.${started.problem}` }, email }, { status: 502 });
  const params = new URLSearchParams({ email, method: "password" });
  if (redirectTo) params.set("redirectTo", redirectTo);
  return redirect(`/sign-in?${params}`);
}

export default function SsoStart() {
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const redirectTo = searchParams.get("redirectTo") ?? "";
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={actionData?.errors} />
        <h1>{t("sso.start.title")}</h1>
        <p>{t("sso.start.intro")}</p>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={redirectTo} />
          <TextInput
            name="email"
            type="email"
            label={t("auth.signIn.email")}
            hint={t("auth.signIn.emailHint")}
            autoComplete="username"
            spellCheck={false}
            defaultValue={actionData?.email}
            error={actionData?.errors.email}
          />
          <button className="nhsuk-button" type="submit">
            {t("sso.start.submit")}
          </button>
        </Form>
        <p>
          <Link to={redirectTo ? `/sign-in?${new URLSearchParams({ redirectTo })}` : "/sign-in"}>
            {t("sso.start.usePassword")}
          </Link>
        </p>
      </div>
    </div>
  );
}
