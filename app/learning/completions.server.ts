import crypto from "node:crypto";
import { and, desc, eq, gte, isNotNull, sql } from "drizzle-orm";
import { completions, users, type Completion } from "@db/schema";
import { updateComplianceAfterCompletion } from "~/compliance/store.server";
import { db, preparedOnConnection, preparedQuery, type AnyDatabase } from "~/db.server";
import { ukDate } from "~/utils/dates";

type Transaction = Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0];

export interface NewCompletion {
  userId: string;
  moduleSlug: string;
  moduleVersion: string;
  completedAt: Date;
  scorePercent: number;
  attemptId: string | null;
  quizFirst?: boolean;
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
  const recorded = insertCompletion(tx).get({
    ...completion,
    quizFirst: completion.quizFirst ?? false,
    majorVersion: majorOf(completion.moduleVersion),
    verificationCode: newVerificationCode(),
  })!;
  updateComplianceAfterCompletion(tx, recorded);
  return recorded;
}
const insertCompletion = preparedOnConnection((database) =>
  database
    .insert(completions)
    .values({
      userId: sql.placeholder("userId"),
      moduleSlug: sql.placeholder("moduleSlug"),
      moduleVersion: sql.placeholder("moduleVersion"),
      majorVersion: sql.placeholder("majorVersion"),
      completedAt: sql.placeholder("completedAt"),
      scorePercent: sql.placeholder("scorePercent"),
      attemptId: sql.placeholder("attemptId"),
      verificationCode: sql.placeholder("verificationCode"),
      quizFirst: sql.placeholder("quizFirst"),
    })
    .returning()
    .prepare(),
);

/**
 * A completion of this module version the person already has on the same UK day as `now`: passing
 * again that day (to see more explanations, say) gives no second certificate.
 */
export function sameDayCompletion(
  database: AnyDatabase,
  userId: string,
  moduleSlug: string,
  moduleVersion: string,
  now: Date,
): Completion | undefined {
  const recent = recentCompletionsQuery(database).all({
    userId,
    moduleSlug,
    moduleVersion,
    // A where clause's placeholder is not encoded by its column: the stored milliseconds.
    since: now.getTime() - 86_400_000,
  });
  if (recent.length === 0) return undefined;
  const today = ukDate(now);
  return recent.find((c) => ukDate(c.completedAt) === today);
}
const recentCompletionsQuery = preparedOnConnection((database) =>
  database
    .select()
    .from(completions)
    .where(
      and(
        eq(completions.userId, sql.placeholder("userId")),
        eq(completions.moduleSlug, sql.placeholder("moduleSlug")),
        eq(completions.moduleVersion, sql.placeholder("moduleVersion")),
        gte(completions.completedAt, sql.placeholder("since")),
      ),
    )
    .orderBy(desc(completions.completedAt))
    .prepare(),
);

/** The completion a passed attempt gave, or the one it joined because it passed the same day. */
export function completionForPassedAttempt(
  attemptId: string,
  userId: string,
  moduleSlug: string,
  moduleVersion: string,
  submittedAt: Date,
): Completion | undefined {
  return completionForAttempt(attemptId) ?? sameDayCompletion(db(), userId, moduleSlug, moduleVersion, submittedAt);
}

/** Every completion a person has, newest first: their training history. */
export function listCompletions(userId: string): Completion[] {
  return completionsQuery().all({ userId });
}
const completionsQuery = preparedQuery((database) =>
  database
    .select()
    .from(completions)
    .where(eq(completions.userId, sql.placeholder("userId")))
    .orderBy(desc(completions.completedAt))
    .prepare(),
);

/** A completion made here, with our certificate: prior learning recorded elsewhere has none. */
export type CertifiedCompletion = Completion & { verificationCode: string; scorePercent: number };

export function isCertified(completion: Completion): completion is CertifiedCompletion {
  return completion.source === null && completion.verificationCode !== null && completion.scorePercent !== null;
}

/** One of the person's own completions that has our certificate; prior learning never does. */
export function getOwnCompletion(userId: string, completionId: number): CertifiedCompletion | undefined {
  const found = db()
    .select()
    .from(completions)
    .where(and(eq(completions.id, completionId), eq(completions.userId, userId)))
    .get();
  return found && isCertified(found) ? found : undefined;
}

/** What a certificate check may show: the certificate's own facts and nothing else. */
export function findCertificate(code: string) {
  const found = db()
    .select({
      completion: completions,
      givenName: users.givenName,
      familyName: users.familyName,
    })
    .from(completions)
    .innerJoin(users, eq(users.id, completions.userId))
    .where(and(eq(completions.verificationCode, code.trim().toUpperCase()), isNotNull(completions.verificationCode)))
    .get();
  return found && isCertified(found.completion) ? { ...found, completion: found.completion } : undefined;
}

export function completionForAttempt(attemptId: string): Completion | undefined {
  return db().select().from(completions).where(eq(completions.attemptId, attemptId)).get();
}
