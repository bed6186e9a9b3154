import { and, eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { seedDemo } from "@db/seed";
import { auditEvents, memberships, organisations, users } from "@db/schema";
import { db } from "~/db.server";
import { listNewAccounts, matchAccount } from "~/sso/accounts.server";

beforeAll(async () => {
  await seedDemo(db());
});

const org = (code: string) => db().select().from(organisations).where(eq(organisations.code, code)).get()!;
const person = (email: string) => ({ email, givenName: "Sam", familyName: "Newton" });

describe("matching a provider's person to an account", () => {
  it("signs in the account with that email", () => {
    const found = matchAccount(org("XA1"), person("nurse@riverside.example"), false);
    expect(found).toMatchObject({ ok: true, created: false });
  });

  it("refuses a leaver whose every membership of the organisation has ended", () => {
    const nurse = db().select().from(users).where(eq(users.email, "nurse@riverside.example")).get()!;
    db()
      .update(memberships)
      .set({ endDate: "2020-01-31" })
      .where(and(eq(memberships.userId, nurse.id), eq(memberships.organisationId, org("XA1").id)))
      .run();
    expect(matchAccount(org("XA1"), person("nurse@riverside.example"), true)).toEqual({
      ok: false,
      problem: "accountEnded",
    });
  });

  it("creates no account unless the organisation allows it; then one waiting for a manager, recorded in the audit trail", () => {
    expect(matchAccount(org("XA1"), person("new.starter@riverside.example"), false)).toEqual({
      ok: false,
      problem: "noAccount",
    });
    expect(db().select().from(users).where(eq(users.email, "new.starter@riverside.example")).get()).toBeUndefined();

    const created = matchAccount(org("XA1"), person("new.starter@riverside.example"), true);
    expect(created).toMatchObject({ ok: true, created: true });
    expect(listNewAccounts(org("XA1").id).map((p) => p.email)).toEqual(["new.starter@riverside.example"]);
    const userId = (created as { userId: string }).userId;
    expect(db().select().from(memberships).where(eq(memberships.userId, userId)).all()).toEqual([]);
    expect(
      db()
        .select()
        .from(auditEvents)
        .where(and(eq(auditEvents.action, "sso-account-created"), eq(auditEvents.subjectUserId, userId)))
        .all(),
    ).toHaveLength(1);
  });
});

describe("an invitation or reset link in an SSO-only organisation", () => {
  it("sets no password and starts no session: the person is sent to their organisation's sign-in", async () => {
    const { organisationSso, organisationEmailDomains } = await import("@db/schema");
    const { createOneTimeToken } = await import("~/auth/one-time-links.server");
    const route = await import("~/routes/set-password.$token");
    const { callRoute } = await import("../support/routes");
    const practice = org("X99001");
    db()
      .insert(organisationSso)
      .values({
        organisationId: practice.id,
        issuer: "https://login.bryn.example",
        clientId: "cyber-basics",
        clientSecretEncrypted: "sealed",
        ssoOnly: true,
        updatedAt: new Date(),
      })
      .run();
    db().insert(organisationEmailDomains).values({ domain: "bryn.example", organisationId: practice.id }).run();
    const receptionist = db().select().from(users).where(eq(users.email, "receptionist@bryn.example")).get()!;
    const token = createOneTimeToken(receptionist.id, "invitation");

    const shown = await callRoute(route.loader as never, { path: `/set-password/${token}`, params: { token } });
    expect(shown.data).toMatchObject({ link: null, problem: "ssoOnly" });

    const posted = await callRoute(route.action as never, {
      path: `/set-password/${token}`,
      params: { token },
      form: { password: "a-long-enough-passphrase", confirm: "a-long-enough-passphrase" },
    });
    expect(posted.status).toBe(403);
    expect(posted.cookies).toEqual([]);
    expect(db().select().from(users).where(eq(users.id, receptionist.id)).get()!.passwordHash).toBe(
      receptionist.passwordHash,
    );
  });
});
