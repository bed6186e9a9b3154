import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";

const HELP = `Usage: npm run export:compliance -- --org <code> [--kind staff|summary] [--format csv|xlsx|json]
                                  [--out <file>] [--language en-GB|cy] [--module <slug>]

Writes an organisation's training compliance export, the same file a manager downloads from
/manage/<code>/exports: the organisation summary or the staff list, as CSV (UTF-8 with a byte order
mark, for Excel), an Excel workbook or JSON. Reads DATABASE_PATH (default ./data/cyber-basics.db).
The export is recorded in the audit trail as run from the command line by your user name, which is
also printed at the top of the file.

  --org <code>       the organisation's code, for example XA1 (required)
  --kind <kind>      staff (default) or summary
  --format <format>  csv (default), xlsx or json
  --out <file>       where to write it (default: the usual file name in the current folder; - for stdout)
  --language <lang>  en-GB (default) or cy, for column names and labels
  --module <slug>    only this module (default: every required module)
  --help             this text`;

const { values } = parseArgs({
  options: {
    org: { type: "string" },
    kind: { type: "string", default: "staff" },
    format: { type: "string", default: "csv" },
    out: { type: "string" },
    language: { type: "string", default: "en-GB" },
    module: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const kinds = ["staff", "summary"] as const;
const formats = ["csv", "xlsx", "json"] as const;
const languages = ["en-GB", "cy"] as const;
const kind = kinds.find((k) => k === values.kind);
const format = formats.find((f) => f === values.format);
const language = languages.find((l) => l === values.language);
if (!values.org || !kind || !format || !language) {
  console.error(HELP);
  process.exit(2);
}

const { eq } = await import("drizzle-orm");
const { organisations } = await import("../db/schema");
const { db } = await import("../app/db.server");
const { env } = await import("../app/env.server");
const { exportCompliance } = await import("../app/compliance/exports.server");
const { moduleInfo } = await import("../app/compliance/figures.server");

const organisation = db().select().from(organisations).where(eq(organisations.code, values.org)).get();
if (!organisation) {
  console.error(`No organisation with the code ${values.org}.`);
  process.exit(1);
}
const module = values.module ? moduleInfo(language).find((m) => m.slug === values.module) : undefined;
if (values.module && !module) {
  console.error(`No module ${values.module} in the content catalogue.`);
  process.exit(1);
}

const user = os.userInfo().username;
const result = await exportCompliance({
  organisation,
  kind,
  format,
  filters: module ? { moduleId: module.id } : {},
  language,
  by: { description: `${user} (command line on ${os.hostname()})`, userId: null, via: "command line" },
  databasePath: env().DATABASE_PATH,
});

const target = values.out ?? result.fileName;
const out: NodeJS.WritableStream = target === "-" ? process.stdout : fs.createWriteStream(target);
for await (const chunk of result.body) {
  // Respect backpressure: wait for the file to take the chunk before reading the next rows.
  if (!out.write(chunk)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
}
if (target !== "-") {
  await new Promise<void>((resolve, reject) =>
    (out as fs.WriteStream).end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  console.error(`Wrote ${path.resolve(target)}`);
}
