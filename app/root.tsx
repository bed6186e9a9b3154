import { data, type LinksFunction, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { isDemoSite } from "./admin/demo-site.server";
import { blankSessionCookie } from "./auth/lucia.server";
import { getAuth, managesAnyOrganisation } from "./auth/session.server";
import { useAppLinkNavigation } from "./components/app-link";
import { ErrorPage } from "./components/error-page";
import { NotificationBanner } from "./components/forms";
import { DemoBanner, Footer, Header, SkipLink } from "./components/layout";
import appStyles from "./styles/app.css";
import { FALLBACK_LANGUAGE } from "./i18n/config";
import { getLanguage } from "./i18n/i18n.server";
import { useNonce } from "./utils/nonce";

const NHSUK_FRONTEND_VERSION = "10.6.1";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: `/assets/nhsuk-frontend.css?v=${NHSUK_FRONTEND_VERSION}` },
  { rel: "stylesheet", href: appStyles },
  { rel: "icon", href: "/assets/images/favicon.ico", sizes: "48x48" },
  { rel: "icon", href: "/assets/images/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Cyber Basics" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [language, auth] = await Promise.all([getLanguage(request), getAuth(request)]);
  const user = auth.user
    ? {
        name: `${auth.user.givenName} ${auth.user.familyName}`,
        canManage: managesAnyOrganisation(auth.user.id),
        isAdmin: auth.user.platformRole === "admin",
        isAnalyst: auth.user.platformRole === "analyst" || auth.user.platformRole === "admin",
      }
    : null;
  const headers = new Headers();
  if (auth.refreshCookie) headers.append("Set-Cookie", auth.refreshCookie);
  // A session that ended (idle timeout) leaves a dead cookie: clear it, and public pages still work.
  if (auth.sessionEnded) headers.append("Set-Cookie", blankSessionCookie());
  return data({ language, user, sessionEnded: auth.sessionEnded, demo: isDemoSite() }, { headers });
}

export function Layout({ children }: { children: ReactNode }) {
  const data = useRouteLoaderData<typeof loader>("root");
  const language = data?.language ?? FALLBACK_LANGUAGE;
  const nonce = useNonce();
  useChangeLanguage(language);
  useAppLinkNavigation();
  return (
    <html lang={language}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        <SkipLink />
        <Header language={language} user={data?.user} />
        {data?.demo ? <DemoBanner /> : null}
        <div className="nhsuk-width-container">
          <main className="nhsuk-main-wrapper" id="maincontent">
            {data?.sessionEnded ? <SessionEndedBanner /> : null}
            {children}
          </main>
        </div>
        <Footer />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function SessionEndedBanner() {
  const { t } = useTranslation();
  return <NotificationBanner title={t("auth.notices.noticeTitle")}>{t("auth.notices.timeout")}</NotificationBanner>;
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <ErrorPage />;
}
