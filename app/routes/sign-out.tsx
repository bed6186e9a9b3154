import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { recordAudit } from "~/audit/audit.server";
import { blankSessionCookie, endSession } from "~/auth/lucia.server";
import { getAuth } from "~/auth/session.server";
import { ssoSignedOutOrganisation } from "~/sso/flow.server";

// The browser drops its cached copies of the signed-in pages, so Back shows none of them.
const CLEAR_CACHE = { "Clear-Site-Data": '"cache"' };

export async function action({ request }: ActionFunctionArgs) {
  const { user, sessionId } = await getAuth(request);
  if (!user || !sessionId)
    return redirect("/sign-in", { headers: { "Set-Cookie": blankSessionCookie(), ...CLEAR_CACHE } });
  const cookie = await endSession(sessionId);
  recordAudit({ action: "sign-out", actorUserId: user.id, subjectUserId: user.id });
  // Signed in through an organisation's provider: the next page offers signing out there too.
  if ((await ssoSignedOutOrganisation(request)).code)
    return redirect("/sso/signed-out", { headers: { "Set-Cookie": cookie, ...CLEAR_CACHE } });
  return redirect("/sign-in?reason=signed-out", { headers: { "Set-Cookie": cookie, ...CLEAR_CACHE } });
}

export function loader() {
  return redirect("/");
}
