import { and, eq, isNotNull } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { completions, organisations, users } from "@db/schema";
import { seedDemo } from "@db/seed";
import { db } from "~/db.server";
import { getOwnCompletion } from "~/learning/completions.server";
import { checkCompletionRecord } from "~/prior-learning/plan.server";
import { applyCompletionPlan } from "~/prior-learning/record.server";
import { todayIso } from "~/utils/dates";
import { useFixtureContent } from "../support/content";

// The real modules: the default course mapping names them.
const content = useFixtureContent("content/modules");

let orgId: number;
beforeAll(async () => {
  await content.ready;
  await seedDemo(db());
  orgId = db().select().from(organisations).where(eq(organisations.code, "XA1")).get()!.id;
});

const today = todayIso();
const FILE = [
  "ESR Competence Report",
  "Email,Competence Name,Achieved Date,Expiry Date",
  "nurse@riverside.example,Data Security Awareness - Level 1,01/02/2026,01/02/2027",
  "nobody@riverside.example,Data Security Awareness - Level 1,01/02/2026,",
  "nurse@riverside.example,Basket Weaving,01/02/2026,",
  "nurse@riverside.example,Data Security Awareness - Level 1,31/02/2026,",
  "nurse@riverside.example,data security awareness level 1,2099-01-01,",
  "nurse@riverside.example,Data Security Awareness - Level 1,2026-03-01,2026-02-01",
].join("\r\n");

const by = { userId: null, source: "ESR", at: new Date(), description: "test", via: "command line" as const };

describe("prior learning import", () => {
  it("plans good rows by person and module, reports bad rows, and a replay changes nothing", async () => {
    const checked = await checkCompletionRecord(new TextEncoder().encode(FILE), { organisationId: orgId }, today);
    if (!checked.ok) throw new Error(checked.problem.key);
    const { plan } = checked;
    expect(new Set(plan.add.map((p) => p.email))).toEqual(new Set(["nurse@riverside.example"]));
    expect(plan.add.length).toBe(8);
    expect(plan.add[0]).toMatchObject({ completedOn: "2026-02-01", expiresOn: "2027-02-01", row: 3 });
    const reasons = Object.fromEntries(
      plan.problems.map((p) => [p.row, p.problems.map((x) => x.key.split(".").pop())]),
    );
    expect(reasons).toEqual({
      4: ["personUnknown"],
      5: ["courseUnknown"],
      6: ["dateInvalid"],
      7: ["dateInFuture"],
      8: ["expiryBeforeCompletion"],
    });

    const first = applyCompletionPlan({ plan, scope: { organisationId: orgId }, by, fileName: "esr.csv" });
    expect(first.added).toBe(8);
    const again = await checkCompletionRecord(new TextEncoder().encode(FILE), { organisationId: orgId }, today);
    if (!again.ok) throw new Error(again.problem.key);
    expect(again.plan.add).toEqual([]);
    expect(again.plan.unchanged.length).toBe(8);
    expect(applyCompletionPlan({ plan: plan, scope: { organisationId: orgId }, by, fileName: "esr.csv" }).added).toBe(
      0,
    );

    const nurse = db().select().from(users).where(eq(users.email, "nurse@riverside.example")).get()!;
    const prior = db()
      .select()
      .from(completions)
      .where(and(eq(completions.userId, nurse.id), isNotNull(completions.source)))
      .all();
    expect(prior).toHaveLength(8);
    for (const c of prior) {
      expect(c).toMatchObject({ source: "ESR", verificationCode: null, expiresOn: "2027-02-01" });
      expect(getOwnCompletion(nurse.id, c.id)).toBeUndefined();
    }
  });
});
