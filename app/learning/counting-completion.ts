import { dayOf, isoOf, ukDayOfInstant } from "~/compliance/days";
import { lastDayOf, standingOn, statusOn, type TrainingStatus } from "./status";

export interface CompletionFact {
  completedAt: Date;
  majorVersion: number;
  /** Prior learning's expiry date (the first day it no longer counts), if the record gave one. */
  expiresOn?: string | null;
}

export interface ModuleVersionFact {
  majorVersion: number;
  versionDate: string;
}

export interface PersonRequirement {
  renewalDays: number;
  graceDays: number;
  /** The earliest start date among the memberships that require the module. */
  startDate: string;
}

export interface PersonModuleStatus<T> {
  status: TrainingStatus;
  /** The last day (inclusive) the training counts, or by which it must be done: "valid until", "complete by", "was due on". */
  lastDay: string;
  /** The completion that counts, and its date. */
  completion: T | null;
  lastCompletedOn: string | null;
  /** Counting only until the retake window of a new major version ends. */
  retake: boolean;
}

/**
 * One person's status for one module today, for the learner's dashboard and reminders: the same
 * standingOn() and statusOn() as the compliance figures, on their completions' UK days.
 */
export function personModuleStatus<T extends CompletionFact>(
  completions: T[],
  module: ModuleVersionFact,
  requirement: PersonRequirement,
  today: string,
): PersonModuleStatus<T> {
  const day = dayOf(today);
  const facts = completions.map((c) => ({
    day: ukDayOfInstant(c.completedAt.getTime()),
    older: c.majorVersion < module.majorVersion,
    expiryDay: c.expiresOn ? dayOf(c.expiresOn) : null,
    completion: c,
  }));
  const standing = standingOn(
    facts,
    { versionDay: dayOf(module.versionDate) },
    requirement.renewalDays,
    requirement.graceDays,
    day,
  );
  const startDay = dayOf(requirement.startDate);
  const counting =
    standing.kind === "none"
      ? null
      : (facts.find(
          (f) =>
            f.day === standing.lastDay &&
            (standing.kind === "retake"
              ? f.older
              : (f.expiryDay ?? f.day + requirement.renewalDays) === standing.untilDay),
        ) ?? facts.find((f) => f.day === standing.lastDay)!);
  return {
    status: statusOn(standing, startDay, requirement.graceDays, day),
    lastDay: isoOf(lastDayOf(standing, startDay, requirement.graceDays)),
    completion: counting?.completion ?? null,
    lastCompletedOn: counting ? isoOf(counting.day) : null,
    retake: standing.kind === "retake",
  };
}

/** The latest completion of a module not required of the person (optional training): for "completed on". */
export function latestCompletion<T extends CompletionFact>(completions: T[]): T | null {
  return [...completions].sort((a, b) => b.completedAt.getTime() - a.completedAt.getTime())[0] ?? null;
}
