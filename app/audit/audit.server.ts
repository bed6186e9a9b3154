import { count, desc, eq } from "drizzle-orm";
import { alias } from "drizzle-orm/sqlite-core";
import { auditEvents, organisations, users, type AuditAction } from "@db/schema";
import { db } from "~/db.server";

export interface AuditEntry {
  action: AuditAction;
  actorUserId?: string | null;
  organisationId?: number | null;
  subjectUserId?: string | null;
  details?: Record<string, unknown>;
}

/** Records who did what to whom, and when. Call it inside the same transaction as the change where there is one. */
export function recordAudit(entry: AuditEntry, database: Pick<ReturnType<typeof db>, "insert"> = db()): void {
  database
    .insert(auditEvents)
    .values({
      at: new Date(),
      action: entry.action,
      actorUserId: entry.actorUserId ?? null,
      organisationId: entry.organisationId ?? null,
      subjectUserId: entry.subjectUserId ?? null,
      details: entry.details ?? null,
    })
    .run();
}

const actor = alias(users, "actor");
const subject = alias(users, "subject");

/** Newest first, a page at a time. */
export function listAuditEvents(page: number, pageSize = 50) {
  const rows = db()
    .select({
      id: auditEvents.id,
      at: auditEvents.at,
      action: auditEvents.action,
      details: auditEvents.details,
      actorEmail: actor.email,
      subjectEmail: subject.email,
      organisationName: organisations.name,
    })
    .from(auditEvents)
    .leftJoin(actor, eq(actor.id, auditEvents.actorUserId))
    .leftJoin(subject, eq(subject.id, auditEvents.subjectUserId))
    .leftJoin(organisations, eq(organisations.id, auditEvents.organisationId))
    .orderBy(desc(auditEvents.id))
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .all();
  const total = db().select({ n: count() }).from(auditEvents).get()!.n;
  return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / pageSize)) };
}
