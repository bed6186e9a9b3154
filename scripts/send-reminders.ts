import { parseArgs } from "node:util";
import cliProgress from "cli-progress";
import { eq } from "drizzle-orm";
import { organisations } from "../db/schema";
import { db } from "../app/db.server";
import { deliverDueEmails } from "../app/email/outbox.server";
import { closeTransport } from "../app/email/transport.server";
import { listModules } from "../app/content/catalogue.server";
import { recipientTable, sendReminders } from "../app/reminders/reminders.server";
import { formatDate } from "../app/utils/format-date";

const HELP = `Usage: tsx scripts/send-reminders.ts [--org <code>] [--manager-summaries] [--dry-run]

Emails everyone whose required training is due within 30 days or overdue, in their own language,
with a link to each module. A person hears about a module at most once every 7 days, however often
this runs, so run it daily from cron (and weekly with --manager-summaries). The emails are written
to the outbox first, then delivered; anything not delivered is retried by scripts/send-emails.ts.

  --org <code>          only this organisation's staff
  --manager-summaries   also email each manager, at most weekly, who in their organisation is overdue
  --dry-run             list who would be emailed (name, email, module, due date); write and send nothing
  --help                show this`;

const { values } = parseArgs({
  options: {
    org: { type: "string" },
    "manager-summaries": { type: "boolean", default: false },
    "dry-run": { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

let organisationId: number | undefined;
if (values.org) {
  const found = db().select().from(organisations).where(eq(organisations.code, values.org.trim().toUpperCase())).get();
  if (!found) {
    console.error(`No organisation has the code ${values.org}.`);
    process.exit(1);
  }
  organisationId = found.id;
}

const bar = new cliProgress.SingleBar(
  { format: "Checking people {value}", hideCursor: true },
  cliProgress.Presets.shades_classic,
);
bar.start(0, 0);
const report = await sendReminders({
  organisationId,
  managerSummaries: values["manager-summaries"],
  dryRun: values["dry-run"],
  listRecipients: values["dry-run"],
  onProgress: (done) => bar.update(done),
});
bar.stop();

console.log(
  `${values["dry-run"] ? "Dry run: nothing was sent.\n" : ""}People with training due within 30 days or overdue: ${report.due} (${report.overdue} overdue)`,
);
console.log(`Reminded in the last 7 days, left alone: ${report.recentlyReminded}`);
console.log(`Invited in the last 7 days, left alone: ${report.recentlyInvited}`);
console.log(
  `${values["dry-run"] ? "Would email" : "Emailing"} ${report.people} people about ${report.modules} modules; manager summaries: ${report.summaries}`,
);
if (values["dry-run"] && report.recipients.length) {
  const titles = new Map(listModules("en-GB").map((m) => [m.slug, m.title]));
  console.log("");
  console.log(
    recipientTable(
      report.recipients,
      (slug) => titles.get(slug) ?? slug,
      (iso) => formatDate(iso, "en-GB"),
    ),
  );
}
if (!values["dry-run"] && report.outboxIds.length + report.summaries > 0) {
  const delivery = await deliverDueEmails();
  console.log(
    `Delivered ${delivery.sent}; ${delivery.retry + delivery.failed} left in the outbox for scripts/send-emails.ts to retry.`,
  );
}
closeTransport();
db().$client.close();
