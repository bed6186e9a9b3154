import * as oidc from "openid-client";
import { env } from "~/env.server";

const LOOPBACK = new Set(["localhost", "127.0.0.1", "[::1]"]);
const DISCOVERY_TIMEOUT_SECONDS = 10;
const CACHE_MS = 10 * 60_000;

/** Plain http only for a provider on this machine (tests and `npm run idp:dev`); anywhere else it must be https. */
export function issuerAllowed(issuer: URL): boolean {
  return issuer.protocol === "https:" || (issuer.protocol === "http:" && LOOPBACK.has(issuer.hostname));
}

/** Where every provider sends people back: register this address with the provider. */
export function redirectUri(): string {
  return new URL("/sso/callback", env().APP_URL).toString();
}

export interface ProviderSettings {
  issuer: string;
  clientId: string;
  clientSecret: string;
}

/** Reads the provider's /.well-known/openid-configuration and returns openid-client's configuration for this client. */
export function discoverProvider(settings: ProviderSettings): Promise<oidc.Configuration> {
  const issuer = new URL(settings.issuer);
  if (!issuerAllowed(issuer)) throw new Error("The issuer must use https");
  return oidc.discovery(
    issuer,
    settings.clientId,
    { client_secret: settings.clientSecret, [oidc.clockTolerance]: 60 },
    undefined,
    {
      timeout: DISCOVERY_TIMEOUT_SECONDS,
      execute: issuer.protocol === "http:" ? [oidc.allowInsecureRequests] : [],
    },
  );
}

const cache = new Map<string, { config: oidc.Configuration; until: number }>();

/** The provider's configuration, discovered at most every ten minutes per organisation and settings version. */
export async function providerFor(cacheKey: string, settings: ProviderSettings): Promise<oidc.Configuration> {
  const found = cache.get(cacheKey);
  if (found && found.until > Date.now()) return found.config;
  const config = await discoverProvider(settings);
  cache.set(cacheKey, { config, until: Date.now() + CACHE_MS });
  return config;
}
