import type { QuizQuestion } from "~/content/types";

/** The words the package's quiz shows, in the package's language ({{name}} placeholders filled in the browser). */
export interface PackageQuizText {
  intro: string;
  question: string;
  chooseOne: string;
  chooseAll: string;
  submit: string;
  errorTitle: string;
  errorPrefix: string;
  answerRequired: string;
  answerQuestion: string;
  resultTitle: string;
  passed: string;
  failed: string;
  score: string;
  passedNext: string;
  failedNext: string;
  yourAnswer: string;
  right: string;
  wrong: string;
  whyWrong: string;
  missedSome: string;
  tryAgain: string;
  revisitTitle: string;
  revisitIntro: string;
}

/** quiz.html's data block: the whole bank with its answer key, since the quiz is marked in the browser. */
export interface PackageQuiz {
  passMark: number;
  questionsPerAttempt: number;
  questions: QuizQuestion[];
  /** Each learning outcome with the lesson pages that teach it, shown after a fail for the outcomes missed. */
  outcomes: { id: string; text: string; pages: { file: string; label: string }[] }[];
  text: PackageQuizText;
}

/** What the launch page (index.html) offers the quiz page in its frame: the one SCORM session. */
export interface ScormSession {
  /** Bank positions of the questions this learner has been shown before (from cmi.suspend_data). */
  seen(): number[];
  /** Saves newly drawn questions as seen, as the app saves an attempt's questions when it starts. */
  markSeen(positions: number[]): void;
  /** Reports a marked attempt: cmi.core.score.raw (0-100) and lesson_status passed or failed. */
  recordResult(scorePercent: number, passed: boolean): void;
}

export const QUIZ_DATA_ID = "cb-quiz-data";
export const QUIZ_ROOT_ID = "cb-quiz";
export const CONTENT_FRAME_ID = "cb-content";
export const QUIZ_FILE = "quiz.html";

export function pageFile(number: number): string {
  return `page-${number}.html`;
}
