import type { ContentLanguage } from "~/content/types";
import { listModules } from "~/content/catalogue.server";
import { listActiveMemberships } from "~/organisations/memberships.server";
import { recordedElsewhere, recordedKey, type RecordedElsewhere } from "~/prior-learning/recorded-elsewhere.server";
import { todayIso, ukDate } from "~/utils/dates";
import { listCompletions } from "./completions.server";
import { latestCompletion, personModuleStatus } from "./counting-completion";
import { listProgress } from "./progress.server";
import { effectiveRequirements } from "./requirements.server";
import { STATUS_URGENCY, isCompliant, type TrainingStatus } from "./status";

export interface TrainingItem {
  slug: string;
  title: string;
  /** The language of title and summary: English when the module has no Welsh yet. */
  textLanguage: ContentLanguage;
  summary: string;
  minutes: number;
  status: TrainingStatus | null;
  /** The last day (inclusive) it counts or must be done by. */
  lastDay: string | null;
  /** Counting only until a new major version's retake window ends. */
  retake: boolean;
  inProgress: boolean;
  lastCompletedOn: string | null;
  completionId: number | null;
  /** The completion shown was done elsewhere and imported (it has no certificate here). */
  recordedElsewhere: RecordedElsewhere | null;
}

/** What the person must do and by when, most urgent first, and what else they may do. */
export function myTraining(userId: string, language: ContentLanguage, today = todayIso()) {
  const modules = listModules(language);
  const memberships = listActiveMemberships(userId).map((m) => ({
    organisationId: m.organisationId,
    staffGroup: m.staffGroup,
    startDate: m.startDate,
  }));
  const requirements = new Map(
    effectiveRequirements(
      memberships,
      modules.map((m) => m.slug),
    ).map((r) => [r.moduleSlug, r]),
  );
  const completions = listCompletions(userId);
  const progress = new Map(listProgress(userId).map((p) => [p.moduleSlug, p]));
  const imported = completions.some((c) => c.source !== null) ? recordedElsewhere([userId]) : null;

  const items = modules.map((module): TrainingItem & { required: boolean } => {
    const mine = completions.filter((c) => c.moduleSlug === module.slug);
    const requirement = requirements.get(module.slug);
    const result = requirement ? personModuleStatus(mine, module, requirement, today) : null;
    const completion = result ? result.completion : latestCompletion(mine);
    const valid = result ? isCompliant(result.status) : Boolean(completion);
    const lastCompletedOn = result ? result.lastCompletedOn : completion ? ukDate(completion.completedAt) : null;
    return {
      slug: module.slug,
      title: module.title,
      textLanguage: module.language,
      summary: module.summary,
      minutes: module.minutes,
      required: Boolean(requirement),
      status: result?.status ?? null,
      lastDay: result?.lastDay ?? null,
      retake: result?.retake ?? false,
      inProgress: !valid && progress.has(module.slug),
      lastCompletedOn,
      completionId: completion?.id ?? null,
      recordedElsewhere: (lastCompletedOn && imported?.get(recordedKey(userId, module.slug, lastCompletedOn))) || null,
    };
  });

  const required = items
    .filter((i) => i.required)
    .sort(
      (a, b) =>
        STATUS_URGENCY.indexOf(a.status!) - STATUS_URGENCY.indexOf(b.status!) ||
        (a.lastDay ?? "").localeCompare(b.lastDay ?? ""),
    );
  const optional = items.filter((i) => !i.required);
  return { required, optional, hasMemberships: memberships.length > 0 };
}
