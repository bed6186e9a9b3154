import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import nodemailer, { type Transporter } from "nodemailer";
import { env } from "~/env.server";

export interface Email {
  to: string;
  subject: string;
  text: string;
  language: string;
}

const FROM = '"Cyber Basics" <no-reply@cyberbasics.example>';

let transport: Transporter | undefined;

function getTransport(): Transporter {
  transport ??= env().SMTP_URL
    ? nodemailer.createTransport(env().SMTP_URL)
    : nodemailer.createTransport({ streamTransport: true, buffer: true, newline: "unix" });
  return transport;
}

/**
 * Sends through SMTP_URL when it is set; otherwise writes the message as an .eml file to
 * OUTBOX_DIR, so the demo works offline and you can open what would have been sent.
 */
export async function sendEmail(email: Email): Promise<void> {
  const info = await getTransport().sendMail({
    from: FROM,
    to: email.to,
    subject: email.subject,
    text: email.text,
    headers: { "Content-Language": email.language },
  });
  if (!env().SMTP_URL) {
    const dir = env().OUTBOX_DIR;
    fs.mkdirSync(dir, { recursive: true });
    const name = `${new Date().toISOString().replace(/[:.]/g, "-")}-${crypto.randomBytes(3).toString("hex")}.eml`;
    fs.writeFileSync(path.join(dir, name), (info as unknown as { message: Buffer }).message);
  }
}
