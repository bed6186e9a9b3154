import { AsyncLocalStorage } from "node:async_hooks";
import { deliverDueEmails, deliverOutboxEmail, queueEmail, type Email } from "./outbox.server";

export type { Email } from "./outbox.server";

/** Inside withQueuedDelivery: the ids queued so far, delivered later in one go. */
const batch = new AsyncLocalStorage<number[]>();

/**
 * Writes the email to the outbox, then tries to deliver it straight away (so an invitation arrives
 * at once). A failed delivery does not throw: the message stays queued, and scripts/send-emails.ts
 * (or the next background run) retries it with backoff.
 */
export async function sendEmail(email: Email): Promise<void> {
  const id = queueEmail(email);
  const queued = batch.getStore();
  if (queued) {
    queued.push(id);
    return;
  }
  await deliverOutboxEmail(id);
}

/**
 * Runs `work` with every sendEmail inside it only queued, not delivered, then starts delivering
 * them in the background. For bulk senders (a staff import inviting thousands) that must not wait
 * for SMTP once per message.
 */
export async function withQueuedDelivery<T>(work: () => Promise<T>): Promise<{ result: T; queued: number[] }> {
  const queued: number[] = [];
  const result = await batch.run(queued, work);
  if (queued.length) deliverInBackground();
  return { result, queued };
}

let running: Promise<void> | null = null;
let again = false;

/** Starts a delivery run unless one is going; if one is, it runs once more when it ends. */
export function deliverInBackground(): void {
  if (running) {
    again = true;
    return;
  }
  running = (async () => {
    do {
      again = false;
      try {
        await deliverDueEmails();
      } catch (error) {
        console.error("Email delivery run failed; the messages stay queued:", error);
      }
    } while (again);
  })().finally(() => {
    running = null;
  });
}

/** Resolves when no background delivery is running: for command-line jobs and tests. */
export async function backgroundDeliveryIdle(): Promise<void> {
  while (running) await running;
}
