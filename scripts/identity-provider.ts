// A real OpenID Connect provider (oidc-provider, development settings) for the single sign-on tests and
// `npm run idp:dev`. Never for production: its keys, cookies and sign-in pages are for development only.
import http from "node:http";
import type { AddressInfo } from "node:net";
import Provider, { type Configuration } from "oidc-provider";

export interface ProviderAccount {
  /** What you type in the provider's sign-in form. */
  login: string;
  /** Claims beyond `sub`: `email` and `email_verified`, or Entra-style `preferred_username`, and names. */
  claims: Record<string, string | boolean>;
}

export interface ProviderClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
}

export interface RunningProvider {
  issuer: string;
  port: number;
  stop(): Promise<void>;
}

/** Starts the provider on loopback (port 0: any free port) and resolves once it listens. */
export async function startIdentityProvider(options: {
  port?: number;
  clients: ProviderClient[];
  accounts: ProviderAccount[];
}): Promise<RunningProvider> {
  const server = http.createServer();
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  const issuer = `http://127.0.0.1:${port}`;

  const configuration: Configuration = {
    clients: options.clients.map((c) => ({
      client_id: c.clientId,
      client_secret: c.clientSecret,
      redirect_uris: c.redirectUris,
      post_logout_redirect_uris: c.redirectUris.map((uri) => new URL("/sign-in", uri).toString()),
      grant_types: ["authorization_code"],
      response_types: ["code"],
    })),
    claims: {
      openid: ["sub"],
      email: ["email", "email_verified"],
      profile: ["name", "given_name", "family_name", "preferred_username", "upn"],
    },
    // Put the scope's claims in the ID token, as Entra ID does, rather than only at the userinfo endpoint.
    conformIdTokenClaims: false,
    async findAccount(_ctx, id) {
      const account = options.accounts.find((a) => a.login === id);
      if (!account) return undefined;
      return { accountId: id, claims: () => ({ sub: id, ...account.claims }) };
    },
    // A first-party app: no consent screen after signing in.
    async loadExistingGrant(ctx) {
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client!.clientId,
        accountId: ctx.oidc.session!.accountId!,
      });
      grant.addOIDCScope("openid email profile");
      await grant.save();
      return grant;
    },
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ["identity-provider-for-development-only"] },
  };
  const provider = new Provider(issuer, configuration);
  server.on("request", provider.callback());
  return {
    issuer,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export const DEMO_CLIENT = { clientId: "cyber-basics-demo", clientSecret: "demo-secret-for-development-only" };

/** The demo identities: an NHS-style account with `email`, an Entra-style one, and one from a domain no organisation owns. */
export const DEMO_ACCOUNTS: ProviderAccount[] = [
  {
    login: "amira",
    claims: {
      email: "nurse@riverside.example",
      email_verified: true,
      name: "Amira Hussain",
      given_name: "Amira",
      family_name: "Hussain",
    },
  },
  {
    login: "new.starter",
    claims: {
      email: "new.starter@riverside.example",
      email_verified: true,
      name: "Sam Newton",
      given_name: "Sam",
      family_name: "Newton",
    },
  },
  { login: "sian", claims: { preferred_username: "receptionist@bryn.example", name: "Siân Llywelyn" } },
  { login: "outsider", claims: { email: "someone@elsewhere.example", email_verified: true, name: "Someone Else" } },
];

const HELP = `Usage: npm run idp:dev [-- --port 4400 --app-url http://localhost:3000]

Starts a development OpenID Connect provider (oidc-provider) on loopback with demo identities,
for trying single sign-on locally. Sign in at the provider by typing a login below (any password).

  --port <n>        where the provider listens (default 4400)
  --app-url <url>   where Cyber Basics runs, for the redirect address (default APP_URL or http://localhost:3000)
  --help            show this`;

async function main() {
  const { parseArgs } = await import("node:util");
  const { values } = parseArgs({
    options: {
      port: { type: "string", default: "4400" },
      "app-url": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (values.help) {
    console.log(HELP);
    return;
  }
  const appUrl = values["app-url"] ?? process.env.APP_URL ?? "http://localhost:3000";
  const redirectUri = new URL("/sso/callback", appUrl).toString();
  const running = await startIdentityProvider({
    port: Number(values.port),
    clients: [{ ...DEMO_CLIENT, redirectUris: [redirectUri] }],
    accounts: DEMO_ACCOUNTS,
  });
  console.log(`Development identity provider: ${running.issuer}
  client id:      ${DEMO_CLIENT.clientId}
  client secret:  ${DEMO_CLIENT.clientSecret}
  redirect URI:   ${redirectUri}
Logins (any password):
${DEMO_ACCOUNTS.map((a) => `  ${a.login.padEnd(12)} ${JSON.stringify(a.claims)}`).join("\n")}
Press Ctrl+C to stop.`);
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
