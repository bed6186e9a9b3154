import { and, desc, eq, isNotNull } from "drizzle-orm";
import { z } from "zod";
import { STAFF_GROUPS, completions, memberships, quizAttempts, units, users, type Organisation } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { sendInvitationEmail } from "~/auth/password-links.server";
import { listModules } from "~/content/catalogue.server";
import type { ContentLanguage } from "~/content/types";
import { dayOf, isoOf } from "~/compliance/days";
import { prepared } from "~/compliance/figures.server";
import { ALL_MODULES } from "~/compliance/person-rows.server";
import { STATUS_SQL, type TrainingStatus } from "~/compliance/status";
import { clientOf, ensureComplianceCurrent, refreshPersonCompliance } from "~/compliance/store.server";
import { db } from "~/db.server";
import { recordedElsewhere, recordedKey } from "~/prior-learning/recorded-elsewhere.server";
import { todayIso, ukDate } from "~/utils/dates";
import { signedInBefore } from "./join-requests.server";
import { staffFamilyName, staffGivenName } from "./memberships.server";
import { listUnits } from "./staff.server";

/**
 * One person's membership of the organisation, or null when they have none (or, with `unitIds`, a unit
 * manager's scope, none in those units): the one place that decides whether a manager may see them.
 */
function findMembership(organisationId: number, userId: string, unitIds?: readonly number[]) {
  const row = db()
    .select({
      id: memberships.id,
      userId: memberships.userId,
      givenName: staffGivenName,
      familyName: staffFamilyName,
      email: users.email,
      language: users.language,
      accountGivenName: users.givenName,
      hasPassword: users.passwordHash,
      unitId: memberships.unitId,
      unitName: units.name,
      staffGroup: memberships.staffGroup,
      jobRole: memberships.jobRole,
      employeeNumber: memberships.employeeNumber,
      role: memberships.role,
      startDate: memberships.startDate,
      endDate: memberships.endDate,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .leftJoin(units, eq(units.id, memberships.unitId))
    .where(and(eq(memberships.organisationId, organisationId), eq(memberships.userId, userId)))
    .get();
  if (!row) return null;
  if (unitIds && (row.unitId === null || !unitIds.includes(row.unitId))) return null;
  const accountSetUp = row.hasPassword !== null || signedInBefore(db(), [row.userId]).has(row.userId);
  return { ...row, hasPassword: row.hasPassword !== null, accountSetUp };
}

export interface PersonModuleRow {
  moduleId: number;
  slug: string;
  status: TrainingStatus;
  /** The last day (inclusive) it counts, or by which it is or was due. */
  dueDay: number;
  lastDay: number | null;
  counted: number;
}

/**
 * Everything a manager sees on a person's page: their record here, their required training with the
 * compliance rows' figures (the same as the dashboard's drill-down), quiz attempts and completions.
 */
export function getStaffPerson(
  organisationId: number,
  userId: string,
  language: ContentLanguage,
  unitIds?: readonly number[],
  today = todayIso(),
) {
  const membership = findMembership(organisationId, userId, unitIds);
  if (!membership) return null;
  const database = db();
  ensureComplianceCurrent(database, today);
  const rows = prepared<[Record<string, unknown>], PersonModuleRow>(
    clientOf(database),
    `SELECT r.module_id AS moduleId, coalesce(cm.slug, '') AS slug, ${STATUS_SQL} AS status, r.valid_day - 1 AS dueDay,
       r.last_day AS lastDay, r.counted AS counted
     FROM compliance_rows r LEFT JOIN compliance_modules cm ON cm.id = r.module_id
     WHERE r.organisation_id = :organisationId AND r.user_id = :userId
     ORDER BY r.module_id`,
  ).all({ organisationId, userId, today: dayOf(today) });
  const titles = new Map(listModules(language).map((m) => [m.slug, m.title]));
  const titleOf = (slug: string) => titles.get(slug) ?? slug;
  const elsewhere = recordedElsewhere([userId]);
  const overall = rows.find((r) => r.moduleId === ALL_MODULES) ?? null;
  const training = rows
    .filter((r) => r.moduleId !== ALL_MODULES)
    .map((r) => ({
      slug: r.slug,
      title: titleOf(r.slug),
      status: r.status,
      dueDay: r.dueDay,
      lastDay: r.lastDay,
      recordedIn:
        r.lastDay === null ? null : (elsewhere.get(recordedKey(userId, r.slug, isoOf(r.lastDay)))?.source ?? null),
    }));
  const attempts = database
    .select({
      id: quizAttempts.id,
      moduleSlug: quizAttempts.moduleSlug,
      submittedAt: quizAttempts.submittedAt,
      scorePercent: quizAttempts.scorePercent,
      passed: quizAttempts.passed,
    })
    .from(quizAttempts)
    .where(and(eq(quizAttempts.userId, userId), isNotNull(quizAttempts.submittedAt)))
    .orderBy(desc(quizAttempts.submittedAt))
    .all()
    .map((a) => ({
      id: a.id,
      title: titleOf(a.moduleSlug),
      on: ukDate(a.submittedAt!),
      scorePercent: a.scorePercent,
      passed: Boolean(a.passed),
    }));
  const done = database
    .select({
      id: completions.id,
      moduleSlug: completions.moduleSlug,
      moduleVersion: completions.moduleVersion,
      completedAt: completions.completedAt,
      source: completions.source,
    })
    .from(completions)
    .where(eq(completions.userId, userId))
    .orderBy(desc(completions.completedAt))
    .all()
    .map((c) => ({
      id: c.id,
      title: titleOf(c.moduleSlug),
      version: c.moduleVersion,
      on: ukDate(c.completedAt),
      source: c.source,
    }));
  const { hasPassword: _hasPassword, language: _language, accountGivenName: _name, ...shown } = membership;
  return {
    person: {
      ...shown,
      counted: overall ? overall.counted === 1 : false,
      hasLeft: membership.endDate !== null && membership.endDate < today,
    },
    overall: overall ? { status: overall.status, dueDay: overall.dueDay } : null,
    training,
    attempts,
    completions: done,
  };
}

const IsoDateSchema = z
  .string({ error: "manage.errors.endDateInvalid" })
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "manage.errors.endDateInvalid")
  .refine(
    (v) => !Number.isNaN(Date.parse(`${v}T00:00:00Z`)) && new Date(`${v}T00:00:00Z`).toISOString().startsWith(v),
    "manage.errors.endDateInvalid",
  );

/** The person page's forms, told apart by their `intent`. */
export const PersonActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("resend-invitation") }),
  z.object({
    intent: z.literal("change-placement"),
    unitId: z.union([z.literal(""), z.coerce.number().int().positive()], { error: "manage.errors.unitInvalid" }),
    staffGroup: z.enum(STAFF_GROUPS, { error: "manage.errors.staffGroupRequired" }),
  }),
  z.object({ intent: z.literal("mark-leaver"), endDate: IsoDateSchema }),
]);
export type PersonAction = z.infer<typeof PersonActionSchema>;

export type PersonActionResult =
  { ok: true } | { ok: false; field: string; message: string } | { ok: false; notFound: true };

/**
 * Does what a manager asked on a person's page, audited, in one transaction with the compliance rows'
 * refresh (so a leaver leaves the figures at once, by the usual rules).
 */
export async function actOnStaffPerson(
  actorUserId: string,
  organisation: Pick<Organisation, "id" | "name">,
  userId: string,
  input: PersonAction,
  unitIds?: readonly number[],
  today = todayIso(),
): Promise<PersonActionResult> {
  const membership = findMembership(organisation.id, userId, unitIds);
  if (!membership) return { ok: false, notFound: true };
  const audit = { actorUserId, organisationId: organisation.id, subjectUserId: userId };

  if (input.intent === "resend-invitation") {
    if (membership.endDate !== null && membership.endDate < today)
      return { ok: false, field: "resend", message: "manage.errors.hasLeft" };
    if (membership.accountSetUp) return { ok: false, field: "resend", message: "manage.errors.alreadySetUp" };
    recordAudit({ ...audit, action: "invitation-sent", details: { resent: true } });
    await sendInvitationEmail(
      { id: userId, email: membership.email, givenName: membership.accountGivenName, language: membership.language },
      organisation.name,
    );
    return { ok: true };
  }

  if (input.intent === "change-placement") {
    const unitId = input.unitId === "" ? null : input.unitId;
    const allowed = listUnits(organisation.id).filter((u) => !unitIds || unitIds.includes(u.id));
    if ((unitId === null && unitIds) || (unitId !== null && !allowed.some((u) => u.id === unitId)))
      return { ok: false, field: "unitId", message: "manage.errors.unitInvalid" };
    if (unitId === membership.unitId && input.staffGroup === membership.staffGroup) return { ok: true };
    db().transaction((tx) => {
      tx.update(memberships)
        .set({ unitId, staffGroup: input.staffGroup })
        .where(eq(memberships.id, membership.id))
        .run();
      refreshPersonCompliance(tx, userId);
      recordAudit(
        {
          ...audit,
          action: "membership-changed",
          details: {
            from: { unitId: membership.unitId, unit: membership.unitName, staffGroup: membership.staffGroup },
            to: { unitId, unit: allowed.find((u) => u.id === unitId)?.name ?? null, staffGroup: input.staffGroup },
          },
        },
        tx,
      );
    });
    return { ok: true };
  }

  if (input.endDate < membership.startDate)
    return { ok: false, field: "endDate", message: "manage.errors.endDateBeforeStart" };
  db().transaction((tx) => {
    tx.update(memberships).set({ endDate: input.endDate }).where(eq(memberships.id, membership.id)).run();
    refreshPersonCompliance(tx, userId);
    recordAudit(
      { ...audit, action: "leaver-marked", details: { endDate: input.endDate, previousEndDate: membership.endDate } },
      tx,
    );
  });
  return { ok: true };
}
