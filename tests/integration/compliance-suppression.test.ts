import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { attemptAnswers, memberships, organisations, quizAttempts, users } from "@db/schema";
import { outcomeInsight } from "~/compliance/insight.server";
import { db } from "~/db.server";

/**
 * Six nurses took their first attempt at spotting phishing; only one of them was asked about acting
 * after a click (two questions, both wrong). That outcome's figure is one person's answers: it must
 * not show, for the nurses or for all staff, although six people took the quiz.
 */
let org: number;

beforeAll(() => {
  const database = db();
  org = database
    .insert(organisations)
    .values({ code: "SU1", name: "Small Numbers Trust", kind: "acute-trust" })
    .returning()
    .get().id;
  for (let i = 0; i < 6; i++) {
    const userId = database
      .insert(users)
      .values({
        id: crypto.randomUUID(),
        email: `nurse${i}@small.example`,
        givenName: `Nurse${i}`,
        familyName: "Small",
      })
      .returning()
      .get().id;
    database
      .insert(memberships)
      .values({ userId, organisationId: org, staffGroup: "nursing-midwifery", startDate: "2020-01-01" })
      .run();
    const id = crypto.randomUUID();
    const at = new Date();
    database
      .insert(quizAttempts)
      .values({
        id,
        userId,
        moduleSlug: "spotting-phishing",
        moduleVersion: "1.0.0",
        language: "en-GB",
        questions: [],
        startedAt: at,
        submittedAt: at,
        questionCount: 3,
        correctCount: 1,
        scorePercent: 33,
        passed: false,
        isFirstAttempt: true,
      })
      .run();
    const answers = [{ attemptId: id, questionId: "q-warning", outcomeId: "spot-warning-signs", correct: true }];
    if (i === 0)
      answers.push(
        { attemptId: id, questionId: "q-click-1", outcomeId: "act-if-clicked", correct: false },
        { attemptId: id, questionId: "q-click-2", outcomeId: "act-if-clicked", correct: false },
      );
    database.insert(attemptAnswers).values(answers).run();
  }
});

describe("learning-outcome insight", () => {
  it("shows no figure built from fewer than 5 people, even in a group of six", () => {
    const [module] = outcomeInsight({ organisationId: org, unitIds: null }, "en-GB");
    expect(module.people).toBe(6);
    const warning = module.outcomes.find((o) => o.id === "spot-warning-signs")!;
    expect(warning.all.percent).toBe(100);
    const clicked = module.outcomes.find((o) => o.id === "act-if-clicked")!;
    expect(clicked.all.percent).toBeNull();
    expect(clicked.byGroup.map((c) => c.percent)).toEqual([null]);
  });
});
