import { getModule, getQuizBank } from "~/content/catalogue.server";
import type { ContentLanguage } from "~/content/types";

/** The module for a learner page, or a 404 for a slug that is not in the catalogue. */
export function requireModule(slug: string | undefined, language: ContentLanguage) {
  const module = slug ? getModule(slug, language) : null;
  if (!module) throw new Response("Not found", { status: 404 });
  return module;
}

/** The pass mark alone: the bank itself (with its answer key) never leaves the server. */
export function passMarkOf(slug: string, language: ContentLanguage): number {
  return getQuizBank(slug, language)?.passMark ?? 80;
}
