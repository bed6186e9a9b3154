import { getMDXComponent } from "mdx-bundler/client/index.js";
import { renderToStaticMarkup } from "react-dom/server";
import cyContent from "~/i18n/locales/cy/content.json";
import enContent from "~/i18n/locales/en-GB/content.json";
import { lessonComponents, LessonProvider, type ComponentLabels } from "./components";
import type { Country } from "@db/enums";
import type { ContentLanguage } from "./types";

const LABELS: Record<ContentLanguage, ComponentLabels> = {
  "en-GB": enContent.content.components,
  cy: cyContent.content.components,
};

/**
 * Runs compiled lesson code once, at build time, and returns plain HTML. getMDXComponent uses
 * `new Function`, which is why this never happens in the server that has the strict CSP.
 */
export function renderLesson(code: string, slug: string, language: ContentLanguage, nation: Country = "england"): string {
  const Lesson = getMDXComponent(code);
  return renderToStaticMarkup(
    <LessonProvider lesson={{ slug, labels: LABELS[language], nation }}>
      <Lesson components={lessonComponents} />
    </LessonProvider>,
  );
}

/** Anything here would be blocked by the Content-Security-Policy or would run script. */
export function unsafeMarkup(html: string): string | null {
  if (/<script/i.test(html)) return "a <script> element";
  if (/\sstyle=/i.test(html)) return "an inline style attribute";
  if (/\son[a-z]+=/i.test(html)) return "an event handler attribute";
  if (/(href|src)="\s*javascript:/i.test(html)) return "a javascript: address";
  return null;
}
