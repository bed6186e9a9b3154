import { parseArgs } from "node:util";
import { createSystemAdmin } from "../app/admin/create-admin.server";
import { db } from "../app/db.server";
import { closeTransport } from "../app/email/transport.server";
import { env } from "../app/env.server";

const HELP = `Usage: npm run admin:create -- --email <address> --name "<full name>" [--language cy]

Creates a system admin on DATABASE_PATH (default ./data/cyber-basics.db) and prints a one-time link
to set their password, which works for 14 days. When SMTP_URL is set the link is also emailed to them.
Run it once on a new deployment for the first admin, who then adds the organisations and their
managers in the app. APP_URL must be the address people use, as the link is built from it.

  --email <address>     the admin's email address (must not have an account yet)
  --name "<full name>"  their name as it should appear, in quotes
  --language <code>     en-GB (default) or cy, for the email and the pages they see first
  --help                show this`;

let values: { email?: string; name?: string; language?: string; help?: boolean };
try {
  ({ values } = parseArgs({
    options: {
      email: { type: "string" },
      name: { type: "string" },
      language: { type: "string" },
      help: { type: "boolean", default: false },
    },
  }));
} catch (error) {
  console.error(`${(error as Error).message}\n\n${HELP}`);
  process.exit(2);
}
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const result = await createSystemAdmin({
  email: values.email!,
  name: values.name!,
  language: values.language as "en-GB" | undefined,
});
if (!result.ok) {
  for (const problem of result.problems) console.error(problem);
  console.error("Run with --help for how to use it.");
  process.exit(1);
}
console.log(`Created a system admin account for ${result.email}.`);
console.log(`Set-password link (works once, for 14 days):\n  ${result.link}`);
if (result.emailed) {
  closeTransport();
  console.log(
    `The link was also emailed to ${result.email} through ${new URL(env().SMTP_URL!).host} (if that failed, npm run emails:send retries it).`,
  );
} else {
  console.log("SMTP_URL is not set, so nothing was emailed: pass the link on yourself, privately.");
}
db().$client.close();
