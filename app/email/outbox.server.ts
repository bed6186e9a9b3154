import crypto from "node:crypto";
import { and, asc, count, eq, inArray, lte, or, sql } from "drizzle-orm";
import { emailOutbox, type OutboxEmail, type OutboxStatus } from "@db/schema";
import { db } from "~/db.server";
import { MESSAGE_ID_DOMAIN, transmit } from "./transport.server";

export interface Email {
  to: string;
  subject: string;
  text: string;
  language: string;
}

/** How long a sender may hold a row before another sender assumes it died and takes the row over. */
export const CLAIM_LEASE_MS = 5 * 60_000;
/** After this many failed deliveries a row is marked failed (kept, and listed by scripts/send-emails.ts). */
export const MAX_ATTEMPTS = 10;

/** 1, 2, 4, 8 ... minutes after each failure, at most 6 hours: about 17 hours of retries in all. */
export function retryDelayMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.max(0, attempts - 1), 6 * 60 * 60_000);
}

type Writer = Pick<ReturnType<typeof db>, "insert">;

/**
 * Writes an email to the outbox and returns its id. Pass the transaction that makes the change the
 * email is about, so the email exists exactly when the change does.
 */
export function queueEmail(email: Email, database: Writer = db(), now = new Date()): number {
  return database
    .insert(emailOutbox)
    .values({
      toAddress: email.to,
      subject: email.subject,
      body: email.text,
      language: email.language,
      messageId: `<${crypto.randomUUID()}@${MESSAGE_ID_DOMAIN}>`,
      createdAt: now,
      nextAttemptAt: now,
    })
    .returning({ id: emailOutbox.id })
    .get().id;
}

function dueCondition(now: Date) {
  return or(
    and(eq(emailOutbox.status, "queued"), lte(emailOutbox.nextAttemptAt, now)),
    and(eq(emailOutbox.status, "sending"), lte(emailOutbox.claimedUntil, now)),
  );
}

/** Takes a due row for this sender, atomically: only one sender can win it. */
function claim(id: number, now: Date): OutboxEmail | undefined {
  return db()
    .update(emailOutbox)
    .set({
      status: "sending",
      attempts: sql`${emailOutbox.attempts} + 1`,
      claimedUntil: new Date(now.getTime() + CLAIM_LEASE_MS),
    })
    .where(and(eq(emailOutbox.id, id), dueCondition(now)))
    .returning()
    .get();
}

export type DeliveryOutcome = "sent" | "retry" | "failed" | "not-due";

/** Delivers one row if it is due and no one else holds it. Never throws: a failure is recorded for a retry. */
export async function deliverOutboxEmail(id: number, now = new Date()): Promise<DeliveryOutcome> {
  const row = claim(id, now);
  if (!row) return "not-due";
  try {
    await transmit(row);
  } catch (error) {
    const gaveUp = row.attempts >= MAX_ATTEMPTS;
    db()
      .update(emailOutbox)
      .set({
        status: gaveUp ? "failed" : "queued",
        claimedUntil: null,
        nextAttemptAt: new Date(now.getTime() + retryDelayMs(row.attempts)),
        lastError: (error instanceof Error ? error.message : String(error)).slice(0, 500),
      })
      .where(and(eq(emailOutbox.id, id), eq(emailOutbox.status, "sending")))
      .run();
    return gaveUp ? "failed" : "retry";
  }
  db()
    .update(emailOutbox)
    .set({ status: "sent", sentAt: new Date(), claimedUntil: null, lastError: null })
    .where(eq(emailOutbox.id, id))
    .run();
  return "sent";
}

export interface DeliveryReport {
  sent: number;
  retry: number;
  failed: number;
}

/**
 * Delivers every row that is due now: new ones, ones whose retry time has come, and ones a dead
 * sender left claimed. Each row is tried once per run.
 */
export async function deliverDueEmails(
  options: { now?: Date; concurrency?: number; onProgress?: (report: DeliveryReport) => void } = {},
): Promise<DeliveryReport> {
  const now = options.now ?? new Date();
  const report: DeliveryReport = { sent: 0, retry: 0, failed: 0 };
  let afterId = 0;
  for (;;) {
    const ids = db()
      .select({ id: emailOutbox.id })
      .from(emailOutbox)
      .where(and(dueCondition(now), sql`${emailOutbox.id} > ${afterId}`))
      .orderBy(asc(emailOutbox.id))
      .limit(200)
      .all()
      .map((r) => r.id);
    if (ids.length === 0) return report;
    afterId = ids[ids.length - 1];
    const queue = [...ids];
    const worker = async () => {
      for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
        const outcome = await deliverOutboxEmail(id, now);
        if (outcome !== "not-due") report[outcome]++;
      }
    };
    await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
    options.onProgress?.(report);
  }
}

/** Gives rows that ran out of attempts another full set. Returns how many. */
export function requeueFailedEmails(now = new Date()): number {
  return db()
    .update(emailOutbox)
    .set({ status: "queued", attempts: 0, nextAttemptAt: now, lastError: null })
    .where(eq(emailOutbox.status, "failed"))
    .run().changes;
}

export function outboxCounts(): Record<OutboxStatus, number> {
  const counts: Record<OutboxStatus, number> = { queued: 0, sending: 0, sent: 0, failed: 0 };
  for (const row of db()
    .select({ status: emailOutbox.status, n: count() })
    .from(emailOutbox)
    .groupBy(emailOutbox.status)
    .all())
    counts[row.status] = row.n;
  return counts;
}

export function getOutboxEmails(ids: number[]): OutboxEmail[] {
  return ids.length ? db().select().from(emailOutbox).where(inArray(emailOutbox.id, ids)).all() : [];
}
