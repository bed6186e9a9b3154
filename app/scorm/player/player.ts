/**
 * The SCORM package's one script (bundled by esbuild into assets/player.js). On the launch page
 * (index.html) it holds the SCORM 1.2 session and follows the lesson frame; on quiz.html it draws,
 * shows and marks the quiz and reports through the launch page.
 */
import type { QuizQuestion } from "~/content/types";
import { drawQuestions, shuffle } from "~/quiz/draw";
import {
  CONTENT_FRAME_ID,
  QUIZ_DATA_ID,
  QUIZ_ROOT_ID,
  type PackageQuiz,
  type PackageQuizText,
  type ScormSession,
} from "./types";

/** The SCORM 1.2 runtime API an LMS puts on a window above the package. */
interface Scorm12Api {
  LMSInitialize(arg: ""): string;
  LMSFinish(arg: ""): string;
  LMSGetValue(element: string): string;
  LMSSetValue(element: string, value: string): string;
  LMSCommit(arg: ""): string;
}

declare global {
  interface Window {
    API?: Scorm12Api;
    cbScorm?: ScormSession;
  }
}

function apiOn(win: Window): Scorm12Api | null {
  try {
    return win.API ?? null;
  } catch {
    // A window of another origin: not the LMS's.
    return null;
  }
}

/** SCORM 1.2's discovery: this window and its parents, then the opener and its parents. */
function findApi(start: Window): Scorm12Api | null {
  const search = (from: Window): Scorm12Api | null => {
    let win = from;
    for (let hops = 0; hops < 10; hops++) {
      const api = apiOn(win);
      if (api) return api;
      if (!win.parent || win.parent === win) return null;
      win = win.parent;
    }
    return null;
  };
  return search(start) ?? (start.opener ? search(start.opener as Window) : null);
}

interface Progress {
  /** Lesson pages read. */
  p: number[];
  /** Bank positions of questions shown. */
  s: number[];
}

function readProgress(text: string): Progress {
  try {
    const value = JSON.parse(text) as Partial<Progress>;
    const numbers = (list: unknown) =>
      Array.isArray(list) ? list.filter((n): n is number => Number.isInteger(n)) : [];
    return { p: numbers(value.p), s: numbers(value.s) };
  } catch {
    return { p: [], s: [] };
  }
}

/** CMITimespan: HHHH:MM:SS. */
function timespan(ms: number): string {
  const seconds = Math.floor(ms / 1000);
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${pad(Math.min(9999, Math.floor(seconds / 3600)))}:${pad(Math.floor(seconds / 60) % 60)}:${pad(seconds % 60)}`;
}

const LOCATION = /^(page-\d{1,3}\.html|quiz\.html)$/;

function runLaunchPage(frame: HTMLIFrameElement): void {
  const found = findApi(window);
  // Without a session the pages still work; nothing is reported.
  const api = found && found.LMSInitialize("") === "true" ? found : null;
  const started = Date.now();
  let progress: Progress = { p: [], s: [] };
  let status = "";
  let bestScore = 0;
  let finished = false;

  const set = (element: string, value: string) => api?.LMSSetValue(element, value);
  const commit = () => api?.LMSCommit("");
  const saveProgress = () => {
    set("cmi.suspend_data", JSON.stringify(progress));
    commit();
  };

  let resumeTo: string | null = null;
  if (api) {
    status = api.LMSGetValue("cmi.core.lesson_status");
    progress = readProgress(api.LMSGetValue("cmi.suspend_data"));
    bestScore = Number(api.LMSGetValue("cmi.core.score.raw")) || 0;
    if (status === "" || status === "not attempted") {
      status = "incomplete";
      set("cmi.core.lesson_status", status);
      set("cmi.core.score.min", "0");
      set("cmi.core.score.max", "100");
      commit();
    }
    const location = api.LMSGetValue("cmi.core.lesson_location");
    if (LOCATION.test(location) && !frame.src.endsWith(`/${location}`)) {
      resumeTo = location;
      frame.src = location;
    }
  }

  const onFrameLoad = () => {
    let file: string;
    try {
      file = frame.contentWindow?.location.pathname.split("/").pop() ?? "";
      frame.title = frame.contentDocument?.title || frame.title;
    } catch {
      return;
    }
    // The first page may finish loading before the page being resumed replaces it.
    if (resumeTo && file !== resumeTo) return;
    resumeTo = null;
    if (!LOCATION.test(file)) return;
    const page = /^page-(\d+)\.html$/.exec(file);
    if (page && !progress.p.includes(Number(page[1]))) progress.p.push(Number(page[1]));
    set("cmi.core.lesson_location", file);
    saveProgress();
  };
  frame.addEventListener("load", onFrameLoad);
  // The first page may have loaded before this script ran.
  if (frame.contentDocument?.readyState === "complete" && frame.contentWindow?.location.href !== "about:blank") {
    onFrameLoad();
  }

  window.cbScorm = {
    seen: () => [...progress.s],
    markSeen(positions) {
      progress.s = [...new Set([...progress.s, ...positions])];
      saveProgress();
    },
    recordResult(scorePercent, passed) {
      // Once passed, the module stays passed: a later attempt can only raise the score.
      if (status === "passed" && (!passed || scorePercent <= bestScore)) return;
      bestScore = scorePercent;
      status = passed ? "passed" : "failed";
      set("cmi.core.score.min", "0");
      set("cmi.core.score.max", "100");
      set("cmi.core.score.raw", String(scorePercent));
      set("cmi.core.lesson_status", status);
      commit();
    },
  };

  const finish = () => {
    if (finished || !api) return;
    finished = true;
    set("cmi.core.session_time", timespan(Date.now() - started));
    set("cmi.core.exit", status === "passed" ? "" : "suspend");
    commit();
    api.LMSFinish("");
  };
  window.addEventListener("pagehide", finish);
  window.addEventListener("beforeunload", finish);
}

function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

interface DrawnQuestion {
  position: number;
  question: QuizQuestion;
  options: QuizQuestion["options"];
}

function isRight(question: QuizQuestion, chosen: string[]): boolean {
  const correct = question.options.filter((o) => o.correct).map((o) => o.id);
  return correct.length === chosen.length && correct.every((id) => chosen.includes(id));
}

function runQuiz(root: HTMLElement, quiz: PackageQuiz): void {
  const session = window.parent !== window ? window.parent.cbScorm : undefined;
  const text: PackageQuizText = quiz.text;

  const start = () => {
    const seenPositions = new Set(session?.seen() ?? []);
    const bank = quiz.questions.map((question, position) => ({
      id: String(position),
      outcome: question.outcome,
      position,
    }));
    const seen = new Set([...seenPositions].map(String));
    const drawn: DrawnQuestion[] = drawQuestions(bank, quiz.questionsPerAttempt, seen).map(({ position }) => ({
      position,
      question: quiz.questions[position],
      options: shuffle(quiz.questions[position].options),
    }));
    session?.markSeen(drawn.map((d) => d.position));
    showQuestions(drawn);
  };

  const showQuestions = (drawn: DrawnQuestion[]) => {
    const count = drawn.length;
    const form = element("form", { novalidate: "" });
    const groups = drawn.map((d, index) => {
      const fieldId = `q-${index + 1}`;
      const kind = d.question.multiple ? "checkboxes" : "radios";
      const hint = element(
        "div",
        { class: "nhsuk-hint", id: `${fieldId}-hint` },
        d.question.multiple ? text.chooseAll : text.chooseOne,
      );
      const error = element("span", { class: "nhsuk-error-message", id: `${fieldId}-error`, hidden: "" });
      const items = d.options.map((option, optionIndex) => {
        const id = optionIndex === 0 ? `${fieldId}-input` : `${fieldId}-${optionIndex + 1}`;
        const input = element("input", {
          class: `nhsuk-${kind}__input`,
          id,
          name: fieldId,
          type: d.question.multiple ? "checkbox" : "radio",
          value: option.id,
        });
        return element(
          "div",
          { class: `nhsuk-${kind}__item` },
          input,
          element("label", { class: `nhsuk-label nhsuk-${kind}__label`, for: id }, option.text),
        );
      });
      const legend = element(
        "legend",
        { class: "nhsuk-fieldset__legend nhsuk-fieldset__legend--m" },
        element("span", { class: "nhsuk-caption-m" }, fill(text.question, { number: index + 1, count })),
        element("span", { class: "nhsuk-fieldset__heading" }, d.question.text),
      );
      const fieldset = element(
        "fieldset",
        { class: "nhsuk-fieldset", "aria-describedby": hint.id },
        legend,
        hint,
        error,
        element("div", { class: `nhsuk-${kind}` }, ...items),
      );
      const group = element("div", { class: "nhsuk-form-group", id: fieldId }, fieldset);
      form.append(group);
      return { group, fieldset, error, fieldId, drawn: d };
    });
    const summary = element("div", { class: "nhsuk-error-summary", tabindex: "-1", hidden: "" });
    form.prepend(summary);
    form.append(element("button", { class: "nhsuk-button", type: "submit" }, text.submit));
    root.replaceChildren(element("p", {}, fill(text.intro, { count, passMark: quiz.passMark })), form);

    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const data = new FormData(form);
      const answers = groups.map((g) => data.getAll(g.fieldId).map(String));
      const missing = groups.filter((_, i) => answers[i].length === 0);
      for (const g of groups) {
        const isMissing = missing.includes(g);
        g.group.classList.toggle("nhsuk-form-group--error", isMissing);
        g.error.hidden = !isMissing;
        g.error.replaceChildren(
          element("span", { class: "nhsuk-u-visually-hidden" }, `${text.errorPrefix} `),
          text.answerRequired,
        );
        g.fieldset.setAttribute(
          "aria-describedby",
          isMissing ? `${g.fieldId}-hint ${g.fieldId}-error` : `${g.fieldId}-hint`,
        );
      }
      if (missing.length > 0) {
        const links = missing.map((g) =>
          element(
            "li",
            {},
            element(
              "a",
              { href: `#${g.fieldId}` },
              fill(text.answerQuestion, { number: groups.indexOf(g) + 1, question: g.drawn.question.text }),
            ),
          ),
        );
        summary.replaceChildren(
          element("h2", { class: "nhsuk-error-summary__title" }, text.errorTitle),
          element(
            "div",
            { class: "nhsuk-error-summary__body" },
            element("ul", { class: "nhsuk-list nhsuk-error-summary__list" }, ...links),
          ),
        );
        summary.hidden = false;
        summary.setAttribute("role", "alert");
        summary.focus();
        return;
      }
      showResult(drawn, answers);
    });
  };

  const showResult = (drawn: DrawnQuestion[], answers: string[][]) => {
    const count = drawn.length;
    const rights = drawn.map((d, i) => isRight(d.question, answers[i]));
    const correctCount = rights.filter(Boolean).length;
    // The app's marking: score rounded down; passed when correct / count reaches the pass mark.
    const score = Math.floor((correctCount * 100) / count);
    const passed = correctCount * 100 >= quiz.passMark * count;
    session?.recordResult(score, passed);

    const heading = element("h2", { tabindex: "-1" }, passed ? text.passed : text.failed);
    const feedback = drawn.flatMap((d, i) => {
      if (!passed && rights[i]) return [];
      const chosen = d.options.filter((o) => answers[i].includes(o.id));
      const explained = passed ? chosen : chosen.filter((o) => !o.correct);
      return [
        element(
          "div",
          { class: "nhsuk-card" },
          element(
            "div",
            { class: "nhsuk-card__content" },
            element(
              "h3",
              { class: "nhsuk-card__heading nhsuk-heading-s" },
              `${fill(text.question, { number: i + 1, count })}: ${d.question.text}`,
            ),
            element(
              "p",
              {},
              `${text.yourAnswer}: ${chosen.map((o) => o.text).join("; ")} (${rights[i] ? text.right : text.wrong})`,
            ),
            ...explained.map((o) => element("p", {}, passed ? o.explanation : `${text.whyWrong}: ${o.explanation}`)),
            ...(!passed && explained.length === 0 ? [element("p", {}, text.missedSome)] : []),
          ),
        ),
      ];
    });
    const missed = new Set(drawn.filter((_, i) => !rights[i]).map((d) => d.question.outcome));
    const revisit = quiz.outcomes.filter((o) => missed.has(o.id));
    const revisitList =
      revisit.length === 0
        ? []
        : [
            element("h2", {}, text.revisitTitle),
            element("p", {}, text.revisitIntro),
            element(
              "ul",
              {},
              ...revisit.map((outcome) =>
                element(
                  "li",
                  {},
                  outcome.text,
                  element(
                    "ul",
                    {},
                    ...outcome.pages.map((p) => element("li", {}, element("a", { href: p.file }, p.label))),
                  ),
                ),
              ),
            ),
          ];
    const again = element("button", { class: "nhsuk-button nhsuk-button--secondary", type: "button" }, text.tryAgain);
    again.addEventListener("click", start);
    root.replaceChildren(
      heading,
      element("p", {}, fill(text.score, { score, correct: correctCount, count, passMark: quiz.passMark })),
      element("p", {}, passed ? text.passedNext : text.failedNext),
      ...revisitList,
      ...feedback,
      again,
    );
    heading.focus();
  };

  start();
}

const frame = document.getElementById(CONTENT_FRAME_ID);
const quizRoot = document.getElementById(QUIZ_ROOT_ID);
const quizData = document.getElementById(QUIZ_DATA_ID);
if (frame instanceof HTMLIFrameElement) runLaunchPage(frame);
else if (quizRoot && quizData?.textContent) runQuiz(quizRoot, JSON.parse(quizData.textContent) as PackageQuiz);
