import { and, eq, sql } from "drizzle-orm";
import { moduleProgress } from "@db/schema";
import { db, preparedQuery, preparedSql } from "~/db.server";

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

/**
 * Whether recording this view would change nothing anyone reads: the page is already the last one
 * seen and among the pages seen, and the progress was updated after the person's latest quiz
 * submission and completion of the module (quiz-first asks whether lessons were opened since those,
 * see quiz-first.server.ts).
 */
const pageViewAlreadyRecorded = preparedSql<{ userId: string; moduleSlug: string; page: number }, { found: number }>(
  `SELECT 1 AS found FROM module_progress p
   WHERE p.user_id = @userId AND p.module_slug = @moduleSlug AND p.last_page = @page
     AND EXISTS (SELECT 1 FROM json_each(p.pages_seen) WHERE value = @page)
     AND p.updated_at > coalesce((SELECT max(a.submitted_at) FROM quiz_attempts a WHERE a.user_id = p.user_id AND a.module_slug = p.module_slug), 0)
     AND p.updated_at > coalesce((SELECT max(c.completed_at) FROM completions c WHERE c.user_id = p.user_id AND c.module_slug = p.module_slug), 0)`,
);

/**
 * Remembers that the person opened this lesson page, so they can carry on from here on any device.
 * Opening the page that is already recorded as the last one (a reload, coming back to it) writes
 * nothing when the write would change nothing anyone reads: a write takes the database's one write
 * lock, which every server worker waits on in turn, for every page view.
 */
export function recordPageView(userId: string, moduleSlug: string, pageNumber: number, now = new Date()): void {
  if (pageViewAlreadyRecorded().get({ userId, moduleSlug, page: pageNumber }) !== undefined) return;
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
