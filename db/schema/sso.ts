import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { SSO_EMAIL_CLAIMS } from "../enums";
import { organisations } from "./organisation";
import { users } from "./user";

/**
 * An organisation's single sign-on (OpenID Connect) settings. The row can exist before the provider
 * is set, to record that an admin lets the organisation's managers set it up.
 */
export const organisationSso = sqliteTable("organisation_sso", {
  organisationId: integer("organisation_id")
    .primaryKey()
    .references(() => organisations.id),
  issuer: text("issuer"),
  clientId: text("client_id"),
  /** AES-256-GCM with SSO_ENCRYPTION_KEY; never shown again once saved. */
  clientSecretEncrypted: text("client_secret_encrypted"),
  emailClaim: text("email_claim", { enum: SSO_EMAIL_CLAIMS }).notNull().default("email"),
  ssoOnly: integer("sso_only", { mode: "boolean" }).notNull().default(false),
  createAccounts: integer("create_accounts", { mode: "boolean" }).notNull().default(false),
  managersMayEdit: integer("managers_may_edit", { mode: "boolean" }).notNull().default(false),
  /** From the provider's discovery document when the settings were saved. */
  endSessionEndpoint: text("end_session_endpoint"),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/** Email domains an organisation owns: its provider may sign in only addresses in these. A domain belongs to one organisation. */
export const organisationEmailDomains = sqliteTable(
  "organisation_email_domains",
  {
    domain: text("domain").primaryKey(),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
  },
  (t) => [index("organisation_email_domains_org_idx").on(t.organisationId)],
);

/** A sign-in sent to a provider and not yet back: used once, then deleted. */
export const ssoAttempts = sqliteTable("sso_attempts", {
  state: text("state").primaryKey(),
  organisationId: integer("organisation_id")
    .notNull()
    .references(() => organisations.id),
  codeVerifier: text("code_verifier").notNull(),
  nonce: text("nonce").notNull(),
  redirectTo: text("redirect_to"),
  expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
});

/** Accounts created at first single sign-on, waiting for a manager to give them a unit and staff group. */
export const ssoNewAccounts = sqliteTable(
  "sso_new_accounts",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    organisationId: integer("organisation_id")
      .notNull()
      .references(() => organisations.id),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.organisationId] })],
);

export type OrganisationSso = typeof organisationSso.$inferSelect;
