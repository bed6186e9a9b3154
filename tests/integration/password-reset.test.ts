import type { AddressInfo } from "node:net";
import { eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { emailOutbox, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
import { backgroundDeliveryIdle } from "~/email/mailer.server";
import { closeTransport } from "~/email/transport.server";
import { loader as rootLoader } from "~/root";
import { action as forgotAction } from "~/routes/forgot-password";
import { action as setPasswordAction, loader as setPasswordLoader } from "~/routes/set-password.$token";
import { signIn } from "../support/auth";
import { callRoute } from "../support/routes";

// A real SMTP server that takes 1.5 s over every message, as a busy relay does.
const SLOW_MS = 1_500;
const delivered: string[] = [];
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onData(stream, session, callback) {
    stream.resume();
    stream.on("end", () =>
      setTimeout(() => {
        delivered.push(...session.envelope.rcptTo.map((r) => r.address));
        callback();
      }, SLOW_MS),
    );
  },
});

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  vi.spyOn(console, "warn").mockImplementation(() => {});
  await seedDemo(db());
});

afterAll(async () => {
  await backgroundDeliveryIdle();
  closeTransport();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const queuedFor = (email: string) => db().select().from(emailOutbox).where(eq(emailOutbox.toAddress, email)).all();
const linkOf = (body: string) => body.match(/\/set-password\/([A-Za-z0-9_-]+)/)![1];

async function timed(email: string, clientIp: string) {
  const started = performance.now();
  const result = await callRoute(forgotAction, { form: { email }, clientIp });
  return { result, ms: performance.now() - started };
}

describe("asking for a password reset", () => {
  it("answers as fast for a real account as for an unknown one: the email is queued, not sent inline", async () => {
    const known = await timed("receptionist@bryn.example", "198.51.100.20");
    const unknown = await timed("nobody@bryn.example", "198.51.100.20");
    expect(known.result.data).toEqual({ errors: {}, email: "receptionist@bryn.example", sent: true });
    expect(unknown.result.data).toEqual({ errors: {}, email: "nobody@bryn.example", sent: true });
    expect(known.ms).toBeLessThan(SLOW_MS / 3);
    expect(Math.abs(known.ms - unknown.ms)).toBeLessThan(SLOW_MS / 3);
    expect(queuedFor("receptionist@bryn.example")).toHaveLength(1);
    await backgroundDeliveryIdle();
    expect(delivered).toContain("receptionist@bryn.example");
    expect(queuedFor("receptionist@bryn.example")[0].status).toBe("sent");
  });

  it("sends at most three links an hour to one email, whoever asks, and says so", async () => {
    for (let i = 0; i < 3; i++)
      expect(
        (await callRoute(forgotAction, { form: { email: "carer@oaklodge.example" }, clientIp: `198.51.100.${30 + i}` }))
          .status,
      ).toBe(200);
    const fourth = await callRoute(forgotAction, {
      form: { email: "carer@oaklodge.example" },
      clientIp: "198.51.100.40",
    });
    expect(fourth.status).toBe(429);
    expect(fourth.data.errors).toEqual({ email: "auth.errors.resetRateLimited" });
    // Unknown emails are counted the same way, so the answer says nothing about who has an account.
    for (let i = 0; i < 3; i++)
      await callRoute(forgotAction, { form: { email: "ghost@oaklodge.example" }, clientIp: `198.51.100.${50 + i}` });
    expect(
      (await callRoute(forgotAction, { form: { email: "ghost@oaklodge.example" }, clientIp: "198.51.100.60" })).status,
    ).toBe(429);
    expect(queuedFor("carer@oaklodge.example")).toHaveLength(3);
  });

  it("sends at most thirty an hour from one address", async () => {
    const ip = "203.0.113.250";
    for (let i = 0; i < 30; i++)
      expect(
        (await callRoute(forgotAction, { form: { email: `person${i}@riverside.example` }, clientIp: ip })).status,
      ).toBe(200);
    expect((await callRoute(forgotAction, { form: { email: "manager@riverside.example" }, clientIp: ip })).status).toBe(
      429,
    );
    expect(queuedFor("manager@riverside.example")).toHaveLength(0);
    expect(
      (await callRoute(forgotAction, { form: { email: "manager@riverside.example" }, clientIp: "203.0.113.251" }))
        .status,
    ).toBe(200);
  });
});

describe("using a reset link", () => {
  it("ends every other session of the person and voids every older link", async () => {
    const laptop = await signIn("nurse@riverside.example", undefined, "192.0.2.1");
    const wardPc = await signIn("nurse@riverside.example", undefined, "192.0.2.2");
    await callRoute(forgotAction, { form: { email: "nurse@riverside.example" }, clientIp: "192.0.2.3" });
    await callRoute(forgotAction, { form: { email: "nurse@riverside.example" }, clientIp: "192.0.2.3" });
    const [older, newer] = queuedFor("nurse@riverside.example").map((m) => linkOf(m.body));

    const used = await callRoute(setPasswordAction, {
      params: { token: newer },
      form: { password: "a brand new passphrase", confirm: "a brand new passphrase" },
    });
    expect(used.status).toBe(302);
    const fresh = used.cookies.find((c) => c.startsWith("cb_session="))!;

    for (const old of [laptop, wardPc]) expect((await callRoute(rootLoader, { cookie: old })).data.user).toBeNull();
    expect((await callRoute(rootLoader, { cookie: fresh })).data.user).not.toBeNull();
    expect((await callRoute(setPasswordLoader, { params: { token: older } })).data.problem).toBe("used");
    const replay = await callRoute(setPasswordAction, {
      params: { token: older },
      form: { password: "an attacker's passphrase", confirm: "an attacker's passphrase" },
    });
    expect(replay.status).toBe(410);
    const nurse = db().select().from(users).where(eq(users.email, "nurse@riverside.example")).get()!;
    expect(nurse.passwordHash).not.toBeNull();
    expect((await callRoute(setPasswordLoader, { params: { token: newer } })).data.problem).toBe("used");
  });
});
