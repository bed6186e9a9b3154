import { strToU8, zipSync } from "fflate";
import { getLessonPage, getModule, getQuizBank } from "~/content/catalogue.server";
import { fillLocalContacts, NO_CONTACTS } from "~/content/local-contacts.server";
import type { ContentLanguage } from "~/content/types";
import cyAdmin from "~/i18n/locales/cy/admin.json";
import cyCommon from "~/i18n/locales/cy/common.json";
import cyLearning from "~/i18n/locales/cy/learning.json";
import enAdmin from "~/i18n/locales/en-GB/admin.json";
import enCommon from "~/i18n/locales/en-GB/common.json";
import enLearning from "~/i18n/locales/en-GB/learning.json";
import { readScormAssets } from "./assets.server";
import { scormManifest } from "./manifest.server";
import { CONTENT_FRAME_ID, pageFile, QUIZ_DATA_ID, QUIZ_FILE, QUIZ_ROOT_ID, type PackageQuiz } from "./player/types";

/**
 * A module as a SCORM 1.2 package: index.html (the one SCO: holds the SCORM session and frames the
 * pages), a static page per lesson, quiz.html with the whole question bank (the quiz is marked in
 * the browser, so the package holds its answer key), the shared assets and imsmanifest.xml.
 * Nothing in it loads anything from outside the package.
 */
export interface ScormPackage {
  fileName: string;
  files: Map<string, Uint8Array>;
}

const TEXT = {
  "en-GB": { admin: enAdmin.admin, common: enCommon, learning: enLearning.learning },
  cy: { admin: cyAdmin.admin, common: cyCommon, learning: cyLearning.learning },
} as const;

const LAUNCH = "index.html";

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function fill(text: string, values: Record<string, string | number>): string {
  return text.replace(/\{\{(\w+)\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/**
 * Lesson links lead to the app's own pages (`/learn/...`) or other sites, neither of which a
 * package may reach: they become their text. Email and phone links stay.
 */
export function unlinkOutsideLinks(html: string): string {
  return html.replace(/<a\b([^>]*)>([\s\S]*?)<\/a>/g, (whole, attributes: string, inner: string) => {
    const href = /\bhref="([^"]*)"/.exec(attributes)?.[1] ?? "";
    return /^(mailto:|tel:|#)/.test(href) ? whole : inner;
  });
}

function page(options: {
  language: ContentLanguage;
  title: string;
  stylesheets: string[];
  body: string;
  bodyClass?: string;
}): string {
  const links = options.stylesheets.map((href) => `<link rel="stylesheet" href="${href}">`).join("\n");
  return `<!DOCTYPE html>
<html lang="${options.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
${links}
</head>
<body${options.bodyClass ? ` class="${options.bodyClass}"` : ""}>
${options.body}
</body>
</html>
`;
}

function pageBody(caption: string, heading: string, headingLanguage: string, content: string): string {
  return `<div class="nhsuk-width-container">
<main class="nhsuk-main-wrapper" id="maincontent">
<div class="nhsuk-grid-row">
<div class="nhsuk-grid-column-two-thirds">
<p class="nhsuk-caption-l">${escapeHtml(caption)} <span class="nhsuk-u-visually-hidden">-</span></p>
<h1 lang="${headingLanguage}">${escapeHtml(heading)}</h1>
${content}
</div>
</div>
</main>
</div>`;
}

function paginationLink(direction: "previous" | "next", href: string, label: string): string {
  const short = direction === "previous" ? "prev" : "next";
  return `<li class="nhsuk-pagination-item--${direction}"><a class="nhsuk-pagination__link nhsuk-pagination__link--${short}" href="${href}"><span class="nhsuk-pagination__title">${escapeHtml(label)}</span></a></li>`;
}

/** JSON inside a <script> element: no `<` at all, so no `</script>` can end it early. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c");
}

/** The package, or null when there is no such module. Welsh lessons show Welsh organisations' blocks. */
export function buildScormPackage(slug: string, language: ContentLanguage): ScormPackage | null {
  const module = getModule(slug, language);
  const bank = getQuizBank(slug, language);
  if (!module || !bank) return null;
  const text = TEXT[language];
  const lesson = text.learning.lesson;
  const encoder = (value: string) => strToU8(value);
  const files = new Map<string, Uint8Array>();
  const styles = ["assets/nhsuk-frontend.css", "assets/lesson.css"];

  const pageCount = module.pages.length;
  for (let number = 1; number <= pageCount; number++) {
    const found = getLessonPage(slug, number, language);
    if (!found) throw new Error(`${slug} has no page ${number} in its content build.`);
    const nationHtml = language === "cy" && found.htmlWales !== undefined ? found.htmlWales : found.html;
    const html = unlinkOutsideLinks(
      found.localContacts ? fillLocalContacts(nationHtml, NO_CONTACTS, found.language) : nationHtml,
    );
    const pageOf = fill(lesson.pageOf, { number, count: pageCount });
    const navigation = [
      number > 1 ? paginationLink("previous", pageFile(number - 1), lesson.previous) : "",
      number < pageCount
        ? paginationLink("next", pageFile(number + 1), lesson.next)
        : paginationLink("next", QUIZ_FILE, lesson.toQuiz),
    ].join("");
    const body = pageBody(
      module.title,
      found.title,
      found.language,
      `<p class="nhsuk-body-s">${escapeHtml(pageOf)}</p>
<div class="app-lesson" lang="${found.language}">
${html}
</div>
<nav class="nhsuk-pagination" role="navigation" aria-label="${escapeHtml(pageOf)}">
<ul class="nhsuk-list nhsuk-pagination__list">${navigation}</ul>
</nav>`,
    );
    files.set(
      pageFile(number),
      encoder(page({ language, title: `${found.title} - ${module.title}`, stylesheets: styles, body })),
    );
  }

  const quizText = text.learning.quiz;
  const result = text.learning.result;
  const packageText = text.admin.scorm.package;
  const quiz: PackageQuiz = {
    passMark: bank.passMark,
    questionsPerAttempt: bank.questionsPerAttempt,
    questions: bank.questions,
    outcomes: module.outcomes.map((outcome) => {
      // As the app's result page: the pages that teach the outcome, or the first page when none says so.
      const teaching = module.pages.filter((p) => p.outcomes.includes(outcome.id));
      return {
        id: outcome.id,
        text: outcome.text,
        pages: (teaching.length > 0 ? teaching : module.pages.slice(0, 1)).map((p) => ({
          file: pageFile(p.number),
          label: fill(text.learning.module.page, { number: p.number, title: p.title }),
        })),
      };
    }),
    text: {
      intro: quizText.intro,
      question: quizText.question,
      chooseOne: quizText.chooseOne,
      chooseAll: quizText.chooseAll,
      submit: quizText.submit,
      errorTitle: text.common.errors.summaryTitle,
      errorPrefix: text.common.errors.errorPrefix,
      answerRequired: quizText.errors.answerRequired,
      answerQuestion: quizText.errors.answerQuestion,
      resultTitle: result.title,
      passed: result.passed,
      failed: result.failed,
      score: result.score,
      passedNext: packageText.passedNext,
      failedNext: packageText.failedNext,
      yourAnswer: result.yourAnswer,
      right: result.right,
      wrong: result.wrong,
      whyWrong: result.whyWrong,
      missedSome: result.missedSome,
      tryAgain: result.tryAgain,
      revisitTitle: result.revisitTitle,
      revisitIntro: result.revisitIntro,
    },
  };
  const quizTitle = fill(quizText.title, { module: module.title });
  files.set(
    QUIZ_FILE,
    encoder(
      page({
        language,
        title: quizTitle,
        stylesheets: styles,
        body: `${pageBody(
          module.title,
          quizTitle,
          bank.language,
          `<div id="${QUIZ_ROOT_ID}" lang="${bank.language}">
<p>${escapeHtml(packageText.needsJavaScript)}</p>
</div>
<nav class="nhsuk-pagination" role="navigation" aria-label="${escapeHtml(quizTitle)}">
<ul class="nhsuk-list nhsuk-pagination__list">${paginationLink("previous", pageFile(pageCount), lesson.previous)}</ul>
</nav>`,
        )}
<script type="application/json" id="${QUIZ_DATA_ID}">${scriptJson(quiz)}</script>
<script src="assets/player.js"></script>`,
      }),
    ),
  );

  files.set(
    LAUNCH,
    encoder(
      page({
        language,
        title: module.title,
        stylesheets: ["assets/scorm.css"],
        bodyClass: "cb-shell",
        body: `<iframe id="${CONTENT_FRAME_ID}" class="cb-shell__frame" title="${escapeHtml(module.title)}" src="${pageFile(1)}"></iframe>
<script src="assets/player.js"></script>`,
      }),
    ),
  );

  for (const [file, bytes] of readScormAssets()) files.set(file, bytes);

  const manifest = scormManifest({
    identifier: `cyber-basics-${slug}-${module.version}-${language}`,
    title: module.title,
    launch: LAUNCH,
    files: [...files.keys()],
    masteryScore: bank.passMark,
  });
  const ordered = new Map<string, Uint8Array>([["imsmanifest.xml", encoder(manifest)], ...files]);
  const languageSuffix = language === "cy" ? "cy" : "en";
  return { fileName: `cyber-basics-${slug}-${module.version}-${languageSuffix}-scorm12.zip`, files: ordered };
}

/** The package as a zip, imsmanifest.xml first. */
export function zipScormPackage(scormPackage: ScormPackage): Uint8Array {
  return zipSync(Object.fromEntries(scormPackage.files), { level: 6 });
}
