import { getModule } from "~/content/catalogue.server";
import type { ContentLanguage } from "~/content/types";
import { listActiveMemberships } from "~/organisations/memberships.server";
import { dayOf, isoOf } from "~/compliance/days";
import { todayIso, ukDate } from "~/utils/dates";
import { DEFAULT_GRACE_DAYS, DEFAULT_RENEWAL_DAYS, completionValidUntil } from "./status";
import { findCertificate, type CertifiedCompletion } from "./completions.server";
import { effectiveRequirements } from "./requirements.server";

/** How long a completion counts for the person: their shortest renewal period for the module, and its grace period. */
function periodsFor(userId: string, moduleSlug: string): { renewalDays: number; graceDays: number } {
  const memberships = listActiveMemberships(userId).map((m) => ({
    organisationId: m.organisationId,
    staffGroup: m.staffGroup,
    startDate: m.startDate,
  }));
  const requirement = effectiveRequirements(memberships, [moduleSlug])[0];
  return {
    renewalDays: requirement?.renewalDays ?? DEFAULT_RENEWAL_DAYS,
    graceDays: requirement?.graceDays ?? DEFAULT_GRACE_DAYS,
  };
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

export function certificateFor(
  completion: CertifiedCompletion,
  language: ContentLanguage,
  today = todayIso(),
): Certificate {
  const module = getModule(completion.moduleSlug, language);
  const completedOn = ukDate(completion.completedAt);
  const { renewalDays, graceDays } = periodsFor(completion.userId, completion.moduleSlug);
  const completedDay = dayOf(completedOn);
  // The rules of the figures: an older major version's completion counts until the new version's retake window ends.
  const release = { versionDay: module ? dayOf(module.versionDate) : completedDay };
  const older = Boolean(module && completion.majorVersion < module.majorVersion);
  const lastDay = completionValidUntil({ day: completedDay, older }, release, renewalDays, graceDays, dayOf(today));
  const superseded = older && today >= (module?.versionDate ?? today);
  const validUntil = lastDay === null ? completedOn : isoOf(lastDay);
  return {
    moduleSlug: completion.moduleSlug,
    moduleTitle: module?.title ?? completion.moduleSlug,
    moduleTitleLanguage: module?.language ?? "en-GB",
    moduleVersion: completion.moduleVersion,
    completedOn,
    scorePercent: completion.scorePercent,
    validUntil,
    verificationCode: completion.verificationCode,
    inDate: lastDay !== null && today <= validUntil,
    superseded,
  };
}

/** The public check: the certificate's own facts, or null. Nothing about the person beyond their name. */
export function verifyCertificate(code: string, language: ContentLanguage) {
  const found = findCertificate(code);
  if (!found) return null;
  return { name: `${found.givenName} ${found.familyName}`, certificate: certificateFor(found.completion, language) };
}
