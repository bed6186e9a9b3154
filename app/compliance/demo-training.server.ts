import crypto from "node:crypto";
import { asc, eq, inArray } from "drizzle-orm";
import type { Db } from "@db/client";
import { attemptAnswers, memberships, organisations, quizAttempts, users } from "@db/schema";
import { getQuizBank, listModules } from "~/content/catalogue.server";
import { recordCompletion } from "~/learning/completions.server";
import { addDays, daysBetween, todayIso } from "~/utils/dates";

/** Kept without a completion: the compliance browser test finds her behind the "not started" figure. */
const LEFT_FOR_THE_NURSE = { email: "nurse@riverside.example", module: "spotting-phishing" };
/** Stays a new starter with nothing done. */
const NEW_STARTER = "carer@oaklodge.example";

/** A stable number in [0, 1) for a text, so the demo shows the same figures every time it is built. */
function unit(text: string): number {
  return crypto.createHash("sha256").update(text).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * Two years of training for the demo organisations' staff through the real write path, dated from
 * today so every dashboard has figures: most people in date, some due soon, some overdue, some
 * never started, with first quiz attempts (and their answers) for the learning-outcome insight.
 * Does nothing when the content is not built (no module versions to record).
 */
export function seedDemoTraining(db: Db, orgCodes: string[], today = todayIso()): number {
  const modules = listModules("en-GB");
  if (modules.length === 0) return 0;
  const people = db
    .selectDistinct({ id: users.id, email: users.email, startDate: memberships.startDate })
    .from(users)
    .innerJoin(memberships, eq(memberships.userId, users.id))
    .innerJoin(organisations, eq(organisations.id, memberships.organisationId))
    .where(inArray(organisations.code, orgCodes))
    .orderBy(asc(users.email))
    .all();

  let recorded = 0;
  db.transaction((tx) => {
    const seen = new Set<string>();
    for (const person of people) {
      if (seen.has(person.id) || person.email === NEW_STARTER) continue;
      seen.add(person.id);
      for (const module of modules) {
        if (person.email === LEFT_FOR_THE_NURSE.email && module.slug === LEFT_FOR_THE_NURSE.module) continue;
        const r = unit(`${person.email}/${module.slug}`);
        // 1 in 20 never started; 1 in 20 last completed 12-16 months ago (overdue); 1 in 12 due within 30 days.
        if (r < 0.05) continue;
        const spread = unit(`${person.email}/${module.slug}/a`);
        const ago =
          r < 0.1
            ? 366 + Math.floor(spread * 120)
            : r < 0.18
              ? 336 + Math.floor(spread * 29)
              : 5 + Math.floor(spread * 330);
        const dates = [addDays(today, -ago)];
        // The year before, some renewed late: the trend shows the gaps.
        const earlier = ago + 300 + Math.floor(unit(`${person.email}/${module.slug}/b`) * 160);
        if (earlier < 730) dates.unshift(addDays(today, -earlier));
        // A module first published recently has no history from before then: its latest completion
        // falls in the days since, and the older ones are dropped.
        if (module.majorVersion === 1 && dates[dates.length - 1] < module.versionDate) {
          const since = daysBetween(module.versionDate, today);
          dates.splice(0, dates.length, addDays(module.versionDate, Math.floor(spread * (since + 1))));
        }
        dates.forEach((date, index) => {
          if (date < person.startDate) return;
          const version = demoVersionOn(module, date);
          if (version === null) return;
          const completedAt = new Date(`${date}T10:${String(10 + (recorded % 40)).padStart(2, "0")}:00Z`);
          const attemptId = index === 0 ? firstAttempt(tx, person.id, module.slug, version, completedAt) : null;
          recordCompletion(tx, {
            userId: person.id,
            moduleSlug: module.slug,
            moduleVersion: version,
            completedAt,
            scorePercent: 80 + Math.floor(unit(`${person.id}${date}`) * 21),
            attemptId,
          });
          recorded++;
        });
      }
    }
  });
  return recorded;
}

/**
 * The version someone completing a module on `date` took: the current one from its version date, the
 * major version before it until then. A module at its first major version did not exist before its
 * version date, so it has no completions from before then (null).
 */
export function demoVersionOn(
  module: { version: string; majorVersion: number; versionDate: string },
  date: string,
): string | null {
  if (date >= module.versionDate) return module.version;
  return module.majorVersion > 1 ? `${module.majorVersion - 1}.0.0` : null;
}

type Tx = Parameters<Parameters<Db["transaction"]>[0]>[0];

/** A graded first attempt for the outcome insight; about one answer in six is wrong. Returns the id when it passed. */
function firstAttempt(tx: Tx, userId: string, slug: string, version: string, submittedAt: Date): string | null {
  const bank = getQuizBank(slug, "en-GB");
  if (!bank || bank.questions.length === 0) return null;
  const questions = bank.questions.slice(0, bank.questionsPerAttempt);
  const results = questions.map((q) => {
    const correct = unit(`${userId}/${q.id}`) > 0.17;
    const wrong = q.options.find((o) => !o.correct);
    const chosen = correct || !wrong ? q.options.filter((o) => o.correct).map((o) => o.id) : [wrong.id];
    return { q, correct: correct || !wrong, chosen };
  });
  const correctCount = results.filter((r) => r.correct).length;
  const passed = correctCount * 100 >= bank.passMark * questions.length;
  const id = crypto.randomUUID();
  tx.insert(quizAttempts)
    .values({
      id,
      userId,
      moduleSlug: slug,
      moduleVersion: version,
      language: "en-GB",
      questions: questions.map((q) => ({ id: q.id, options: q.options.map((o) => o.id) })),
      startedAt: new Date(submittedAt.getTime() - 12 * 60_000),
      submittedAt,
      answers: Object.fromEntries(results.map((r) => [r.q.id, r.chosen])),
      correctCount,
      questionCount: questions.length,
      scorePercent: Math.floor((correctCount * 100) / questions.length),
      passed,
      isFirstAttempt: true,
    })
    .run();
  tx.insert(attemptAnswers)
    .values(results.map((r) => ({ attemptId: id, questionId: r.q.id, outcomeId: r.q.outcome, correct: r.correct })))
    .run();
  return passed ? id : null;
}
