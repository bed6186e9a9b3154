import { eq } from "drizzle-orm";
import { z } from "zod";
import { organisations, type Organisation } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { db } from "~/db.server";

export const TargetSchema = z.object({
  target: z.coerce
    .number({ error: "manage.target.errors.invalid" })
    .int("manage.target.errors.invalid")
    .min(1, "manage.target.errors.invalid")
    .max(100, "manage.target.errors.invalid"),
});

/** Sets the compliance target the dashboard, exports and evidence pack measure against. */
export function setComplianceTarget(actorUserId: string, organisation: Organisation, target: number): void {
  db().transaction((tx) => {
    tx.update(organisations).set({ complianceTarget: target }).where(eq(organisations.id, organisation.id)).run();
    recordAudit(
      {
        action: "target-changed",
        actorUserId,
        organisationId: organisation.id,
        details: { from: organisation.complianceTarget, to: target },
      },
      tx,
    );
  });
}
