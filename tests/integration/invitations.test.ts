import { and, eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { memberships, organisations, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
import { backgroundDeliveryIdle } from "~/email/mailer.server";
import { i18nServer } from "~/i18n/i18n.server";
import { action as accountAction, loader as accountLoader } from "~/routes/account";
import { loader as staffLoader } from "~/routes/manage.$org.staff";
import { addDays, todayIso } from "~/utils/dates";
import { loader as rootLoader } from "~/root";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as inviteAction } from "~/routes/manage.$org.invite";
import { action as setPasswordAction, loader as setPasswordLoader } from "~/routes/set-password.$token";
import { action as signInAction } from "~/routes/sign-in";
import { signIn } from "../support/auth";
import { linkIn, readOutbox } from "../support/outbox";
import { callRoute } from "../support/routes";

let managerCookie: string;
beforeAll(async () => {
  await seedDemo(db());
  managerCookie = await signIn("manager@riverside.example");
});
afterEach(() => vi.useRealTimers());

const tokenOf = (link: string) => link.split("/set-password/")[1];
const newPassword = { password: "correct horse battery staple", confirm: "correct horse battery staple" };

async function invite(form: Record<string, string>) {
  return callRoute(inviteAction, {
    params: { org: "XA1" },
    cookie: managerCookie,
    form: {
      givenName: "Bethan",
      familyName: "Ellis",
      unitId: "",
      staffGroup: "nursing-midwifery",
      jobRole: "Staff Nurse",
      startDate: "2026-11-01",
      role: "learner",
      ...form,
    },
  });
}

describe("invitations", () => {
  it("invites a new person, whose link works once and signs them in", async () => {
    const result = await invite({ email: "bethan.ellis@riverside.example" });
    expect(result.status).toBe(200);
    expect(result.data.done).toEqual({ email: "bethan.ellis@riverside.example" });

    const email = readOutbox().find((m) => m.to === "bethan.ellis@riverside.example")!;
    expect(email.subject).toBe("You have been invited to Cyber Basics");
    expect(email.body).toContain("Riverside University Hospitals NHS Trust");
    const token = tokenOf(linkIn(email));
    const stored = JSON.stringify(db().$client.prepare("SELECT * FROM one_time_tokens").all());
    expect(stored).not.toContain(token);

    const page = await callRoute(setPasswordLoader, { params: { token } });
    expect(page.data.link).toMatchObject({ purpose: "invitation", email: "bethan.ellis@riverside.example" });

    const set = await callRoute(setPasswordAction, { params: { token }, form: newPassword });
    expect(set.status).toBe(302);
    const cookie = set.cookies.join("; ");
    expect((await callRoute(rootLoader, { cookie })).data.user).toMatchObject({ name: "Bethan Ellis" });

    const again = await callRoute(setPasswordAction, {
      params: { token },
      form: { password: "another password 123", confirm: "another password 123" },
    });
    expect(again.status).toBe(410);
    expect(again.data.problem).toBe("used");
    expect((await callRoute(setPasswordLoader, { params: { token } })).data.problem).toBe("used");

    const signedIn = await callRoute(signInAction, {
      form: { email: "bethan.ellis@riverside.example", password: newPassword.password },
    });
    expect(signedIn.status).toBe(302);
  });

  it("refuses an expired invitation and changes nothing", async () => {
    vi.useFakeTimers({ toFake: ["Date"], now: new Date("2026-11-26T10:00:00Z") });
    await invite({ email: "late.starter@riverside.example", givenName: "Late" });
    const token = tokenOf(linkIn(readOutbox().find((m) => m.to === "late.starter@riverside.example")!));
    vi.setSystemTime(new Date("2026-12-10T10:00:01Z"));
    expect((await callRoute(setPasswordLoader, { params: { token } })).data.problem).toBe("expired");
    const set = await callRoute(setPasswordAction, { params: { token }, form: newPassword });
    expect(set.status).toBe(410);
    expect(
      db().select().from(users).where(eq(users.email, "late.starter@riverside.example")).get()!.passwordHash,
    ).toBeNull();
  });

  it("does not recognise a made-up link", async () => {
    expect((await callRoute(setPasswordLoader, { params: { token: "made-up" } })).data.problem).toBe("unknown");
  });

  it("checks the new password", async () => {
    await invite({ email: "short.pw@riverside.example" });
    const token = tokenOf(linkIn(readOutbox().find((m) => m.to === "short.pw@riverside.example")!));
    const short = await callRoute(setPasswordAction, {
      params: { token },
      form: { password: "short", confirm: "short" },
    });
    expect(short.data.errors).toEqual({ password: "auth.errors.passwordTooShort" });
    const differ = await callRoute(setPasswordAction, {
      params: { token },
      form: { password: "long enough password", confirm: "different password!!" },
    });
    expect(differ.data.errors).toEqual({ confirm: "auth.errors.passwordsDiffer" });
    expect((await callRoute(setPasswordLoader, { params: { token } })).data.link).not.toBeNull();
  });

  it("asks someone who already has an account to join, telling the manager the same as for a new person and showing only what was typed", async () => {
    const analyst = db().select().from(users).where(eq(users.email, "analyst@cyberbasics.example")).get()!;
    const usersBefore = db().select().from(users).all().length;
    const fresh = await invite({ email: "new.starter@riverside.example", givenName: "Nia", familyName: "Rees" });
    const existing = await invite({ email: "analyst@cyberbasics.example", givenName: "Someone", familyName: "Else" });
    expect(existing.status).toBe(fresh.status);
    expect({ ...existing.data, done: { ...existing.data.done, email: "x" } }).toEqual({
      ...fresh.data,
      done: { ...fresh.data.done, email: "x" },
    });
    expect(db().select().from(users).all().length).toBe(usersBefore + 1);

    // Not a member, nothing renamed, nothing of the account or its training shown.
    const xa1 = db().select().from(organisations).where(eq(organisations.code, "XA1")).get()!;
    expect(
      db()
        .select()
        .from(memberships)
        .where(and(eq(memberships.userId, analyst.id), eq(memberships.organisationId, xa1.id)))
        .get(),
    ).toBeUndefined();
    expect(db().select().from(users).where(eq(users.id, analyst.id)).get()).toMatchObject({
      givenName: analyst.givenName,
      familyName: analyst.familyName,
      platformRole: "analyst",
    });
    const staff = await callRoute(staffLoader, {
      params: { org: "XA1" },
      cookie: managerCookie,
      path: "/manage/XA1/staff",
    });
    expect(JSON.stringify(staff.data.staff)).not.toContain("analyst@cyberbasics.example");
    expect(staff.data.pending).toEqual([
      {
        id: expect.any(Number),
        givenName: "Someone",
        familyName: "Else",
        email: "analyst@cyberbasics.example",
        staffGroup: "nursing-midwifery",
        role: "learner",
        unitName: null,
      },
    ]);
    expect(JSON.stringify(staff.data)).not.toContain(analyst.givenName);
    expect(db().$client.prepare("SELECT COUNT(*) AS n FROM compliance_rows WHERE user_id = ?").get(analyst.id)).toEqual(
      { n: 0 },
    );

    await backgroundDeliveryIdle();
    const asked = readOutbox().filter((m) => m.to === "analyst@cyberbasics.example");
    expect(asked).toHaveLength(1);
    expect(asked[0].body).toContain("Riverside University Hospitals NHS Trust has asked to add you");
    expect(asked[0].body).not.toMatch(/set-password/);

    // Asking again: the same answer, and no second email.
    const again = await invite({ email: "analyst@cyberbasics.example" });
    expect(again.status).toBe(200);
    await backgroundDeliveryIdle();
    expect(readOutbox().filter((m) => m.to === "analyst@cyberbasics.example")).toHaveLength(1);
  });

  it("adds the person once they accept on their account page, counts their training, and lets them leave", async () => {
    await invite({
      email: "receptionist@bryn.example",
      givenName: "Siân",
      familyName: "Llywelyn",
      jobRole: "Bank receptionist",
    });
    const receptionist = await signIn("receptionist@bryn.example");
    const account = await callRoute(accountLoader, { cookie: receptionist, path: "/account" });
    expect(account.data.memberships.map((m: { organisationCode: string }) => m.organisationCode)).toEqual(["X99001"]);
    const [request] = account.data.requests;
    expect(request).toMatchObject({
      organisationName: "Riverside University Hospitals NHS Trust",
      givenName: "Siân",
      familyName: "Llywelyn",
    });

    const someoneElse = await signIn("carer@oaklodge.example");
    expect(
      (
        await callRoute(accountAction, {
          cookie: someoneElse,
          form: { intent: "accept", requestId: String(request.id) },
        })
      ).status,
    ).toBe(400);

    const accepted = await callRoute(accountAction, {
      cookie: receptionist,
      form: { intent: "accept", requestId: String(request.id) },
    });
    expect(accepted.data.done).toEqual({ kind: "accept", organisation: "Riverside University Hospitals NHS Trust" });
    const after = await callRoute(accountLoader, { cookie: receptionist, path: "/account" });
    expect(after.data.requests).toEqual([]);
    const riverside = after.data.memberships.find((m: { organisationCode: string }) => m.organisationCode === "XA1");
    expect(riverside).toMatchObject({ jobRole: "Bank receptionist", staffGroup: "nursing-midwifery", role: "learner" });
    const user = db().select().from(users).where(eq(users.email, "receptionist@bryn.example")).get()!;
    expect(
      db()
        .$client.prepare("SELECT COUNT(*) AS n FROM compliance_rows WHERE user_id = ? AND organisation_id = ?")
        .get(user.id, riverside.organisationId),
    ).not.toEqual({ n: 0 });

    const left = await callRoute(accountAction, {
      cookie: receptionist,
      form: { intent: "leave", membershipId: String(riverside.membershipId) },
    });
    expect(left.data.done).toEqual({ kind: "leave", organisation: "Riverside University Hospitals NHS Trust" });
    expect(
      (await callRoute(accountLoader, { cookie: receptionist, path: "/account" })).data.memberships.map(
        (m: { organisationCode: string }) => m.organisationCode,
      ),
    ).toEqual(["X99001"]);
    // The organisation keeps the row (its past figures), ended yesterday.
    const row = db().select().from(memberships).where(eq(memberships.id, riverside.membershipId)).get()!;
    expect(row.endDate).toBe(addDays(todayIso(), -1));
    // Leaving again, or leaving someone else's membership, changes nothing.
    expect(
      (
        await callRoute(accountAction, {
          cookie: receptionist,
          form: { intent: "leave", membershipId: String(riverside.membershipId) },
        })
      ).status,
    ).toBe(400);
    // Invited again after leaving: asked again, not added.
    await invite({ email: "receptionist@bryn.example" });
    expect(db().select().from(memberships).where(eq(memberships.id, riverside.membershipId)).get()!.endDate).toBe(
      row.endDate,
    );
  });

  it("drops the request when the person declines", async () => {
    await invite({ email: "carer@oaklodge.example", givenName: "Ffion", familyName: "Morgan" });
    const carer = await signIn("carer@oaklodge.example");
    const [request] = (await callRoute(accountLoader, { cookie: carer, path: "/account" })).data.requests;
    const declined = await callRoute(accountAction, {
      cookie: carer,
      form: { intent: "decline", requestId: String(request.id) },
    });
    expect(declined.data.done).toEqual({ kind: "decline", organisation: "Riverside University Hospitals NHS Trust" });
    const staff = await callRoute(staffLoader, {
      params: { org: "XA1" },
      cookie: managerCookie,
      path: "/manage/XA1/staff",
    });
    expect(staff.data.pending.some((p: { email: string }) => p.email === "carer@oaklodge.example")).toBe(false);
  });

  it("rejects a unit from another organisation and a bad date, adding no one", async () => {
    const brynUnit = db()
      .$client.prepare(
        "SELECT u.id FROM units u JOIN organisations o ON o.id = u.organisation_id WHERE o.code = 'X99001'",
      )
      .pluck()
      .get() as number;
    const before = db().select().from(users).all().length;
    const wrongUnit = await invite({ email: "wrong.unit@riverside.example", unitId: String(brynUnit) });
    expect(wrongUnit.data.errors).toEqual({ unitId: "manage.errors.unitInvalid" });
    const badDate = await invite({ email: "bad.date@riverside.example", startDate: "31/02/2026" });
    expect(badDate.data.errors).toEqual({ startDate: "manage.errors.startDateInvalid" });
    expect(db().select().from(users).all().length).toBe(before);
  });

  it("asks for the invitee's email address, not the manager's own", async () => {
    const missing = await invite({ email: "" });
    expect(missing.status).toBe(400);
    expect(missing.data.errors).toEqual({ email: "manage.errors.emailRequired" });
    expect((await invite({ email: "not-an-email" })).data.errors).toEqual({ email: "manage.errors.emailInvalid" });
    const en = (await i18nServer.getFixedT("en-GB"))!;
    const cy = (await i18nServer.getFixedT("cy"))!;
    expect(en("manage.invite.email")).toBe("Their work email address");
    expect(en("manage.errors.emailRequired")).toBe("Enter their work email address");
    expect(cy("manage.errors.emailRequired")).toBe("Rhowch eu cyfeiriad e-bost gwaith");
    for (const t of [en, cy])
      for (const key of ["manage.invite.email", "manage.errors.emailRequired", "manage.errors.emailInvalid"])
        expect(t(key)).not.toMatch(/your email|eich cyfeiriad/i);
  });
});

describe("forgotten password", () => {
  it("sends a one-hour link to a real account in its language, and says the same for an unknown one", async () => {
    const known = await callRoute(forgotAction, { form: { email: "receptionist@bryn.example" } });
    const unknown = await callRoute(forgotAction, { form: { email: "nobody@bryn.example" } });
    await backgroundDeliveryIdle();
    expect(known.data).toEqual({ errors: {}, email: "receptionist@bryn.example", sent: true });
    expect(unknown.data).toEqual({ errors: {}, email: "nobody@bryn.example", sent: true });
    const email = readOutbox()
      .filter((m) => m.to === "receptionist@bryn.example")
      .at(-1)!;
    expect(email.subject).toBe("Ailosod eich cyfrinair Hanfodion Seiber");
    expect(email.language).toBe("cy");
    expect(readOutbox().some((m) => m.to === "nobody@bryn.example")).toBe(false);

    const token = tokenOf(linkIn(email));
    expect((await callRoute(setPasswordLoader, { params: { token } })).data.link.purpose).toBe("password-reset");
  });
});
