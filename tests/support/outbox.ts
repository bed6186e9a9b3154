import fs from "node:fs";
import path from "node:path";

export interface SentEmail {
  to: string;
  subject: string;
  body: string;
  language: string;
}

function unfoldQuotedPrintable(text: string): string {
  return text
    .replace(/=\r?\n/g, "")
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** Reads the .eml files the mailer wrote to the outbox folder, oldest first. */
export function readOutbox(dir = process.env.OUTBOX_DIR!): SentEmail[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .sort()
    .map((name) => {
      const raw = fs.readFileSync(path.join(dir, name), "utf8");
      const [head, ...rest] = raw.split(/\r?\n\r?\n/);
      const header = (key: string) => head.match(new RegExp(`^${key}: (.*)$`, "mi"))?.[1]?.trim() ?? "";
      const encoded = /quoted-printable/i.test(header("Content-Transfer-Encoding"));
      const body = rest.join("\n\n");
      return {
        to: header("To"),
        subject: header("Subject"),
        language: header("Content-Language"),
        body: Buffer.from(encoded ? unfoldQuotedPrintable(body) : body, "latin1").toString("utf8"),
      };
    });
}

export function linkIn(email: SentEmail): string {
  const match = email.body.match(/https?:\/\/\S+\/set-password\/[A-Za-z0-9_-]+/);
  if (!match) throw new Error(`No set-password link in: ${email.body}`);
  return match[0];
}
