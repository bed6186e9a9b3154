import fs from "node:fs";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { desc, eq } from "drizzle-orm";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { emailOutbox, oneTimeTokens, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { sendInvitationEmail } from "~/auth/password-links.server";
import { buildContent } from "~/content/build.server";
import { db } from "~/db.server";
import { sendEmail } from "~/email/mailer.server";
import { MAX_ATTEMPTS, deliverDueEmails, queueEmail, requeueFailedEmails } from "~/email/outbox.server";
import { closeTransport } from "~/email/transport.server";
import { env } from "~/env.server";
import { saveRequirement } from "~/reminders/requirements-editor.server";
import { sendReminders } from "~/reminders/reminders.server";

interface Received {
  from: string;
  to: string[];
  headers: Record<string, string>;
  body: string;
}

/** Headers unfolded, quoted-printable body decoded: enough to read what nodemailer sends. */
function parseMessage(raw: string): Pick<Received, "headers" | "body"> {
  const [head, ...rest] = raw.split(/\r?\n\r?\n/);
  const headers: Record<string, string> = {};
  for (const line of head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/)) {
    const at = line.indexOf(":");
    headers[line.slice(0, at).toLowerCase()] = line.slice(at + 1).trim();
  }
  let body = rest.join("\n\n");
  if (/quoted-printable/i.test(headers["content-transfer-encoding"] ?? "")) {
    body = Buffer.from(
      body
        .replace(/=\r?\n/g, "")
        .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16))),
      "latin1",
    ).toString("utf8");
  }
  return { headers, body: body.replace(/\r\n/g, "\n") };
}

// A real SMTP server on a loopback port. While `refusing`, it answers every recipient with a temporary failure.
const received: Received[] = [];
let refusing = false;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ["STARTTLS", "AUTH"],
  logger: false,
  onRcptTo(_address, _session, callback) {
    if (refusing) callback(Object.assign(new Error("Mailbox busy, try again later"), { responseCode: 451 }));
    else callback();
  },
  onData(stream, session, callback) {
    const chunks: Buffer[] = [];
    stream.on("data", (chunk: Buffer) => chunks.push(chunk));
    stream.on("end", () => {
      received.push({
        from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
        to: session.envelope.rcptTo.map((r) => r.address),
        ...parseMessage(Buffer.concat(chunks).toString("utf8")),
      });
      callback();
    });
  },
});

const temp = fs.mkdtempSync(path.join(os.tmpdir(), "cb-outbox-"));
process.env.CONTENT_BUILD_DIR = path.join(temp, "build");

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  process.env.SMTP_URL = `smtp://127.0.0.1:${(server.server.address() as AddressInfo).port}`;
  vi.spyOn(console, "warn").mockImplementation(() => {});
  await seedDemo(db());
  expect(env().SMTP_URL).toBe(process.env.SMTP_URL);
  const built = await buildContent({
    dir: "tests/fixtures/content/valid",
    outDir: process.env.CONTENT_BUILD_DIR!,
    cacheDir: path.join(temp, "cache"),
    publicDir: path.join(temp, "public"),
  });
  expect(built.ok).toBe(true);
}, 60_000);

afterAll(async () => {
  closeTransport();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  fs.rmSync(temp, { recursive: true, force: true });
});

const row = (id: number) => db().select().from(emailOutbox).where(eq(emailOutbox.id, id)).get()!;
const lastId = () =>
  db().select({ id: emailOutbox.id }).from(emailOutbox).orderBy(desc(emailOutbox.id)).limit(1).get()!.id;
const to = (address: string) => received.filter((m) => m.to.includes(address));

describe("the email outbox, delivering through a real SMTP server", () => {
  it("delivers an invitation straight away, and records it as sent", async () => {
    const user = db().select().from(users).where(eq(users.email, "receptionist@bryn.example")).get()!;
    await sendInvitationEmail(user, "Bryn Medical Practice");
    const [message] = to("receptionist@bryn.example");
    expect(message.headers["content-language"]).toBe("cy");
    expect(message.body).toMatch(/\/set-password\/[\w-]+/);
    expect(row(lastId())).toMatchObject({ status: "sent", attempts: 1, toAddress: "receptionist@bryn.example" });
    expect(message.headers["message-id"]).toBe(row(lastId()).messageId);
    // Nothing is left for the retry job.
    expect(await deliverDueEmails()).toEqual({ sent: 0, retry: 0, failed: 0 });
    expect(to("receptionist@bryn.example")).toHaveLength(1);
  });

  it("keeps a refused message queued, backs off, and sends it on the next run after that", async () => {
    refusing = true;
    const before = Date.now();
    await sendEmail({ to: "refused@riverside.example", subject: "Try again", text: "Hello", language: "en-GB" });
    const id = lastId();
    const queued = row(id);
    expect(queued).toMatchObject({ status: "queued", attempts: 1 });
    expect(queued.lastError).toContain("Mailbox busy");
    expect(queued.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(before + 60_000);

    // A run before the backoff is over leaves it alone; a run while the server still refuses backs off further.
    expect(await deliverDueEmails()).toEqual({ sent: 0, retry: 0, failed: 0 });
    expect(await deliverDueEmails({ now: new Date(Date.now() + 61_000) })).toEqual({ sent: 0, retry: 1, failed: 0 });
    expect(row(id).attempts).toBe(2);
    expect(row(id).nextAttemptAt.getTime()).toBeGreaterThanOrEqual(Date.now() + 61_000 + 2 * 60_000 - 1000);

    refusing = false;
    expect(await deliverDueEmails({ now: new Date(Date.now() + 4 * 60_000) })).toEqual({
      sent: 1,
      retry: 0,
      failed: 0,
    });
    expect(row(id)).toMatchObject({ status: "sent", attempts: 3, lastError: null });
    expect(to("refused@riverside.example")).toHaveLength(1);
    expect(to("refused@riverside.example")[0].headers.subject).toBe("Try again");
  });

  it("sends each message once, even with two senders at once", async () => {
    const ids = Array.from({ length: 12 }, (_, i) =>
      queueEmail({ to: `both${i}@riverside.example`, subject: `Message ${i}`, text: "Hi", language: "en-GB" }),
    );
    const [a, b] = await Promise.all([deliverDueEmails(), deliverDueEmails()]);
    expect(a.sent + b.sent).toBe(12);
    for (let i = 0; i < 12; i++) expect(to(`both${i}@riverside.example`)).toHaveLength(1);
    expect(ids.map((id) => row(id).status)).toEqual(Array(12).fill("sent"));
  });

  it("loses nothing when a sender dies: a message it held is sent once its claim runs out", async () => {
    const id = queueEmail({ to: "orphan@riverside.example", subject: "Orphan", text: "Still here", language: "en-GB" });
    // As a sender leaves a row when the process dies after claiming it, before (or while) sending.
    db()
      .update(emailOutbox)
      .set({ status: "sending", attempts: 1, claimedUntil: new Date(Date.now() + 5 * 60_000) })
      .where(eq(emailOutbox.id, id))
      .run();
    expect((await deliverDueEmails()).sent).toBe(0);
    expect(to("orphan@riverside.example")).toHaveLength(0);
    expect((await deliverDueEmails({ now: new Date(Date.now() + 5 * 60_000 + 1000) })).sent).toBe(1);
    expect(to("orphan@riverside.example")).toHaveLength(1);
    expect(row(id).status).toBe("sent");
  });

  it("gives up after the last attempt, keeping the message, and can be told to try again", async () => {
    refusing = true;
    const id = queueEmail({ to: "never@riverside.example", subject: "Never", text: "x", language: "en-GB" });
    let clock = Date.now();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      await deliverDueEmails({ now: new Date(clock) });
      clock += 7 * 60 * 60_000;
    }
    expect(row(id)).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    refusing = false;
    expect((await deliverDueEmails({ now: new Date(clock) })).sent).toBe(0);
    expect(requeueFailedEmails()).toBe(1);
    expect((await deliverDueEmails()).sent).toBe(1);
    expect(to("never@riverside.example")).toHaveLength(1);
  });

  it("delivers a reminder to the right person, in their language, with a link to the module", async () => {
    const bryn = db().$client.prepare("SELECT * FROM organisations WHERE code = 'X99001'").get() as Parameters<
      typeof saveRequirement
    >[1];
    const manager = db().select().from(users).where(eq(users.email, "manager@bryn.example")).get()!;
    saveRequirement(manager.id, bryn, {
      moduleSlug: "password-basics",
      staffGroup: null,
      required: true,
      renewalDays: 365,
      graceDays: 30,
    });
    // The invitation above went out over a week ago: reminders wait 7 days after an invitation.
    db()
      .update(oneTimeTokens)
      .set({ createdAt: new Date(Date.now() - 8 * 24 * 60 * 60_000) })
      .where(eq(oneTimeTokens.purpose, "invitation"))
      .run();
    const report = await sendReminders({ organisationId: bryn.id });
    expect(report.people).toBeGreaterThan(0);
    expect(await deliverDueEmails()).toEqual({ sent: report.outboxIds.length, retry: 0, failed: 0 });

    const [welsh] = to("receptionist@bryn.example").filter((m) =>
      m.headers.subject.startsWith("Hanfodion Seiber: mae eich"),
    );
    expect(welsh.to).toEqual(["receptionist@bryn.example"]);
    expect(welsh.headers["content-language"]).toBe("cy");
    expect(welsh.body).toContain("Annwyl Siân,");
    // The module's Welsh title, and the date in Welsh.
    expect(welsh.body).toMatch(
      /- Hanfodion cyfrineiriau: yn hwyr ers \d+ (Ionawr|Chwefror|Mawrth|Ebrill|Mai|Mehefin|Gorffennaf|Awst|Medi|Hydref|Tachwedd|Rhagfyr) \d{4}/,
    );
    expect(welsh.body).toContain(`${env().APP_URL}/learn/password-basics`);
    const [english] = to("manager@bryn.example");
    expect(english.headers["content-language"]).toBe("en-GB");
    expect(english.headers.subject).toBe("Cyber Basics: your cyber security training is due");
  });
});
