import type { ContentLanguage } from "~/content/types";
import { listModules } from "~/content/catalogue.server";
import { listActiveMemberships } from "~/organisations/memberships.server";
import { todayIso } from "~/utils/dates";
import { listCompletions } from "./completions.server";
import { countingCompletion } from "./counting-completion";
import { listProgress } from "./progress.server";
import { effectiveRequirements } from "./requirements.server";
import { STATUS_URGENCY, trainingStatus, type TrainingStatus } from "./status";

export interface TrainingItem {
  slug: string;
  title: string;
  /** The language of title and summary: English when the module has no Welsh yet. */
  textLanguage: ContentLanguage;
  summary: string;
  minutes: number;
  status: TrainingStatus | null;
  dueOn: string | null;
  expiresOn: string | null;
  inProgress: boolean;
  lastCompletedOn: string | null;
  completionId: number | null;
}

/** What the person must do and by when, most urgent first, and what else they may do. */
export function myTraining(userId: string, language: ContentLanguage, today = todayIso()) {
  const modules = listModules(language);
  const memberships = listActiveMemberships(userId).map((m) => ({ organisationId: m.organisationId, staffGroup: m.staffGroup, startDate: m.startDate }));
  const requirements = new Map(effectiveRequirements(memberships, modules.map((m) => m.slug)).map((r) => [r.moduleSlug, r]));
  const completions = listCompletions(userId);
  const progress = new Map(listProgress(userId).map((p) => [p.moduleSlug, p]));

  const items = modules.map((module): TrainingItem & { required: boolean } => {
    const counting = countingCompletion(completions.filter((c) => c.moduleSlug === module.slug), module, today);
    const requirement = requirements.get(module.slug);
    const result = requirement
      ? trainingStatus({ today, ...requirement, lastCompletedOn: counting.lastCompletedOn, retakeRequiredFrom: counting.retakeRequiredFrom })
      : null;
    const valid = result ? result.status === "compliant" || result.status === "due-soon" : Boolean(counting.completion);
    return {
      slug: module.slug,
      title: module.title,
      textLanguage: module.language,
      summary: module.summary,
      minutes: module.minutes,
      required: Boolean(requirement),
      status: result?.status ?? null,
      dueOn: result?.dueOn ?? null,
      expiresOn: result?.expiresOn ?? null,
      inProgress: !valid && progress.has(module.slug),
      lastCompletedOn: counting.lastCompletedOn,
      completionId: counting.completion?.id ?? null,
    };
  });

  const required = items
    .filter((i) => i.required)
    .sort((a, b) => STATUS_URGENCY.indexOf(a.status!) - STATUS_URGENCY.indexOf(b.status!) || (a.dueOn ?? "").localeCompare(b.dueOn ?? ""));
  const optional = items.filter((i) => !i.required);
  return { required, optional, hasMemberships: memberships.length > 0 };
}
