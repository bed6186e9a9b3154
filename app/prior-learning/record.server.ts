import crypto from "node:crypto";
import { and, eq, gt, isNull, lte } from "drizzle-orm";
import { completionImports, completions } from "@db/schema";
import { recordAudit } from "~/audit/audit.server";
import { refreshPeopleCompliance } from "~/compliance/store.server";
import { db } from "~/db.server";
import { majorOf } from "~/learning/completions.server";
import { completionInstant, type CompletionPlan, type ImportScope, type PlannedCompletion } from "./plan.server";

type Transaction = Parameters<Parameters<ReturnType<typeof db>["transaction"]>[0]>[0];

/** How long a checked upload can be confirmed. */
const UPLOAD_LIFETIME_MS = 24 * 60 * 60_000;

/** Who imported, from which system, when. */
export interface ImportedBy {
  userId: string | null;
  /** The system the record comes from, shown beside each completion: "ESR", "Oak Lodge LMS". */
  source: string;
  at: Date;
}

/**
 * The one write path for prior learning: inserts the planned completions that are not yet recorded
 * (the unique index on person, module, course and date makes a replay add nothing) and brings the
 * derived compliance rows of the people concerned up to date, in the caller's transaction.
 */
export function recordPriorLearning(tx: Transaction, planned: PlannedCompletion[], by: ImportedBy): number {
  let added = 0;
  const people = new Set<string>();
  for (const p of planned) {
    const inserted = tx
      .insert(completions)
      .values({
        userId: p.userId,
        moduleSlug: p.moduleSlug,
        moduleVersion: p.moduleVersion,
        majorVersion: majorOf(p.moduleVersion),
        completedAt: completionInstant(p.completedOn),
        scorePercent: null,
        attemptId: null,
        verificationCode: null,
        source: by.source,
        sourceCourse: p.course,
        sourceCourseKey: p.courseKey,
        expiresOn: p.expiresOn,
        importedByUserId: by.userId,
        importedAt: by.at,
      })
      .onConflictDoNothing()
      .run();
    if (inserted.changes > 0) {
      added++;
      people.add(p.userId);
    }
  }
  // One batch for everyone: cheap per person, and the figures commit with the completions.
  if (people.size > 0) refreshPeopleCompliance(tx, people);
  return added;
}

export interface StoredImport {
  id: string;
  organisationId: number | null;
  fileName: string;
  source: string;
  plan: CompletionPlan;
  createdAt: Date;
}

/** Keeps a checked plan for the preview, bound to the person who uploaded it. */
export function storeCompletionImport(input: {
  organisationId: number | null;
  userId: string;
  fileName: string;
  source: string;
  plan: CompletionPlan;
}): string {
  const id = crypto.randomBytes(18).toString("base64url");
  const now = new Date();
  db().delete(completionImports).where(lte(completionImports.expiresAt, now)).run();
  db()
    .insert(completionImports)
    .values({
      id,
      organisationId: input.organisationId,
      uploadedByUserId: input.userId,
      fileName: input.fileName,
      source: input.source,
      plan: input.plan as unknown as Record<string, unknown>,
      createdAt: now,
      expiresAt: new Date(now.getTime() + UPLOAD_LIFETIME_MS),
    })
    .run();
  return id;
}

/** A pending import of this organisation by this person, or undefined (not theirs, applied or expired). */
export function findCompletionImport(
  id: string | undefined,
  organisationId: number | null,
  userId: string,
): StoredImport | undefined {
  if (!id) return undefined;
  const found = db()
    .select()
    .from(completionImports)
    .where(
      and(
        eq(completionImports.id, id),
        eq(completionImports.uploadedByUserId, userId),
        organisationId === null
          ? isNull(completionImports.organisationId)
          : eq(completionImports.organisationId, organisationId),
        gt(completionImports.expiresAt, new Date()),
        isNull(completionImports.appliedAt),
      ),
    )
    .get();
  return found ? { ...found, plan: found.plan as unknown as CompletionPlan } : undefined;
}

export interface ApplyResult {
  added: number;
  unchanged: number;
  problems: number;
}

/**
 * Applies a checked plan in one transaction, once: a completion recorded meanwhile (the same file
 * applied twice) is left as it is by the unique index, so the figures say what was really added.
 */
export function applyCompletionPlan(input: {
  plan: CompletionPlan;
  scope: ImportScope;
  by: ImportedBy & { description: string; via: "web" | "command line" };
  fileName: string;
  importId?: string;
}): ApplyResult {
  return db().transaction(
    (tx) => {
      if (input.importId) {
        const claimed = tx
          .update(completionImports)
          .set({ appliedAt: input.by.at })
          .where(and(eq(completionImports.id, input.importId), isNull(completionImports.appliedAt)))
          .run();
        if (claimed.changes === 0) return { added: 0, unchanged: 0, problems: 0 };
      }
      const added = recordPriorLearning(tx, input.plan.add, input.by);
      const result = {
        added,
        unchanged: input.plan.unchanged.length + input.plan.add.length - added,
        problems: input.plan.problems.length,
      };
      recordAudit(
        {
          action: "completions-imported",
          actorUserId: input.by.userId,
          organisationId: "organisationId" in input.scope ? input.scope.organisationId : null,
          details: {
            file: input.fileName,
            source: input.by.source,
            by: input.by.description,
            via: input.by.via,
            ...result,
          },
        },
        tx,
      );
      return result;
    },
    { behavior: "immediate" },
  );
}
