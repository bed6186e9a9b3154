import { isRouteErrorResponse, Link, useRouteError } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The one error page: a message per HTTP status, in the page layout. */
export function ErrorPage() {
  const error = useRouteError();
  const { t } = useTranslation();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  if (!isRouteErrorResponse(error)) console.error(error);

  if (status === 404) {
    return (
      <>
        <h1>{t("errors.notFound.title")}</h1>
        <p>{t("errors.notFound.body")}</p>
        <p>{t("errors.notFound.body2")}</p>
        <p>
          <Link to="/">{t("errors.notFound.home")}</Link>
        </p>
      </>
    );
  }
  if (status === 403) {
    return (
      <>
        <h1>{t("errors.forbidden.title")}</h1>
        <p>{t("errors.forbidden.body")}</p>
        <p>
          <Link to="/">{t("errors.notFound.home")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t("errors.server.title")}</h1>
      <p>{t("errors.server.body")}</p>
    </>
  );
}
