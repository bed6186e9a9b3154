import { inArray, sql } from "drizzle-orm";
import { DEMO_ACCOUNTS } from "@db/demo-data";
import { users } from "@db/schema";
import { preparedQuery } from "~/db.server";

const findDemoAccount = preparedQuery((database) =>
  database
    .select({ found: sql<number>`1` })
    .from(users)
    .where(
      inArray(
        users.email,
        DEMO_ACCOUNTS.map((account) => account.email),
      ),
    )
    .limit(1)
    .prepare(),
);

/** True while any demo account is in the database: every page then says it is a demo site. */
export function isDemoSite(): boolean {
  return findDemoAccount().get() !== undefined;
}
