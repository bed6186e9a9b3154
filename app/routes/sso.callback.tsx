import { homeAfterSignIn } from "~/auth/authorise.server";
import { data, redirect, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { setLanguageCookie } from "~/i18n/i18n.server";
import { pageTitle } from "~/i18n/meta";
import { finishSsoSignIn } from "~/sso/flow.server";
import { safeRedirect } from "~/utils/safe-redirect";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sso.problem.title");

/** Where the organisation's provider sends the person back. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const result = await finishSsoSignIn(request, context.clientIp ?? "unknown");
  if (!result.ok) {
    const headers = new Headers({ "Cache-Control": "no-store" });
    if (result.clearCookie) headers.append("Set-Cookie", result.clearCookie);
    return data({ problem: result.problem, organisation: result.organisationName ?? "" }, { status: 400, headers });
  }
  const headers = new Headers();
  for (const cookie of result.cookies) headers.append("Set-Cookie", cookie);
  headers.append("Set-Cookie", await setLanguageCookie(result.language));
  return redirect(safeRedirect(result.redirectTo, homeAfterSignIn(result.userId)), { headers });
}

export default function SsoProblem() {
  const { t } = useTranslation();
  const { problem, organisation } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>{t("sso.problem.title")}</h1>
        <p id="sso-problem">{t(`sso.problem.${problem}`, { organisation })}</p>
        <p>
          <Link to="/sso">{t("sso.problem.tryAgain")}</Link>
        </p>
      </div>
    </div>
  );
}
