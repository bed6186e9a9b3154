import path from "node:path";
import { parseArgs } from "node:util";
import { createDb, migrateDb } from "../db/client";
import { assertSafeSeedPath, seedDemo } from "../db/seed";
import { organisations, users } from "../db/schema";
import { env } from "../app/env.server";

const HELP = `Usage: npm run db:setup [-- --no-seed] [-- --force]

Applies every migration to DATABASE_PATH (default ./data/cyber-basics.db). When the database has
no organisations or people yet, adds the demo organisations and accounts, but only to the default database
(DATABASE_PATH unset, and DEMO not false) or when DEMO=true: a database at a configured
DATABASE_PATH never gets demo accounts otherwise.
  --no-seed  migrate only
  --force    allow seeding a file outside the project and the temp folder`;

const { values } = parseArgs({
  options: { help: { type: "boolean" }, "no-seed": { type: "boolean" }, force: { type: "boolean" } },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const { DATABASE_PATH: file, DEMO: demoWanted } = env();
const db = createDb(file);
migrateDb(db);
console.log(`Database ready at ${path.resolve(file)}`);

if (!values["no-seed"]) {
  // A real admin created before any organisation leaves no organisations, but a person.
  const empty =
    !db.select({ id: organisations.id }).from(organisations).limit(1).get() &&
    !db.select({ id: users.id }).from(users).limit(1).get();
  if (empty && !demoWanted) {
    console.log(
      'No demo data: it goes only into the default database or where DEMO=true. Create the first admin with: npm run admin:create -- --email <address> --name "<name>"',
    );
  } else if (empty) {
    assertSafeSeedPath(file, process.cwd(), values.force);
    await seedDemo(db);
    console.log("Added the demo organisations and accounts (see README).");
  }
}
db.$client.close();
