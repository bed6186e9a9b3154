import { parseArgs } from "node:util";
import { db } from "../app/db.server";
import { deliverDueEmails, outboxCounts, requeueFailedEmails } from "../app/email/outbox.server";
import { closeTransport } from "../app/email/transport.server";

const HELP = `Usage: tsx scripts/send-emails.ts [--retry-failed] [--status]

Delivers every email in the outbox that is due: new ones, ones whose retry time has come (1, 2,
4 ... minutes after a failure, at most 6 hours apart, 10 attempts), and ones a sender that died
left half-sent. Safe to run from cron every minute, and beside the web server: each message is
claimed by one sender at a time. Uses SMTP_URL, or writes .eml files to OUTBOX_DIR without it.

  --retry-failed   give emails that used up their attempts another 10 first
  --status         only print how many emails are queued, sending, sent and failed
  --help           show this`;

const { values } = parseArgs({
  options: {
    "retry-failed": { type: "boolean", default: false },
    status: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const print = (label: string) => {
  const c = outboxCounts();
  console.log(`${label}: ${c.queued} queued, ${c.sending} being sent, ${c.sent} sent, ${c.failed} failed`);
};

if (values.status) {
  print("Outbox");
} else {
  if (values["retry-failed"]) console.log(`Requeued ${requeueFailedEmails()} failed emails.`);
  const report = await deliverDueEmails();
  console.log(
    `Delivered ${report.sent}; ${report.retry} will be retried later; ${report.failed} gave up after ${10} attempts.`,
  );
  print("Outbox now");
}
closeTransport();
db().$client.close();
