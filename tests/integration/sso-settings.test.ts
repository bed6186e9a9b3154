import { randomBytes } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@db/seed";
import { organisations, organisationSso, users } from "@db/schema";
import { db } from "~/db.server";
import { decryptSecret, encryptSecret } from "~/sso/secret.server";
import { SsoSettingsSchema, passwordSignInBlocked, saveSsoSettings, ssoSettingsView } from "~/sso/settings.server";
import { startIdentityProvider, type RunningProvider } from "../../scripts/identity-provider";

process.env.SSO_ENCRYPTION_KEY = randomBytes(32).toString("base64");
const SECRET = `secret-${randomBytes(16).toString("hex")}`;
let provider: RunningProvider;

beforeAll(async () => {
  await seedDemo(db());
  provider = await startIdentityProvider({
    clients: [{ clientId: "riverside", clientSecret: SECRET, redirectUris: ["http://localhost:3000/sso/callback"] }],
    accounts: [],
  });
});
afterAll(() => provider.stop());

function adminId() {
  return db().select().from(users).where(eq(users.email, "admin@cyberbasics.example")).get()!.id;
}

function riverside() {
  return db().select().from(organisations).where(eq(organisations.code, "XA1")).get()!;
}

describe("single sign-on settings", () => {
  it("encrypts with AES-256-GCM: a changed byte cannot be read", () => {
    const stored = encryptSecret(SECRET);
    expect(stored).not.toContain(SECRET);
    expect(decryptSecret(stored)).toBe(SECRET);
    expect(encryptSecret(SECRET)).not.toBe(stored);
    const parts = stored.split(".");
    const flipped = Buffer.from(parts[3], "base64url");
    flipped[0] ^= 1;
    expect(() => decryptSecret([...parts.slice(0, 3), flipped.toString("base64url")].join("."))).toThrow();
  });

  it("stores the client secret only encrypted, and never shows it again", async () => {
    const input = SsoSettingsSchema.parse({
      issuer: provider.issuer,
      clientId: "riverside",
      clientSecret: SECRET,
      emailClaim: "email",
      domains: "Riverside.example\n@riverside.example",
      ssoOnly: "on",
    });
    expect(input.domains).toEqual(["riverside.example"]);
    expect(await saveSsoSettings(adminId(), riverside(), input)).toEqual({ ok: true });

    const row = db().select().from(organisationSso).where(eq(organisationSso.organisationId, riverside().id)).get()!;
    expect(row.clientSecretEncrypted).not.toContain(SECRET);
    expect(decryptSecret(row.clientSecretEncrypted!)).toBe(SECRET);
    const file = db()
      .$client.prepare("SELECT group_concat(client_secret_encrypted) AS all_secrets FROM organisation_sso")
      .get() as { all_secrets: string };
    expect(file.all_secrets).not.toContain(SECRET);
    expect(JSON.stringify(ssoSettingsView(riverside().id))).not.toContain(SECRET);
    expect(row.endSessionEndpoint).toBe(`${provider.issuer}/session/end`);
    expect(passwordSignInBlocked("someone@riverside.example")).toBe(true);
    expect(passwordSignInBlocked("someone@oaklodge.example")).toBe(false);

    // A blank secret keeps the stored one.
    const again = SsoSettingsSchema.parse({
      issuer: provider.issuer,
      clientId: "riverside",
      clientSecret: "",
      emailClaim: "preferred_username",
      domains: "riverside.example",
    });
    expect(await saveSsoSettings(adminId(), riverside(), again)).toEqual({ ok: true });
    const kept = db().select().from(organisationSso).where(eq(organisationSso.organisationId, riverside().id)).get()!;
    expect(decryptSecret(kept.clientSecretEncrypted!)).toBe(SECRET);
    expect(kept.emailClaim).toBe("preferred_username");
  });

  it("refuses an http issuer that is not on this machine, and a domain another organisation owns", async () => {
    const http = SsoSettingsSchema.safeParse({
      issuer: "http://login.example.org",
      clientId: "x",
      emailClaim: "email",
      domains: "bryn.example",
    });
    expect(http.success).toBe(false);
    expect(http.error?.issues[0].message).toBe("sso.errors.issuerNotHttps");
    const bryn = db().select().from(organisations).where(eq(organisations.code, "X99001")).get()!;
    const taken = SsoSettingsSchema.parse({
      issuer: provider.issuer,
      clientId: "bryn",
      clientSecret: "s",
      emailClaim: "email",
      domains: "bryn.example riverside.example",
    });
    expect(await saveSsoSettings(adminId(), bryn, taken)).toEqual({
      ok: false,
      problem: { field: "domains", key: "sso.errors.domainTaken", values: { domain: "riverside.example" } },
    });
    expect(ssoSettingsView(bryn.id).configured).toBe(false);
  });
});
