import type { Completion } from "@db/schema";
import { getModule } from "~/content/catalogue.server";
import type { ContentLanguage } from "~/content/types";
import { listActiveMemberships } from "~/organisations/memberships.server";
import { addDays, todayIso, ukDate } from "~/utils/dates";
import { findCertificate } from "./completions.server";
import { effectiveRequirements } from "./requirements.server";

const DEFAULT_RENEWAL_DAYS = 365;

/** How long a completion counts for the person: their shortest renewal period for the module. */
function renewalDaysFor(userId: string, moduleSlug: string): number {
  const memberships = listActiveMemberships(userId).map((m) => ({ organisationId: m.organisationId, staffGroup: m.staffGroup, startDate: m.startDate }));
  return effectiveRequirements(memberships, [moduleSlug])[0]?.renewalDays ?? DEFAULT_RENEWAL_DAYS;
}

export interface Certificate {
  moduleSlug: string;
  moduleTitle: string;
  /** The language the title is in: English when the module has no Welsh yet. */
  moduleTitleLanguage: ContentLanguage;
  moduleVersion: string;
  completedOn: string;
  scorePercent: number;
  validUntil: string;
  verificationCode: string;
  inDate: boolean;
  superseded: boolean;
}

export function certificateFor(completion: Completion, language: ContentLanguage, today = todayIso()): Certificate {
  const module = getModule(completion.moduleSlug, language);
  const completedOn = ukDate(completion.completedAt);
  // The last day it counts is the day before completion + renewal period.
  const validUntil = addDays(completedOn, renewalDaysFor(completion.userId, completion.moduleSlug) - 1);
  const superseded = Boolean(module && completion.majorVersion < module.majorVersion && today >= module.versionDate);
  return {
    moduleSlug: completion.moduleSlug,
    moduleTitle: module?.title ?? completion.moduleSlug,
    moduleTitleLanguage: module?.language ?? "en-GB",
    moduleVersion: completion.moduleVersion,
    completedOn,
    scorePercent: completion.scorePercent,
    validUntil,
    verificationCode: completion.verificationCode,
    inDate: today <= validUntil && !superseded,
    superseded,
  };
}

/** The public check: the certificate's own facts, or null. Nothing about the person beyond their name. */
export function verifyCertificate(code: string, language: ContentLanguage) {
  const found = findCertificate(code);
  if (!found) return null;
  return { name: `${found.givenName} ${found.familyName}`, certificate: certificateFor(found.completion, language) };
}
