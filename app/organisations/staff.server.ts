import { asc, eq } from "drizzle-orm";
import { z } from "zod";
import { INVITE_ROLES, STAFF_GROUPS, units, type Organisation } from "@db/schema";
import { unitInScope, type Scope } from "~/auth/scope";
import { refreshPersonCompliance } from "~/compliance/store.server";
import { emailField } from "~/auth/forms.server";
import { sendInvitationEmail } from "~/auth/password-links.server";
import { db } from "~/db.server";
import { deliverInBackground } from "~/email/mailer.server";
import { addOrRequestMembership } from "./join-requests.server";

export function listUnits(organisationId: number) {
  return db()
    .select({ id: units.id, name: units.name })
    .from(units)
    .where(eq(units.organisationId, organisationId))
    .orderBy(asc(units.name))
    .all();
}

const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "manage.errors.startDateInvalid")
  .refine((v) => !Number.isNaN(Date.parse(v)), "manage.errors.startDateInvalid");

export const InviteSchema = z.object({
  givenName: z
    .string({ error: "manage.errors.givenNameRequired" })
    .trim()
    .min(1, "manage.errors.givenNameRequired")
    .max(100, "manage.errors.nameTooLong"),
  familyName: z
    .string({ error: "manage.errors.familyNameRequired" })
    .trim()
    .min(1, "manage.errors.familyNameRequired")
    .max(100, "manage.errors.nameTooLong"),
  email: emailField("manage.errors.emailRequired", "manage.errors.emailInvalid"),
  unitId: z.union([z.literal(""), z.coerce.number().int().positive()], { error: "manage.errors.unitInvalid" }),
  staffGroup: z.enum(STAFF_GROUPS, { error: "manage.errors.staffGroupRequired" }),
  jobRole: z.string().trim().max(100, "manage.errors.nameTooLong").default(""),
  startDate: IsoDate,
  role: z.enum(INVITE_ROLES, { error: "manage.errors.roleRequired" }),
});
export type InviteInput = z.infer<typeof InviteSchema>;

export type InviteResult = { ok: true } | { ok: false; field: string; message: string };

/**
 * Invites a person to the organisation (see addOrRequestMembership): a new email gets an account and
 * an invitation; an account that is already someone's own gets a request to join. The manager is told
 * the same either way, so Invite cannot be used to find out who has an account.
 */
export async function inviteStaff(
  actorUserId: string,
  organisation: Organisation,
  scope: Scope,
  input: InviteInput,
): Promise<InviteResult> {
  const unitId = input.unitId === "" ? null : input.unitId;
  if (unitId !== null && !listUnits(organisation.id).some((u) => u.id === unitId)) {
    return { ok: false, field: "unitId", message: "manage.errors.unitInvalid" };
  }
  // A unit manager invites learners into their own units only.
  if (!unitInScope(scope, unitId)) return { ok: false, field: "unitId", message: "manage.errors.unitNotYours" };
  if (scope.unitIds !== null && input.role !== "learner")
    return { ok: false, field: "role", message: "manage.errors.roleNotYours" };

  const outcome = db().transaction((tx) => {
    const result = addOrRequestMembership(
      tx,
      organisation,
      { email: input.email, givenName: input.givenName, familyName: input.familyName },
      {
        unitId,
        staffGroup: input.staffGroup,
        jobRole: input.jobRole,
        employeeNumber: null,
        role: input.role,
        startDate: input.startDate,
        endDate: null,
      },
      actorUserId,
    );
    if (result.kind === "added") refreshPersonCompliance(tx, result.user.id);
    return result;
  });

  if (outcome.kind === "already-member") return { ok: false, field: "email", message: "manage.errors.alreadyMember" };
  if (outcome.kind === "added" && !outcome.user.hasPassword) await sendInvitationEmail(outcome.user, organisation.name);
  if (outcome.kind === "requested") deliverInBackground();
  return { ok: true };
}
