import { and, asc, desc, eq, gt, inArray, isNotNull, lte } from "drizzle-orm";
import {
  auditEvents,
  completions,
  memberships,
  oneTimeTokens,
  organisations,
  reminderLog,
  requirements,
  users,
  type Language,
  type StaffGroup,
} from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import type { Scope } from "~/auth/scope";
import { listModules } from "~/content/catalogue.server";
import type { ModuleSummary } from "~/content/types";
import { db } from "~/db.server";
import { queueEmail } from "~/email/outbox.server";
import { env } from "~/env.server";
import { i18nServer } from "~/i18n/i18n.server";
import { personModuleStatus } from "~/learning/counting-completion";
import { effectiveRequirements } from "~/learning/requirements.server";
import { DUE_SOON_DAYS, type TrainingStatus } from "~/learning/status";
import { activeMembershipFilter } from "~/organisations/memberships.server";
import { daysBetween, todayIso } from "~/utils/dates";
import { formatDate } from "~/utils/format-date";

/** Remind about training due within this many days, or overdue. */
export const REMIND_WITHIN_DAYS = DUE_SOON_DAYS;
/** A person hears about one module at most once in this time; a manager gets one summary in it. */
export const REMINDER_INTERVAL_MS = 7 * 24 * 60 * 60_000;
/**
 * No reminder within this time of an invitation: the invitation already says what is due. A person
 * who would otherwise be reminded is counted as recently invited and left alone.
 */
export const INVITATION_QUIET_MS = 7 * 24 * 60 * 60_000;
/** People handled per transaction. */
const BATCH = 2000;
/** Overdue people listed in one manager summary. */
const SUMMARY_LIMIT = 200;

export interface ReminderOptions {
  /** Only this organisation's current members (their other memberships still count towards what they must do). */
  organisationId?: number;
  /** With organisationId: only its members in these units (a unit manager's scope). */
  unitIds?: number[];
  now?: Date;
  actorUserId?: string | null;
  /** Also email each manager, at most weekly, who in their organisation is overdue. */
  managerSummaries?: boolean;
  /** Work out who would be emailed, write nothing. */
  dryRun?: boolean;
  /** Also list each person who is (or would be) emailed, with their modules. */
  listRecipients?: boolean;
  onProgress?: (done: number) => void;
}

export interface ReminderReport {
  /** People with something due within 30 days or overdue. */
  due: number;
  overdue: number;
  /** People emailed (or who would be) in this run. */
  people: number;
  /** Module reminders in those emails. */
  modules: number;
  /** People left out because every due module was reminded in the last 7 days. */
  recentlyReminded: number;
  /** People left out because they were invited in the last 7 days. */
  recentlyInvited: number;
  summaries: number;
  outboxIds: number[];
  /** With listRecipients: who is (or would be) emailed, in no particular order. */
  recipients: ReminderRecipient[];
}

export interface DueModule {
  slug: string;
  status: TrainingStatus;
  /** The last day it counts (due soon) or the day it ran out (overdue, not started). */
  dueOn: string;
}

export interface ReminderRecipient {
  userId: string;
  givenName: string;
  familyName: string;
  email: string;
  modules: DueModule[];
}

type Translate = Awaited<ReturnType<typeof i18nServer.getFixedT>>;

const isOverdue = (status: TrainingStatus) => status === "overdue" || status === "not-started";

function learnLink(slug: string): string {
  return new URL(`/learn/${slug}`, env().APP_URL).toString();
}

function reminderEmail(
  t: Translate,
  language: Language,
  titles: Map<string, string>,
  givenName: string,
  due: DueModule[],
) {
  const lines = due.map((d) => {
    const title = titles.get(d.slug) ?? d.slug;
    const date = formatDate(d.dueOn, language);
    const line = isOverdue(d.status)
      ? t("reminders.email.overdue", { title, date })
      : t("reminders.email.dueSoon", { title, date });
    return `- ${line}\n  ${learnLink(d.slug)}`;
  });
  return {
    subject: t("reminders.email.subject"),
    text: [
      t("reminders.email.greeting", { name: givenName }),
      t("reminders.email.intro"),
      lines.join("\n\n"),
      t("reminders.email.outro"),
      t("reminders.email.signOff"),
    ].join("\n\n"),
  };
}

/**
 * Emails everyone whose required training is due within 30 days or overdue, in their language, with
 * a link to each module; a module at most once a week per person. Emails are written to the outbox
 * in the same transaction as the record of the reminder, so a reminder is never lost or repeated;
 * deliver them afterwards (deliverDueEmails or deliverInBackground).
 */
export async function sendReminders(options: ReminderOptions = {}): Promise<ReminderReport> {
  const now = options.now ?? new Date();
  const today = todayIso(now);
  const since = new Date(now.getTime() - REMINDER_INTERVAL_MS);
  const translate: Record<Language, Translate> = {
    "en-GB": await i18nServer.getFixedT("en-GB"),
    cy: await i18nServer.getFixedT("cy"),
  };
  const modules: Record<Language, ModuleSummary[]> = { "en-GB": listModules("en-GB"), cy: listModules("cy") };
  const titles: Record<Language, Map<string, string>> = {
    "en-GB": new Map(modules["en-GB"].map((m) => [m.slug, m.title])),
    cy: new Map(modules.cy.map((m) => [m.slug, m.title])),
  };
  const moduleBySlug = new Map(modules["en-GB"].map((m) => [m.slug, m]));
  const slugs = modules["en-GB"].map((m) => m.slug);
  const requirementRows = db().select().from(requirements).all();
  const report: ReminderReport = {
    due: 0,
    overdue: 0,
    people: 0,
    modules: 0,
    recentlyReminded: 0,
    recentlyInvited: 0,
    summaries: 0,
    outboxIds: [],
    recipients: [],
  };
  const invitedSince = new Date(now.getTime() - INVITATION_QUIET_MS);
  /** Per organisation in scope: who is overdue, for the managers' summaries. */
  const overdueByOrganisation = new Map<number, Array<{ name: string; email: string; modules: string[] }>>();

  let afterUserId = "";
  let done = 0;
  for (;;) {
    const scope = and(
      activeMembershipFilter(today),
      options.organisationId === undefined ? undefined : eq(memberships.organisationId, options.organisationId),
      options.organisationId === undefined || options.unitIds === undefined
        ? undefined
        : inArray(memberships.unitId, options.unitIds),
      gt(memberships.userId, afterUserId),
    );
    const userIds = db()
      .selectDistinct({ id: memberships.userId })
      .from(memberships)
      .where(scope)
      .orderBy(asc(memberships.userId))
      .limit(BATCH)
      .all()
      .map((r) => r.id);
    if (userIds.length === 0) break;
    afterUserId = userIds[userIds.length - 1];

    const write = (tx: Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0]) => {
      const people = tx
        .select({
          id: users.id,
          email: users.email,
          givenName: users.givenName,
          familyName: users.familyName,
          language: users.language,
        })
        .from(users)
        .where(inArray(users.id, userIds))
        .all();
      const membershipRows = tx
        .select({
          userId: memberships.userId,
          organisationId: memberships.organisationId,
          staffGroup: memberships.staffGroup,
          startDate: memberships.startDate,
        })
        .from(memberships)
        .where(and(inArray(memberships.userId, userIds), activeMembershipFilter(today)))
        .all();
      const completionRows = tx
        .select({
          userId: completions.userId,
          moduleSlug: completions.moduleSlug,
          completedAt: completions.completedAt,
          majorVersion: completions.majorVersion,
          expiresOn: completions.expiresOn,
        })
        .from(completions)
        .where(inArray(completions.userId, userIds))
        .all();
      const recent = tx
        .select({ userId: reminderLog.userId, moduleSlug: reminderLog.moduleSlug })
        .from(reminderLog)
        .where(and(inArray(reminderLog.userId, userIds), eq(reminderLog.kind, "module"), gt(reminderLog.sentAt, since)))
        .all();
      const recentlyInvited = new Set(
        tx
          .select({ userId: oneTimeTokens.userId })
          .from(oneTimeTokens)
          .where(
            and(
              inArray(oneTimeTokens.userId, userIds),
              eq(oneTimeTokens.purpose, "invitation"),
              gt(oneTimeTokens.createdAt, invitedSince),
              lte(oneTimeTokens.createdAt, now),
            ),
          )
          .all()
          .map((r) => r.userId),
      );

      const group = <T extends { userId: string }>(rows: T[]) => {
        const map = new Map<string, T[]>();
        for (const row of rows) map.set(row.userId, [...(map.get(row.userId) ?? []), row]);
        return map;
      };
      const membershipsOf = group(membershipRows);
      const completionsOf = group(completionRows);
      const remindedOf = new Map<string, Set<string>>();
      for (const r of recent) remindedOf.set(r.userId, (remindedOf.get(r.userId) ?? new Set()).add(r.moduleSlug ?? ""));

      for (const person of people) {
        const personMemberships = (membershipsOf.get(person.id) ?? []).map((m) => ({
          ...m,
          staffGroup: m.staffGroup as StaffGroup,
        }));
        const personCompletions = completionsOf.get(person.id) ?? [];
        const due: DueModule[] = [];
        for (const requirement of effectiveRequirements(personMemberships, slugs, requirementRows)) {
          const module = moduleBySlug.get(requirement.moduleSlug)!;
          const result = personModuleStatus(
            personCompletions.filter((c) => c.moduleSlug === requirement.moduleSlug),
            module,
            requirement,
            today,
          );
          // Due soon, overdue and not started; a new starter once their grace has less than REMIND_WITHIN_DAYS to run.
          if (result.status !== "compliant" && daysBetween(today, result.lastDay) < REMIND_WITHIN_DAYS)
            due.push({ slug: requirement.moduleSlug, status: result.status, dueOn: result.lastDay });
        }
        if (due.length === 0) continue;
        report.due++;
        const overdue = due.filter((d) => isOverdue(d.status));
        if (overdue.length) {
          report.overdue++;
          if (options.managerSummaries) {
            for (const m of personMemberships) {
              if (options.organisationId !== undefined && m.organisationId !== options.organisationId) continue;
              const list = overdueByOrganisation.get(m.organisationId) ?? [];
              list.push({
                name: `${person.givenName} ${person.familyName}`,
                email: person.email,
                modules: overdue.map((d) => d.slug),
              });
              overdueByOrganisation.set(m.organisationId, list);
            }
          }
        }
        const reminded = remindedOf.get(person.id);
        const toSend = due.filter((d) => !reminded?.has(d.slug));
        if (toSend.length === 0) {
          report.recentlyReminded++;
          continue;
        }
        if (recentlyInvited.has(person.id)) {
          report.recentlyInvited++;
          continue;
        }
        report.people++;
        report.modules += toSend.length;
        if (options.listRecipients)
          report.recipients.push({
            userId: person.id,
            givenName: person.givenName,
            familyName: person.familyName,
            email: person.email,
            modules: toSend,
          });
        if (options.dryRun) continue;
        const email = reminderEmail(
          translate[person.language],
          person.language,
          titles[person.language],
          person.givenName,
          toSend,
        );
        const outboxId = queueEmail({ to: person.email, language: person.language, ...email }, tx, now);
        report.outboxIds.push(outboxId);
        tx.insert(reminderLog)
          .values(
            toSend.map((d) => ({
              userId: person.id,
              kind: "module" as const,
              moduleSlug: d.slug,
              sentAt: now,
              outboxId,
            })),
          )
          .run();
      }
    };
    // IMMEDIATE: the check of who was reminded this week and the record of this reminder happen
    // under one write lock, so two runs at once cannot both remind the same person.
    if (options.dryRun) db().transaction(write);
    else db().transaction(write, { behavior: "immediate" });
    done += userIds.length;
    options.onProgress?.(done);
    // Each batch holds the (synchronous) database for a moment; let waiting requests in between.
    await new Promise((resolve) => setImmediate(resolve));
  }

  if (options.managerSummaries)
    report.summaries = queueManagerSummaries(options, overdueByOrganisation, translate, titles, now, since);

  if (!options.dryRun) {
    recordAudit({
      action: "reminders-sent",
      actorUserId: options.actorUserId ?? null,
      organisationId: options.organisationId ?? null,
      details: {
        people: report.people,
        modules: report.modules,
        recentlyReminded: report.recentlyReminded,
        recentlyInvited: report.recentlyInvited,
        summaries: report.summaries,
        ...(options.unitIds === undefined ? {} : { units: options.unitIds.join(", ") }),
      },
    });
  }
  return report;
}

function queueManagerSummaries(
  options: ReminderOptions,
  overdueByOrganisation: Map<number, Array<{ name: string; email: string; modules: string[] }>>,
  translate: Record<Language, Translate>,
  titles: Record<Language, Map<string, string>>,
  now: Date,
  since: Date,
): number {
  const today = todayIso(now);
  const managers = db()
    .select({
      userId: users.id,
      email: users.email,
      givenName: users.givenName,
      language: users.language,
      organisationId: organisations.id,
      organisationCode: organisations.code,
      organisationName: organisations.name,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(
      and(
        // The summary lists the whole organisation's overdue people: its training managers only, not unit managers.
        eq(memberships.role, "manager"),
        activeMembershipFilter(today),
        options.organisationId === undefined ? undefined : eq(memberships.organisationId, options.organisationId),
      ),
    )
    .all();
  let count = 0;
  db().transaction(
    (tx) => {
      for (const manager of managers) {
        const already = tx
          .select({ id: reminderLog.id })
          .from(reminderLog)
          .where(
            and(
              eq(reminderLog.userId, manager.userId),
              eq(reminderLog.kind, "manager-summary"),
              eq(reminderLog.organisationId, manager.organisationId),
              gt(reminderLog.sentAt, since),
            ),
          )
          .get();
        if (already) continue;
        count++;
        if (options.dryRun) continue;
        const t = translate[manager.language];
        const overdue = overdueByOrganisation.get(manager.organisationId) ?? [];
        const lines = overdue
          .slice(0, SUMMARY_LIMIT)
          .map(
            (p) =>
              `- ${t("reminders.summaryEmail.person", { name: p.name, email: p.email, modules: p.modules.map((s) => titles[manager.language].get(s) ?? s).join(", ") })}`,
          );
        if (overdue.length > SUMMARY_LIMIT)
          lines.push(t("reminders.summaryEmail.more", { count: overdue.length - SUMMARY_LIMIT }));
        const link = new URL(`/manage/${manager.organisationCode}/staff`, env().APP_URL).toString();
        const text = [
          t("reminders.email.greeting", { name: manager.givenName }),
          overdue.length
            ? t("reminders.summaryEmail.intro", { organisation: manager.organisationName, count: overdue.length })
            : t("reminders.summaryEmail.none", { organisation: manager.organisationName }),
          lines.join("\n"),
          t("reminders.summaryEmail.link", { link }),
          t("reminders.email.signOff"),
        ]
          .filter(Boolean)
          .join("\n\n");
        const outboxId = queueEmail(
          {
            to: manager.email,
            language: manager.language,
            subject: t("reminders.summaryEmail.subject", { organisation: manager.organisationName }),
            text,
          },
          tx,
          now,
        );
        tx.insert(reminderLog)
          .values({
            userId: manager.userId,
            kind: "manager-summary",
            organisationId: manager.organisationId,
            sentAt: now,
            outboxId,
          })
          .run();
      }
    },
    { behavior: "immediate" },
  );
  return count;
}

/** When this organisation last sent reminders, from the audit trail. */
export function lastReminderRun(organisationId: number): Date | null {
  const row = db()
    .select({ at: auditEvents.at })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, "reminders-sent"), eq(auditEvents.organisationId, organisationId)))
    .orderBy(desc(auditEvents.id))
    .limit(1)
    .get();
  return row?.at ?? null;
}

const byFamilyName = (a: ReminderRecipient, b: ReminderRecipient) =>
  a.familyName.localeCompare(b.familyName, "en-GB") ||
  a.givenName.localeCompare(b.givenName, "en-GB") ||
  a.email.localeCompare(b.email);

/** People's rows on one page of the reminders preview. */
export const PREVIEW_PAGE_SIZE = 50;

export interface PreviewRow {
  name: string;
  email: string;
  module: string;
  overdue: boolean;
  /** Formatted in the page's language. */
  date: string;
}

/**
 * What sending reminders for an organisation now would do: the counts, and one page of who would be
 * emailed about which module and its due date (a row per person and module, by family name).
 */
export async function reminderPreview(scope: Scope, language: Language, page: number) {
  const organisationId = scope.organisationId;
  const report = await sendReminders({
    organisationId,
    unitIds: scope.unitIds ?? undefined,
    dryRun: true,
    listRecipients: true,
  });
  const titles = new Map(listModules(language).map((m) => [m.slug, m.title]));
  // The manager sees the organisation's own spelling of each name (the email greets the person by the account's).
  const hrNames = new Map(
    db()
      .select({ userId: memberships.userId, givenName: memberships.hrGivenName, familyName: memberships.hrFamilyName })
      .from(memberships)
      .where(and(eq(memberships.organisationId, organisationId), isNotNull(memberships.hrGivenName)))
      .all()
      .map((r) => [r.userId, r]),
  );
  const people = report.recipients
    .map((p) => {
      const hr = hrNames.get(p.userId);
      return hr ? { ...p, givenName: hr.givenName ?? p.givenName, familyName: hr.familyName ?? p.familyName } : p;
    })
    .sort(byFamilyName);
  const rows: PreviewRow[] = people.flatMap((p) =>
    p.modules.map((m) => ({
      name: `${p.givenName} ${p.familyName}`,
      email: p.email,
      module: titles.get(m.slug) ?? m.slug,
      overdue: isOverdue(m.status),
      date: formatDate(m.dueOn, language),
    })),
  );
  const pageCount = Math.max(1, Math.ceil(rows.length / PREVIEW_PAGE_SIZE));
  const current = Math.min(page, pageCount);
  return {
    due: report.due,
    overdue: report.overdue,
    people: report.people,
    modules: report.modules,
    recentlyReminded: report.recentlyReminded,
    recentlyInvited: report.recentlyInvited,
    rows: rows.slice((current - 1) * PREVIEW_PAGE_SIZE, current * PREVIEW_PAGE_SIZE),
    page: current,
    pageCount,
  };
}

/** The dry run's list for a terminal: one tab-separated line per person and module, by family name. */
export function recipientTable(
  recipients: ReminderRecipient[],
  title: (slug: string) => string,
  date: (iso: string) => string,
): string {
  const lines = [...recipients]
    .sort(byFamilyName)
    .flatMap((p) =>
      p.modules.map((m) =>
        [
          `${p.givenName} ${p.familyName}`,
          p.email,
          title(m.slug),
          `${isOverdue(m.status) ? "overdue since" : "due by"} ${date(m.dueOn)}`,
        ].join("\t"),
      ),
    );
  return ["Name\tEmail\tModule\tDue", ...lines].join("\n");
}
