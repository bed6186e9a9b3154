import fs from "node:fs";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import type { OutboxEmail } from "@db/schema";
import { env } from "~/env.server";

export const FROM = '"Cyber Basics" <no-reply@cyberbasics.example>';
export const MESSAGE_ID_DOMAIN = "cyberbasics.example";

let transport: { url: string | undefined; transporter: Transporter } | undefined;

function getTransport(): Transporter {
  const url = env().SMTP_URL;
  if (!transport || transport.url !== url) {
    transport?.transporter.close();
    const transporter = url
      ? // Short timeouts: a web request that sends an invitation must not hang on a dead server;
        // the message is already in the outbox and the next run delivers it.
        nodemailer.createTransport({ url, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 })
      : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
    transport = { url, transporter };
  }
  return transport.transporter;
}

/** The .eml file name for a row: by creation time then id, so a folder listing reads oldest first. */
function emlFileName(email: OutboxEmail): string {
  return `${email.createdAt.toISOString().replace(/[:.]/g, "-")}-${String(email.id).padStart(10, "0")}.eml`;
}

/**
 * Hands one outbox row to SMTP_URL when it is set; otherwise writes the message as an .eml file to
 * OUTBOX_DIR, so the demo works offline and you can open what would have been sent. The file is
 * named after the row, so delivering a row again overwrites rather than duplicates. Throws when
 * the server refuses.
 */
export async function transmit(email: OutboxEmail): Promise<void> {
  const info = await getTransport().sendMail({
    from: FROM,
    to: email.toAddress,
    subject: email.subject,
    text: email.body,
    messageId: email.messageId,
    date: email.createdAt,
    headers: { "Content-Language": email.language },
  });
  if (!env().SMTP_URL) {
    const dir = env().OUTBOX_DIR;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, emlFileName(email)), (info as unknown as { message: Buffer }).message);
  }
}

/** Closes an SMTP connection pool, so a command-line job can exit. */
export function closeTransport(): void {
  transport?.transporter.close();
  transport = undefined;
}
