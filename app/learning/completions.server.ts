import crypto from "node:crypto";
import { and, desc, eq } from "drizzle-orm";
import { completions, users, type Completion } from "@db/schema";
import { updateComplianceAfterCompletion } from "~/compliance/store.server";
import { db } from "~/db.server";

type Transaction = Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0];

export interface NewCompletion {
  userId: string;
  moduleSlug: string;
  moduleVersion: string;
  completedAt: Date;
  scorePercent: number;
  attemptId: string | null;
}

// Unambiguous characters only (no 0/O, 1/I/L), so a code read off paper is typed right.
const CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";

export function newVerificationCode(): string {
  const bytes = crypto.randomBytes(12);
  const chars = [...bytes].map((b) => CODE_ALPHABET[b % CODE_ALPHABET.length]);
  return `${chars.slice(0, 4).join("")}-${chars.slice(4, 8).join("")}-${chars.slice(8, 12).join("")}`;
}

export function majorOf(version: string): number {
  return Number(version.split(".")[0]);
}

/**
 * The one write path for completions: call it inside the transaction that grades the attempt,
 * so a completion exists exactly when its passed attempt does.
 */
export function recordCompletion(tx: Transaction, completion: NewCompletion): Completion {
  const recorded = tx
    .insert(completions)
    .values({ ...completion, majorVersion: majorOf(completion.moduleVersion), verificationCode: newVerificationCode() })
    .returning()
    .get();
  updateComplianceAfterCompletion(tx, recorded);
  return recorded;
}

/** Every completion a person has, newest first: their training history. */
export function listCompletions(userId: string): Completion[] {
  return db().select().from(completions).where(eq(completions.userId, userId)).orderBy(desc(completions.completedAt)).all();
}

export function getOwnCompletion(userId: string, completionId: number): Completion | undefined {
  return db().select().from(completions).where(and(eq(completions.id, completionId), eq(completions.userId, userId))).get();
}

/** What a certificate check may show: the certificate's own facts and nothing else. */
export function findCertificate(code: string) {
  return db()
    .select({
      completion: completions,
      givenName: users.givenName,
      familyName: users.familyName,
    })
    .from(completions)
    .innerJoin(users, eq(users.id, completions.userId))
    .where(eq(completions.verificationCode, code.trim().toUpperCase()))
    .get();
}

export function completionForAttempt(attemptId: string): Completion | undefined {
  return db().select().from(completions).where(eq(completions.attemptId, attemptId)).get();
}
