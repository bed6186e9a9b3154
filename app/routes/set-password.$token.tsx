import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { recordAudit } from "~/audit/audit.server";
import { NO_ERRORS, NewPasswordSchema, fieldErrors, formValues } from "~/auth/forms.server";
import { startSession } from "~/auth/lucia.server";
import { checkOneTimeToken, consumeOneTimeToken, type LinkProblem } from "~/auth/one-time-links.server";
import { hashPassword } from "~/auth/password.server";
import { ErrorSummary, TextInput } from "~/components/forms";
import { pageTitle } from "~/i18n/meta";
import { passwordSignInBlocked } from "~/sso/settings.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "auth.setPassword.titleInvitation");

export function loader({ params }: LoaderFunctionArgs) {
  const check = checkOneTimeToken(params.token ?? "");
  if (!check.ok) return { link: null, problem: check.problem };
  if (passwordSignInBlocked(check.email)) return { link: null, problem: "ssoOnly" as const };
  return { link: { purpose: check.purpose, email: check.email, givenName: check.givenName }, problem: null };
}

export async function action({ request, params }: ActionFunctionArgs) {
  const check = checkOneTimeToken(params.token ?? "");
  // An organisation that signs its staff in only through its own provider: a link must not give them a password.
  if (check.ok && passwordSignInBlocked(check.email))
    return data({ errors: NO_ERRORS, problem: "ssoOnly" as LinkProblem | "ssoOnly" }, { status: 403 });
  const values = formValues(await request.formData(), ["password", "confirm"]);
  const parsed = NewPasswordSchema.safeParse(values);
  if (!parsed.success)
    return data(
      { errors: fieldErrors(parsed.error), problem: null as LinkProblem | "ssoOnly" | null },
      { status: 400 },
    );
  const used = consumeOneTimeToken(params.token ?? "", await hashPassword(parsed.data.password));
  if (!used.ok) return data({ errors: NO_ERRORS, problem: used.problem as LinkProblem | "ssoOnly" }, { status: 410 });
  recordAudit({
    action: "password-set",
    actorUserId: used.userId,
    subjectUserId: used.userId,
    details: { via: used.purpose },
  });
  return redirect("/my-training?welcome=1", { headers: { "Set-Cookie": await startSession(used.userId) } });
}

export default function SetPassword() {
  const { t } = useTranslation();
  const { link, problem: linkProblem } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const problem = actionData?.problem ?? linkProblem;
  if (problem || !link) {
    return (
      <div className="nhsuk-grid-row">
        <div className="nhsuk-grid-column-two-thirds">
          <h1>{t("auth.setPassword.problemTitle")}</h1>
          <p>{t(`auth.setPassword.${problem ?? "unknown"}`)}</p>
          <p>
            {problem === "ssoOnly" ? (
              <Link to="/sso">{t("auth.setPassword.useOrganisationAccount")}</Link>
            ) : (
              <Link to="/forgot-password">{t("auth.setPassword.askAgain")}</Link>
            )}
          </p>
        </div>
      </div>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={actionData?.errors} />
        <h1>{t(link.purpose === "invitation" ? "auth.setPassword.titleInvitation" : "auth.setPassword.titleReset")}</h1>
        <p>{t("auth.setPassword.intro", { name: link.givenName, email: link.email })}</p>
        <Form method="post" noValidate>
          <input type="email" name="username" autoComplete="username" value={link.email} readOnly hidden />
          <TextInput
            name="password"
            type="password"
            label={t("auth.setPassword.password")}
            hint={t("auth.setPassword.passwordHint")}
            autoComplete="new-password"
            error={actionData?.errors.password}
          />
          <TextInput
            name="confirm"
            type="password"
            label={t("auth.setPassword.confirm")}
            autoComplete="new-password"
            error={actionData?.errors.confirm}
          />
          <button className="nhsuk-button" type="submit">
            {t("auth.setPassword.submit")}
          </button>
        </Form>
      </div>
    </div>
  );
}
