import { and, eq, ne } from "drizzle-orm";
import { z } from "zod";
import {
  SSO_EMAIL_CLAIMS,
  organisationEmailDomains,
  organisationSso,
  organisations,
  type Organisation,
  type OrganisationSso,
} from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { db } from "~/db.server";
import { discoverProvider, issuerAllowed } from "./provider.server";
import { canEncryptSecrets, decryptSecret, encryptSecret } from "./secret.server";

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/;

const checkbox = z
  .string()
  .optional()
  .transform((v) => v === "on");

export const SsoSettingsSchema = z.object({
  issuer: z
    .string({ error: "sso.errors.issuerRequired" })
    .trim()
    .min(1, "sso.errors.issuerRequired")
    .max(500, "sso.errors.issuerInvalid")
    .refine((v) => URL.canParse(v), "sso.errors.issuerInvalid")
    .refine((v) => !URL.canParse(v) || issuerAllowed(new URL(v)), "sso.errors.issuerNotHttps")
    .transform((v) => v.replace(/\/+$/, "")),
  clientId: z
    .string({ error: "sso.errors.clientIdRequired" })
    .trim()
    .min(1, "sso.errors.clientIdRequired")
    .max(500, "sso.errors.clientIdRequired"),
  clientSecret: z.string().max(2000, "sso.errors.clientSecretTooLong").default(""),
  emailClaim: z.enum(SSO_EMAIL_CLAIMS, { error: "sso.errors.emailClaimRequired" }),
  domains: z
    .string({ error: "sso.errors.domainsRequired" })
    .max(5000, "sso.errors.domainsTooMany")
    .transform((v) => [
      ...new Set(
        v
          .toLowerCase()
          .split(/[\s,;]+/)
          .map((d) => d.replace(/^@/, ""))
          .filter(Boolean),
      ),
    ])
    .refine((list) => list.length > 0, "sso.errors.domainsRequired")
    .refine((list) => list.length <= 50, "sso.errors.domainsTooMany")
    .refine((list) => list.every((d) => DOMAIN.test(d)), "sso.errors.domainInvalid"),
  ssoOnly: checkbox,
  createAccounts: checkbox,
});
export type SsoSettingsInput = z.infer<typeof SsoSettingsSchema>;

export const ManagersMayEditSchema = z.object({ managersMayEdit: checkbox });

/** What a settings page shows: never the secret, only whether one is stored. */
export function ssoSettingsView(organisationId: number) {
  const row = findSsoRow(organisationId);
  return {
    issuer: row?.issuer ?? "",
    clientId: row?.clientId ?? "",
    hasSecret: Boolean(row?.clientSecretEncrypted),
    emailClaim: row?.emailClaim ?? "email",
    ssoOnly: row?.ssoOnly ?? false,
    createAccounts: row?.createAccounts ?? false,
    managersMayEdit: row?.managersMayEdit ?? false,
    domains: listDomains(organisationId),
    configured: isConfigured(row),
    canEncrypt: canEncryptSecrets(),
  };
}

export function findSsoRow(organisationId: number): OrganisationSso | undefined {
  return db().select().from(organisationSso).where(eq(organisationSso.organisationId, organisationId)).get();
}

export function listDomains(organisationId: number): string[] {
  return db()
    .select({ domain: organisationEmailDomains.domain })
    .from(organisationEmailDomains)
    .where(eq(organisationEmailDomains.organisationId, organisationId))
    .orderBy(organisationEmailDomains.domain)
    .all()
    .map((r) => r.domain);
}

function isConfigured(
  row: OrganisationSso | undefined,
): row is OrganisationSso & { issuer: string; clientId: string; clientSecretEncrypted: string } {
  return Boolean(row?.issuer && row.clientId && row.clientSecretEncrypted);
}

export type SaveProblem = { field: keyof SsoSettingsInput; key: string; values?: Record<string, string> };

/**
 * Saves the settings after checking the provider answers its discovery document for this issuer.
 * A blank secret keeps the one stored; a domain another organisation owns is refused.
 */
export async function saveSsoSettings(
  actorUserId: string,
  organisation: Organisation,
  input: SsoSettingsInput,
): Promise<{ ok: true } | { ok: false; problem: SaveProblem }> {
  if (!canEncryptSecrets()) return { ok: false, problem: { field: "clientSecret", key: "sso.errors.noEncryptionKey" } };
  const existing = findSsoRow(organisation.id);
  let secret = input.clientSecret.trim();
  if (!secret) {
    if (!existing?.clientSecretEncrypted)
      return { ok: false, problem: { field: "clientSecret", key: "sso.errors.clientSecretRequired" } };
    try {
      secret = decryptSecret(existing.clientSecretEncrypted);
    } catch {
      return { ok: false, problem: { field: "clientSecret", key: "sso.errors.clientSecretUnreadable" } };
    }
  }

  const taken = db()
    .select({ domain: organisationEmailDomains.domain })
    .from(organisationEmailDomains)
    .where(ne(organisationEmailDomains.organisationId, organisation.id))
    .all()
    .find((r) => input.domains.includes(r.domain));
  if (taken)
    return {
      ok: false,
      problem: { field: "domains", key: "sso.errors.domainTaken", values: { domain: taken.domain } },
    };

  let endSessionEndpoint: string | null;
  try {
    const config = await discoverProvider({ issuer: input.issuer, clientId: input.clientId, clientSecret: secret });
    endSessionEndpoint = config.serverMetadata().end_session_endpoint ?? null;
  } catch {
    return {
      ok: false,
      problem: { field: "issuer", key: "sso.errors.issuerUnreachable", values: { issuer: input.issuer } },
    };
  }

  const values = {
    issuer: input.issuer,
    clientId: input.clientId,
    clientSecretEncrypted: encryptSecret(secret),
    emailClaim: input.emailClaim,
    ssoOnly: input.ssoOnly,
    createAccounts: input.createAccounts,
    endSessionEndpoint,
    updatedAt: new Date(),
  };
  db().transaction((tx) => {
    tx.insert(organisationSso)
      .values({ organisationId: organisation.id, ...values })
      .onConflictDoUpdate({ target: organisationSso.organisationId, set: values })
      .run();
    tx.delete(organisationEmailDomains).where(eq(organisationEmailDomains.organisationId, organisation.id)).run();
    tx.insert(organisationEmailDomains)
      .values(input.domains.map((domain) => ({ domain, organisationId: organisation.id })))
      .run();
    recordAudit(
      {
        action: "sso-settings-changed",
        actorUserId,
        organisationId: organisation.id,
        details: {
          issuer: input.issuer,
          clientId: input.clientId,
          secretChanged: Boolean(input.clientSecret.trim()),
          emailClaim: input.emailClaim,
          domains: input.domains,
          ssoOnly: input.ssoOnly,
          createAccounts: input.createAccounts,
        },
      },
      tx,
    );
  });
  return { ok: true };
}

/** An admin's choice whether the organisation's managers may change its single sign-on. */
export function setManagersMayEdit(actorUserId: string, organisation: Organisation, managersMayEdit: boolean): void {
  db().transaction((tx) => {
    tx.insert(organisationSso)
      .values({ organisationId: organisation.id, managersMayEdit, updatedAt: new Date() })
      .onConflictDoUpdate({ target: organisationSso.organisationId, set: { managersMayEdit, updatedAt: new Date() } })
      .run();
    recordAudit(
      { action: "sso-settings-changed", actorUserId, organisationId: organisation.id, details: { managersMayEdit } },
      tx,
    );
  });
}

/** Turns single sign-on off: the provider, secret and domains go; people sign in with passwords again. */
export function removeSso(actorUserId: string, organisation: Organisation): void {
  db().transaction((tx) => {
    tx.update(organisationSso)
      .set({
        issuer: null,
        clientId: null,
        clientSecretEncrypted: null,
        endSessionEndpoint: null,
        ssoOnly: false,
        createAccounts: false,
        updatedAt: new Date(),
      })
      .where(eq(organisationSso.organisationId, organisation.id))
      .run();
    tx.delete(organisationEmailDomains).where(eq(organisationEmailDomains.organisationId, organisation.id)).run();
    recordAudit(
      { action: "sso-settings-changed", actorUserId, organisationId: organisation.id, details: { removed: true } },
      tx,
    );
  });
}

function domainOf(email: string): string {
  return email.slice(email.lastIndexOf("@") + 1).toLowerCase();
}

/** The organisation that owns this address's domain and has single sign-on set up, with its settings. */
export function ssoForEmail(email: string) {
  const row = db()
    .select({ sso: organisationSso })
    .from(organisationEmailDomains)
    .innerJoin(organisationSso, eq(organisationSso.organisationId, organisationEmailDomains.organisationId))
    .where(eq(organisationEmailDomains.domain, domainOf(email)))
    .get();
  return row && isConfigured(row.sso) ? row.sso : undefined;
}

/** Whether the organisation owning this address's domain lets its staff sign in only through its provider. */
export function passwordSignInBlocked(email: string): boolean {
  return ssoForEmail(email)?.ssoOnly ?? false;
}

/** Whether the address is in one of the organisation's own domains. */
export function organisationOwnsEmail(organisationId: number, email: string): boolean {
  return (
    db()
      .select({ domain: organisationEmailDomains.domain })
      .from(organisationEmailDomains)
      .where(
        and(
          eq(organisationEmailDomains.organisationId, organisationId),
          eq(organisationEmailDomains.domain, domainOf(email)),
        ),
      )
      .get() !== undefined
  );
}

/** The provider settings with the secret decrypted, for a configured organisation. */
export function providerSettings(row: OrganisationSso) {
  if (!isConfigured(row)) return undefined;
  return {
    issuer: row.issuer,
    clientId: row.clientId,
    clientSecret: decryptSecret(row.clientSecretEncrypted),
    cacheKey: `${row.organisationId}:${row.updatedAt.getTime()}`,
  };
}

export function managersMayEditSso(organisationId: number): boolean {
  return findSsoRow(organisationId)?.managersMayEdit ?? false;
}

/** Where to offer signing out of the organisation's provider too, when it has an end-session endpoint. */
export function providerSignOutUrl(organisationCode: string): string | null {
  const row = db()
    .select({ endpoint: organisationSso.endSessionEndpoint, clientId: organisationSso.clientId })
    .from(organisationSso)
    .innerJoin(organisations, eq(organisations.id, organisationSso.organisationId))
    .where(eq(organisations.code, organisationCode))
    .get();
  if (!row?.endpoint || !row.clientId) return null;
  const url = new URL(row.endpoint);
  url.searchParams.set("client_id", row.clientId);
  return url.toString();
}

/** The origins of every configured provider: the email step's form is redirected to one of them. */
export function providerOrigins(): string[] {
  const issuers = db().select({ issuer: organisationSso.issuer }).from(organisationSso).all();
  return [...new Set(issuers.flatMap((r) => (r.issuer && URL.canParse(r.issuer) ? [new URL(r.issuer).origin] : [])))];
}
