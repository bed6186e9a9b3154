import { eq } from "drizzle-orm";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { memberships, organisations, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
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
    form: { givenName: "Bethan", familyName: "Ellis", unitId: "", staffGroup: "nursing-midwifery", jobRole: "Staff Nurse", startDate: "2026-11-01", role: "learner", ...form },
  });
}

describe("invitations", () => {
  it("invites a new person, whose link works once and signs them in", async () => {
    const result = await invite({ email: "bethan.ellis@riverside.example" });
    expect(result.status).toBe(200);
    expect(result.data.done).toEqual({ email: "bethan.ellis@riverside.example", newAccount: true });

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

    const again = await callRoute(setPasswordAction, { params: { token }, form: { password: "another password 123", confirm: "another password 123" } });
    expect(again.status).toBe(410);
    expect(again.data.problem).toBe("used");
    expect((await callRoute(setPasswordLoader, { params: { token } })).data.problem).toBe("used");

    const signedIn = await callRoute(signInAction, { form: { email: "bethan.ellis@riverside.example", password: newPassword.password } });
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
    expect(db().select().from(users).where(eq(users.email, "late.starter@riverside.example")).get()!.passwordHash).toBeNull();
  });

  it("does not recognise a made-up link", async () => {
    expect((await callRoute(setPasswordLoader, { params: { token: "made-up" } })).data.problem).toBe("unknown");
  });

  it("checks the new password", async () => {
    await invite({ email: "short.pw@riverside.example" });
    const token = tokenOf(linkIn(readOutbox().find((m) => m.to === "short.pw@riverside.example")!));
    const short = await callRoute(setPasswordAction, { params: { token }, form: { password: "short", confirm: "short" } });
    expect(short.data.errors).toEqual({ password: "auth.errors.passwordTooShort" });
    const differ = await callRoute(setPasswordAction, { params: { token }, form: { password: "long enough password", confirm: "different password!!" } });
    expect(differ.data.errors).toEqual({ confirm: "auth.errors.passwordsDiffer" });
    expect((await callRoute(setPasswordLoader, { params: { token } })).data.link).not.toBeNull();
  });

  it("gives someone who already has an account a membership, not a second account", async () => {
    const before = db().select().from(users).all().length;
    const result = await invite({ email: "receptionist@bryn.example", givenName: "Siân", familyName: "Llywelyn" });
    expect(result.data.done).toEqual({ email: "receptionist@bryn.example", newAccount: false });
    expect(db().select().from(users).all().length).toBe(before);
    const user = db().select().from(users).where(eq(users.email, "receptionist@bryn.example")).get()!;
    const orgs = db()
      .select({ code: organisations.code })
      .from(memberships)
      .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
      .where(eq(memberships.userId, user.id))
      .all()
      .map((o) => o.code)
      .sort();
    expect(orgs).toEqual(["X99001", "XA1"]);
    expect(readOutbox().some((m) => m.to === "receptionist@bryn.example")).toBe(false);

    const twice = await invite({ email: "receptionist@bryn.example" });
    expect(twice.status).toBe(400);
    expect(twice.data.errors).toEqual({ email: "manage.errors.alreadyMember" });
  });

  it("rejects a unit from another organisation and a bad date, adding no one", async () => {
    const brynUnit = db().$client.prepare("SELECT u.id FROM units u JOIN organisations o ON o.id = u.organisation_id WHERE o.code = 'X99001'").pluck().get() as number;
    const before = db().select().from(users).all().length;
    const wrongUnit = await invite({ email: "wrong.unit@riverside.example", unitId: String(brynUnit) });
    expect(wrongUnit.data.errors).toEqual({ unitId: "manage.errors.unitInvalid" });
    const badDate = await invite({ email: "bad.date@riverside.example", startDate: "31/02/2026" });
    expect(badDate.data.errors).toEqual({ startDate: "manage.errors.startDateInvalid" });
    expect(db().select().from(users).all().length).toBe(before);
  });
});

describe("forgotten password", () => {
  it("sends a one-hour link to a real account in its language, and says the same for an unknown one", async () => {
    const known = await callRoute(forgotAction, { form: { email: "receptionist@bryn.example" } });
    const unknown = await callRoute(forgotAction, { form: { email: "nobody@bryn.example" } });
    expect(known.data).toEqual({ errors: {}, email: "receptionist@bryn.example", sent: true });
    expect(unknown.data).toEqual({ errors: {}, email: "nobody@bryn.example", sent: true });
    const email = readOutbox().find((m) => m.to === "receptionist@bryn.example")!;
    expect(email.subject).toBe("Ailosod eich cyfrinair Hanfodion Seiber");
    expect(email.language).toBe("cy");
    expect(readOutbox().some((m) => m.to === "nobody@bryn.example")).toBe(false);

    const token = tokenOf(linkIn(email));
    expect((await callRoute(setPasswordLoader, { params: { token } })).data.link.purpose).toBe("password-reset");
  });
});
