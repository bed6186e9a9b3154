import path from "node:path";
import { parseArgs } from "node:util";
import { createDb, migrateDb } from "../db/client";
import { assertSafeSeedPath, seedDemo } from "../db/seed";
import { organisations } from "../db/schema";
import { env } from "../app/env.server";

const HELP = `Usage: npm run db:setup [-- --no-seed] [-- --force]

Applies every migration to DATABASE_PATH (default ./data/cyber-basics.db) and,
when the database has no organisations yet, adds the demo organisations and accounts.
  --no-seed  migrate only
  --force    allow seeding a file outside the project and the temp folder`;

const { values } = parseArgs({
  options: { help: { type: "boolean" }, "no-seed": { type: "boolean" }, force: { type: "boolean" } },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const file = env().DATABASE_PATH;
const db = createDb(file);
migrateDb(db);
console.log(`Database ready at ${path.resolve(file)}`);

if (!values["no-seed"]) {
  const empty = !db.select({ id: organisations.id }).from(organisations).limit(1).get();
  if (empty) {
    assertSafeSeedPath(file, process.cwd(), values.force);
    await seedDemo(db);
    console.log("Added the demo organisations and accounts (see README).");
  }
}
db.$client.close();
