import { and, eq, sql } from "drizzle-orm";
import { moduleProgress } from "@db/schema";
import { db } from "~/db.server";

/** Remembers that the person opened this lesson page, so they can carry on from here on any device. */
export function recordPageView(userId: string, moduleSlug: string, pageNumber: number, now = new Date()): void {
  db()
    .insert(moduleProgress)
    .values({ userId, moduleSlug, pagesSeen: [pageNumber], lastPage: pageNumber, updatedAt: now })
    .onConflictDoUpdate({
      target: [moduleProgress.userId, moduleProgress.moduleSlug],
      set: {
        // Add the page to the JSON array once.
        pagesSeen: sql`CASE WHEN EXISTS (SELECT 1 FROM json_each(${moduleProgress.pagesSeen}) WHERE value = ${pageNumber})
          THEN ${moduleProgress.pagesSeen} ELSE json_insert(${moduleProgress.pagesSeen}, '$[#]', ${pageNumber}) END`,
        lastPage: pageNumber,
        updatedAt: now,
      },
    })
    .run();
}

export function getProgress(userId: string, moduleSlug: string) {
  return db()
    .select({ pagesSeen: moduleProgress.pagesSeen, lastPage: moduleProgress.lastPage })
    .from(moduleProgress)
    .where(and(eq(moduleProgress.userId, userId), eq(moduleProgress.moduleSlug, moduleSlug)))
    .get();
}

export function listProgress(userId: string) {
  return db().select({ moduleSlug: moduleProgress.moduleSlug, pagesSeen: moduleProgress.pagesSeen, lastPage: moduleProgress.lastPage }).from(moduleProgress).where(eq(moduleProgress.userId, userId)).all();
}
