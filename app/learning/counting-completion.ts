import { ukDate } from "~/utils/dates";

export interface CompletionFact {
  completedAt: Date;
  majorVersion: number;
}

export interface ModuleVersionFact {
  majorVersion: number;
  versionDate: string;
}

/**
 * Which of a person's completions of one module still counts today. A completion of an older major
 * version counts until the new version's date; after that the person must retake the module.
 */
export function countingCompletion<T extends CompletionFact>(completions: T[], module: ModuleVersionFact, today: string) {
  const counts = (c: T) => c.majorVersion >= module.majorVersion || today < module.versionDate;
  const latest = completions.filter(counts).sort((a, b) => b.completedAt.getTime() - a.completedAt.getTime())[0] ?? null;
  const superseded = !latest && completions.some((c) => !counts(c));
  return {
    completion: latest,
    lastCompletedOn: latest ? ukDate(latest.completedAt) : null,
    retakeRequiredFrom: superseded ? module.versionDate : null,
  };
}
