import { addDays, daysBetween } from "~/utils/dates";

export const DUE_SOON_DAYS = 30;

export type TrainingStatus = "compliant" | "due-soon" | "overdue" | "not-started" | "new-starter";

/** Most urgent first: the order the learner's dashboard and the manager's lists use. */
export const STATUS_URGENCY: TrainingStatus[] = ["overdue", "not-started", "due-soon", "new-starter", "compliant"];

export interface StatusInput {
  /** YYYY-MM-DD, UK time. */
  today: string;
  renewalDays: number;
  graceDays: number;
  /** The earliest start date among the memberships that require the module. */
  startDate: string;
  /** Date of the latest completion that still counts (right major version), or null. */
  lastCompletedOn: string | null;
  /**
   * When the person's latest completion is of an older major version than the module's current one,
   * the date that version took effect: from then on they must retake it, with the grace period to do so.
   */
  retakeRequiredFrom: string | null;
}

export interface StatusResult {
  status: TrainingStatus;
  /** When the module is (or was) due: the expiry of the last completion, or the end of the grace period. */
  dueOn: string;
  /** The day the latest completion stops counting, when there is one. */
  expiresOn: string | null;
}

/**
 * A completion counts from the day it happens until the day before `expiresOn`
 * (completion date + renewal days). It is due soon in the last 30 days of that time.
 */
export function trainingStatus(input: StatusInput): StatusResult {
  const { today } = input;
  if (input.lastCompletedOn) {
    const expiresOn = addDays(input.lastCompletedOn, input.renewalDays);
    if (today >= expiresOn) return { status: "overdue", dueOn: expiresOn, expiresOn };
    const status = daysBetween(today, expiresOn) <= DUE_SOON_DAYS ? "due-soon" : "compliant";
    return { status, dueOn: expiresOn, expiresOn };
  }
  if (input.retakeRequiredFrom) {
    const dueOn = addDays(input.retakeRequiredFrom, input.graceDays);
    return { status: today >= dueOn ? "overdue" : "due-soon", dueOn, expiresOn: null };
  }
  const graceEnds = addDays(input.startDate, input.graceDays);
  if (today < graceEnds) return { status: "new-starter", dueOn: graceEnds, expiresOn: null };
  return { status: "not-started", dueOn: graceEnds, expiresOn: null };
}

export function isCompliant(status: TrainingStatus): boolean {
  return status === "compliant" || status === "due-soon";
}
