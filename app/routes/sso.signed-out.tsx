import { data, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { pageTitle } from "~/i18n/meta";
import { ssoSignedOutOrganisation } from "~/sso/flow.server";
import { providerSignOutUrl } from "~/sso/settings.server";

export const meta: MetaFunction = ({ matches }) => pageTitle(matches, "sso.signedOut.title");

/** After signing out of a session that began at an organisation's provider: offer its sign-out too. */
export async function loader({ request }: LoaderFunctionArgs) {
  const { code, clearCookie } = await ssoSignedOutOrganisation(request);
  return data({ providerSignOut: code ? providerSignOutUrl(code) : null }, { headers: { "Set-Cookie": clearCookie } });
}

export default function SsoSignedOut() {
  const { t } = useTranslation();
  const { providerSignOut } = useLoaderData<typeof loader>();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <h1>{t("sso.signedOut.title")}</h1>
        {providerSignOut ? (
          <>
            <p>{t("sso.signedOut.body")}</p>
            <p>
              <a className="nhsuk-button nhsuk-button--secondary" href={providerSignOut}>
                {t("sso.signedOut.providerLink")}
              </a>
            </p>
          </>
        ) : null}
        <p>
          <Link to="/sign-in">{t("sso.signedOut.signInAgain")}</Link>
        </p>
      </div>
    </div>
  );
}
