import { createCookie } from "@remix-run/node";
import { eq, lt } from "drizzle-orm";
import * as oidc from "openid-client";
import { z } from "zod";
import { organisations, organisationSso, ssoAttempts, type Language } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { EmailSchema } from "~/auth/forms.server";
import { startSession } from "~/auth/lucia.server";
import { db } from "~/db.server";
import { matchAccount } from "./accounts.server";
import { providerFor, redirectUri } from "./provider.server";
import { organisationOwnsEmail, providerSettings, ssoForEmail } from "./settings.server";

const ATTEMPT_MINUTES = 10;
const secure = process.env.NODE_ENV === "production";

/** Ties the provider's answer to the browser that started the sign-in. */
const stateCookie = createCookie("cb_sso_state", {
  path: "/sso",
  httpOnly: true,
  sameSite: "lax",
  secure,
  maxAge: ATTEMPT_MINUTES * 60,
});

/** Which organisation's provider signed this browser in, so signing out can offer the provider's sign-out too. */
export const ssoOrganisationCookie = createCookie("cb_sso_org", { path: "/", httpOnly: true, sameSite: "lax", secure });

export type SsoProblem =
  | "expired"
  | "cancelled"
  | "unreachable"
  | "clock"
  | "failed"
  | "unverified"
  | "wrongDomain"
  | "noAccount"
  | "accountEnded"
  | "notConfigured";

export type StartResult =
  { kind: "password" } | { kind: "redirect"; url: string; cookie: string } | { kind: "problem"; problem: SsoProblem };

/** Sends someone whose email domain has single sign-on to their organisation's provider; anyone else to the password form. */
export async function startSsoSignIn(email: string, redirectTo: string | undefined): Promise<StartResult> {
  const sso = ssoForEmail(email);
  if (!sso) return { kind: "password" };
  const settings = providerSettings(sso);
  if (!settings) return { kind: "password" };
  let config: oidc.Configuration;
  try {
    config = await providerFor(settings.cacheKey, settings);
  } catch {
    return { kind: "problem", problem: "unreachable" };
  }
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const now = Date.now();
  db().transaction((tx) => {
    tx.delete(ssoAttempts)
      .where(lt(ssoAttempts.expiresAt, new Date(now)))
      .run();
    tx.insert(ssoAttempts)
      .values({
        state,
        organisationId: sso.organisationId,
        codeVerifier,
        nonce,
        redirectTo: redirectTo ?? null,
        expiresAt: new Date(now + ATTEMPT_MINUTES * 60_000),
      })
      .run();
  });
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri(),
    scope: "openid email profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: "S256",
    state,
    nonce,
    login_hint: email,
  });
  return { kind: "redirect", url: url.toString(), cookie: await stateCookie.serialize(state) };
}

export type FinishResult =
  | { ok: true; userId: string; cookies: string[]; language: Language; redirectTo: string | null }
  | { ok: false; problem: SsoProblem; organisationName?: string; clearCookie: string | null };

const CallbackSchema = z.object({
  state: z.string().min(1).max(200),
  error: z.string().max(200).optional(),
});

function claimString(claims: oidc.IDToken, name: string): string | undefined {
  const value = claims[name];
  return typeof value === "string" ? value : undefined;
}

/** Why a provider's answer or its token was not accepted, as the person can act on it. */
function problemFromError(error: unknown): SsoProblem {
  const code = (error as { code?: string }).code;
  if (code === "OAUTH_JWT_TIMESTAMP_CHECK_FAILED") return "clock";
  const cause = (error as { cause?: { code?: string; name?: string } }).cause;
  if (
    error instanceof TypeError ||
    cause?.name === "TimeoutError" ||
    /ECONNREFUSED|ENOTFOUND|ETIMEDOUT|fetch failed/.test(String((error as Error).message) + String(cause?.code))
  )
    return "unreachable";
  return "failed";
}

/**
 * Checks the provider's answer (state from this browser, used once; then openid-client checks issuer,
 * audience, signature, expiry, nonce and PKCE), then the email claim against the organisation's own
 * domains, and signs the matching account in with the same session as a password sign-in.
 */
export async function finishSsoSignIn(request: Request, clientIp: string): Promise<FinishResult> {
  const clearCookie = await stateCookie.serialize("", { maxAge: 0 });
  const fail = (problem: SsoProblem, organisationName?: string): FinishResult => ({
    ok: false,
    problem,
    organisationName,
    clearCookie,
  });
  const url = new URL(request.url);
  const parsed = CallbackSchema.safeParse(Object.fromEntries(url.searchParams));
  const expected = await stateCookie.parse(request.headers.get("Cookie"));
  if (!parsed.success || typeof expected !== "string" || expected !== parsed.data.state) {
    recordAudit({ action: "sso-sign-in-refused", details: { reason: "state", ip: clientIp } });
    // Keep this browser's own attempt: a forged answer must not spoil the real one.
    return { ok: false, problem: "expired", clearCookie: null };
  }
  const attempt = db().delete(ssoAttempts).where(eq(ssoAttempts.state, parsed.data.state)).returning().get();
  if (!attempt || attempt.expiresAt.getTime() < Date.now()) {
    recordAudit({
      action: "sso-sign-in-refused",
      organisationId: attempt?.organisationId,
      details: { reason: attempt ? "expired" : "state-used-or-unknown", ip: clientIp },
    });
    return fail("expired");
  }
  const row = db()
    .select({ sso: organisationSso, name: organisations.name })
    .from(organisationSso)
    .innerJoin(organisations, eq(organisations.id, organisationSso.organisationId))
    .where(eq(organisationSso.organisationId, attempt.organisationId))
    .get();
  const settings = row ? providerSettings(row.sso) : undefined;
  if (!row || !settings) return fail("notConfigured");
  const refuse = (problem: SsoProblem, details: Record<string, unknown>) => {
    recordAudit({
      action: "sso-sign-in-refused",
      organisationId: attempt.organisationId,
      details: { reason: problem, ...details, ip: clientIp },
    });
    return fail(problem, row.name);
  };

  if (parsed.data.error)
    return refuse(parsed.data.error === "access_denied" ? "cancelled" : "failed", { providerError: parsed.data.error });

  let claims: oidc.IDToken;
  try {
    const config = await providerFor(settings.cacheKey, settings);
    // openid-client sends the address without its query as redirect_uri: the registered one, not whatever host a proxy passed on.
    const currentUrl = new URL(redirectUri());
    currentUrl.search = url.search;
    const tokens = await oidc.authorizationCodeGrant(config, currentUrl, {
      pkceCodeVerifier: attempt.codeVerifier,
      expectedState: attempt.state,
      expectedNonce: attempt.nonce,
      idTokenExpected: true,
    });
    const found = tokens.claims();
    if (!found) return refuse("failed", { error: "no ID token" });
    claims = found;
  } catch (error) {
    const problem = problemFromError(error);
    return refuse(problem, { error: String((error as Error).message).slice(0, 200) });
  }

  const claimName = row.sso.emailClaim;
  const email = claimString(claims, claimName)?.trim().toLowerCase();
  if (!email || !z.email().safeParse(email).success) return refuse("unverified", { claim: claimName });
  // Providers that send `email` say whether they checked it; Entra's preferred_username and upn are the
  // tenant's own sign-in names, which the domain check below ties to this organisation.
  if (claimName === "email" && claims.email_verified !== true) return refuse("unverified", { claim: claimName, email });
  if (!organisationOwnsEmail(attempt.organisationId, email)) return refuse("wrongDomain", { email });

  const name = claimString(claims, "name") ?? "";
  const person = {
    email,
    givenName: claimString(claims, "given_name") ?? name.split(" ")[0] ?? "",
    familyName: claimString(claims, "family_name") ?? name.split(" ").slice(1).join(" "),
  };
  const account = matchAccount({ id: attempt.organisationId }, person, row.sso.createAccounts);
  if (!account.ok) return refuse(account.problem, { email });

  const sessionCookie = await startSession(account.userId);
  recordAudit({
    action: "sign-in",
    actorUserId: account.userId,
    subjectUserId: account.userId,
    organisationId: attempt.organisationId,
    details: { method: "sso", issuer: settings.issuer, ip: clientIp },
  });
  const organisationCode = db()
    .select({ code: organisations.code })
    .from(organisations)
    .where(eq(organisations.id, attempt.organisationId))
    .get()!.code;
  return {
    ok: true,
    cookies: [sessionCookie, clearCookie, await ssoOrganisationCookie.serialize(organisationCode)],
    userId: account.userId,
    language: account.language,
    redirectTo: attempt.redirectTo,
  };
}

export const StartSchema = z.object({
  email: EmailSchema,
  redirectTo: z.string().max(2000).optional(),
});

/** After the local session ends: the organisation whose provider signed this browser in, and the cookie that forgets it. */
export async function ssoSignedOutOrganisation(
  request: Request,
): Promise<{ code: string | null; clearCookie: string }> {
  const code = await ssoOrganisationCookie.parse(request.headers.get("Cookie"));
  return {
    code: typeof code === "string" ? code : null,
    clearCookie: await ssoOrganisationCookie.serialize("", { maxAge: 0 }),
  };
}
