import { integer, primaryKey, sqliteTable, text, index, uniqueIndex } from "drizzle-orm/sqlite-core";
import { STAFF_GROUPS } from "../enums";
import { organisations } from "./organisation";
import { users } from "./user";

/**
 * Which modules which staff must complete, and how often. A row with no organisation is a national
 * default; a row with no staff group applies to every staff group. The most specific row wins:
 * organisation + staff group, organisation, national + staff group, national.
 */
export const requirements = sqliteTable(
  "requirements",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organisationId: integer("organisation_id").references(() => organisations.id),
    staffGroup: text("staff_group", { enum: STAFF_GROUPS }),
    moduleSlug: text("module_slug").notNull(),
    required: integer("required", { mode: "boolean" }).notNull().default(true),
    renewalDays: integer("renewal_days").notNull().default(365),
    graceDays: integer("grace_days").notNull().default(30),
  },
  (t) => [index("requirements_lookup_idx").on(t.moduleSlug, t.organisationId, t.staffGroup)],
);

/** Lesson pages a person has opened, per module, so they can stop and carry on elsewhere. */
export const moduleProgress = sqliteTable(
  "module_progress",
  {
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    moduleSlug: text("module_slug").notNull(),
    pagesSeen: text("pages_seen", { mode: "json" }).$type<number[]>().notNull(),
    lastPage: integer("last_page").notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.moduleSlug] })],
);

export interface DrawnQuestion {
  id: string;
  /** Option ids in the order shown. */
  options: string[];
}

/** One quiz attempt: created when the quiz is shown (with the questions drawn), graded once when submitted. */
export const quizAttempts = sqliteTable(
  "quiz_attempts",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    moduleSlug: text("module_slug").notNull(),
    moduleVersion: text("module_version").notNull(),
    language: text("language").notNull(),
    questions: text("questions", { mode: "json" }).$type<DrawnQuestion[]>().notNull(),
    startedAt: integer("started_at", { mode: "timestamp_ms" }).notNull(),
    submittedAt: integer("submitted_at", { mode: "timestamp_ms" }),
    answers: text("answers", { mode: "json" }).$type<Record<string, string[]>>(),
    correctCount: integer("correct_count"),
    questionCount: integer("question_count").notNull(),
    scorePercent: integer("score_percent"),
    passed: integer("passed", { mode: "boolean" }),
    /** The person's first submitted attempt at this module: what outcome insight counts. */
    isFirstAttempt: integer("is_first_attempt", { mode: "boolean" }),
    /** Started by someone who completed the module before, without reading the lessons first. */
    quizFirst: integer("quiz_first", { mode: "boolean" }).notNull().default(false),
  },
  (t) => [index("quiz_attempts_user_module_idx").on(t.userId, t.moduleSlug, t.startedAt)],
);

/** Each answered question of a submitted attempt, for learning-outcome insight. */
export const attemptAnswers = sqliteTable(
  "attempt_answers",
  {
    attemptId: text("attempt_id")
      .notNull()
      .references(() => quizAttempts.id),
    questionId: text("question_id").notNull(),
    outcomeId: text("outcome_id").notNull(),
    correct: integer("correct", { mode: "boolean" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.attemptId, t.questionId] })],
);

/** A passed attempt that counts, for every organisation the person belongs to. */
export const completions = sqliteTable(
  "completions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    userId: text("user_id")
      .notNull()
      .references(() => users.id),
    moduleSlug: text("module_slug").notNull(),
    moduleVersion: text("module_version").notNull(),
    majorVersion: integer("major_version").notNull(),
    completedAt: integer("completed_at", { mode: "timestamp_ms" }).notNull(),
    /** Null for prior learning: we never saw the score. */
    scorePercent: integer("score_percent"),
    attemptId: text("attempt_id").references(() => quizAttempts.id),
    /** Printed on the certificate; anyone can check it at /verify/<code>. Null for prior learning: no certificate of ours. */
    verificationCode: text("verification_code"),
    /** Passed first time by someone who took the quiz before the lessons (see quiz-first). */
    quizFirst: integer("quiz_first", { mode: "boolean" }).notNull().default(false),
    /** Prior learning: the system it was recorded in ("ESR"); null for training done here. */
    source: text("source"),
    /** Prior learning: the course or competence name as the file gave it. */
    sourceCourse: text("source_course"),
    /** sourceCourse as matched (courseNameKey): with user, module and day, what makes a replayed row the same. */
    sourceCourseKey: text("source_course_key"),
    /** Prior learning: the first day (YYYY-MM-DD) it no longer counts, when the file gave one. */
    expiresOn: text("expires_on"),
    importedByUserId: text("imported_by_user_id").references(() => users.id),
    importedAt: integer("imported_at", { mode: "timestamp_ms" }),
  },
  (t) => [
    uniqueIndex("completions_verification_code_unique").on(t.verificationCode),
    uniqueIndex("completions_attempt_unique").on(t.attemptId),
    index("completions_user_module_idx").on(t.userId, t.moduleSlug, t.completedAt),
    uniqueIndex("completions_prior_unique").on(t.userId, t.moduleSlug, t.sourceCourseKey, t.completedAt),
  ],
);

/**
 * Which outside courses or competences count as which modules: the national "Data Security Awareness -
 * Level 1", or its ESR competence name, for the modules that cover its objectives. Kept by system admins.
 */
export const courseMappings = sqliteTable(
  "course_mappings",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** As the admin typed it; exported as the competence name when esrCompetence. */
    name: text("name").notNull(),
    /** courseNameKey(name): matched ignoring case, spacing and punctuation. */
    nameKey: text("name_key").notNull(),
    moduleSlug: text("module_slug").notNull(),
    /** The name ESR knows the competence by: what the ESR-ready export writes for these modules. */
    esrCompetence: integer("esr_competence", { mode: "boolean" }).notNull().default(false),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("course_mappings_name_module_unique").on(t.nameKey, t.moduleSlug)],
);

export type CourseMapping = typeof courseMappings.$inferSelect;

export type Requirement = typeof requirements.$inferSelect;
export type QuizAttempt = typeof quizAttempts.$inferSelect;
export type Completion = typeof completions.$inferSelect;
