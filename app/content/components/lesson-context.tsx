import { createContext, useContext, type ReactNode } from "react";
import type { Country } from "@db/enums";
import type enContent from "~/i18n/locales/en-GB/content.json";

export type ComponentLabels = (typeof enContent)["content"]["components"];

export interface Lesson {
  /** The module the page belongs to: images resolve to /content/<slug>/. */
  slug: string;
  /** Fixed text the components show, in the page's language. */
  labels: ComponentLabels;
  /** Which nation's <ForNation> blocks this rendering shows. */
  nation: Country;
}

const LessonContext = createContext<Lesson | null>(null);

export function LessonProvider({ lesson, children }: { lesson: Lesson; children: ReactNode }) {
  return <LessonContext.Provider value={lesson}>{children}</LessonContext.Provider>;
}

export function useLesson(): Lesson {
  const lesson = useContext(LessonContext);
  if (!lesson) throw new Error("Lesson components render inside a LessonProvider.");
  return lesson;
}

/** The public address of a file the module ships, e.g. /content/spotting-phishing/email.png. */
export function moduleFileUrl(slug: string, src: string): string {
  return `/content/${slug}/${src.split("/").map(encodeURIComponent).join("/")}`;
}

export function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => String(values[name] ?? ""));
}
