import { and, eq, sql } from "drizzle-orm";
import { moduleProgress } from "@db/schema";
import { db, preparedQuery } from "~/db.server";

const upsertPageView = preparedQuery((database) =>
  database
    .insert(moduleProgress)
    .values({
      userId: sql.placeholder("userId"),
      moduleSlug: sql.placeholder("moduleSlug"),
      pagesSeen: sql.placeholder("pagesSeen"),
      lastPage: sql.placeholder("page"),
      updatedAt: sql.placeholder("now"),
    })
    .onConflictDoUpdate({
      target: [moduleProgress.userId, moduleProgress.moduleSlug],
      set: {
        // Add the page to the JSON array once.
        pagesSeen: sql`CASE WHEN EXISTS (SELECT 1 FROM json_each(${moduleProgress.pagesSeen}) WHERE value = excluded.last_page)
          THEN ${moduleProgress.pagesSeen} ELSE json_insert(${moduleProgress.pagesSeen}, '$[#]', excluded.last_page) END`,
        lastPage: sql`excluded.last_page`,
        updatedAt: sql`excluded.updated_at`,
      },
    })
    .prepare(),
);

/** Remembers that the person opened this lesson page, so they can carry on from here on any device. */
export function recordPageView(userId: string, moduleSlug: string, pageNumber: number, now = new Date()): void {
  upsertPageView().run({ userId, moduleSlug, pagesSeen: [pageNumber], page: pageNumber, now });
}

export function getProgress(userId: string, moduleSlug: string) {
  return db()
    .select({ pagesSeen: moduleProgress.pagesSeen, lastPage: moduleProgress.lastPage })
    .from(moduleProgress)
    .where(and(eq(moduleProgress.userId, userId), eq(moduleProgress.moduleSlug, moduleSlug)))
    .get();
}

export function listProgress(userId: string) {
  return progressQuery().all({ userId });
}
const progressQuery = preparedQuery((database) =>
  database
    .select({
      moduleSlug: moduleProgress.moduleSlug,
      pagesSeen: moduleProgress.pagesSeen,
      lastPage: moduleProgress.lastPage,
    })
    .from(moduleProgress)
    .where(eq(moduleProgress.userId, sql.placeholder("userId")))
    .prepare(),
);
