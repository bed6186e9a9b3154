import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { isSupportedLanguage } from "~/i18n/config";
import { setLanguageCookie } from "~/i18n/i18n.server";
import { safeRedirect } from "~/utils/safe-redirect";

/** The language switch: a plain link, so it works without JavaScript. */
export async function loader({ request }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const to = url.searchParams.get("to");
  const returnTo = safeRedirect(url.searchParams.get("returnTo"));
  if (!isSupportedLanguage(to)) return redirect(returnTo);
  return redirect(returnTo, { headers: { "Set-Cookie": await setLanguageCookie(to) } });
}
