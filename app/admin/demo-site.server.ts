import { DEMO_ACCOUNTS } from "@db/demo-data";
import { preparedSql } from "~/db.server";

const DEMO_EMAILS = DEMO_ACCOUNTS.map((account) => account.email);
const findDemoAccount = preparedSql<string[], { found: number }>(
  `SELECT 1 AS found FROM users WHERE email IN (${DEMO_EMAILS.map(() => "?").join(", ")}) LIMIT 1`,
);

/** True while any demo account is in the database: every page then says it is a demo site. */
export function isDemoSite(): boolean {
  return findDemoAccount().get(...DEMO_EMAILS) !== undefined;
}
