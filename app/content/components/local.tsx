import type { ReactNode } from "react";
import type { Country } from "@db/enums";
import { useLesson } from "./lesson-context";

/**
 * Lesson parts that depend on the learner's organisation. Lessons are rendered once at build time,
 * so <ForNation> is rendered once per nation (the lesson page picks the learner's), and
 * <LocalContact> leaves a marker that the server fills in per request (app/content/local-contacts.server.ts).
 */

export const LOCAL_CONTACT_KINDS = ["service-desk", "service-desk-phone", "service-desk-email", "ig-lead", "incident-system"] as const;
export type LocalContactKind = (typeof LOCAL_CONTACT_KINDS)[number];

/** The element the server replaces; custom elements pass the static-markup safety check untouched. */
export const CONTACT_TAG = "cb-contact";

/** Shows its content only to learners whose organisation is in this nation. */
export function ForNation({ nation, children }: { nation: Country; children?: ReactNode }) {
  const lesson = useLesson();
  return lesson.nation === nation ? <>{children}</> : null;
}

/** The organisation's own contact, e.g. "your IT service desk (01632 960 123, it@trust.example)". */
export function LocalContact({ kind }: { kind: LocalContactKind }) {
  const Tag = CONTACT_TAG as unknown as "span";
  return <Tag data-kind={kind} />;
}
