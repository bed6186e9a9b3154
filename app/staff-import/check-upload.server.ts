import fs from "node:fs";
import { Worker } from "node:worker_threads";
import type { Organisation } from "@db/schema";
import { checkStaffList } from "./apply.server";
import type { Problem } from "./problems";
import { storeUpload } from "./uploads.server";

export interface CheckUploadInput {
  organisation: Organisation;
  userId: string;
  fileName: string;
  bytes: Uint8Array;
  fullList: boolean;
  sendInvitations: boolean;
  sheet?: string;
}

export type CheckUploadResult = { ok: true; id: string } | { ok: false; problem: Problem };

/** Reads, checks and plans an uploaded staff list and stores it for the preview: the stored upload's id. */
export async function checkAndStoreUpload(input: CheckUploadInput): Promise<CheckUploadResult> {
  const checked = await checkStaffList(input);
  if (!checked.ok) return checked;
  const id = await storeUpload({
    organisationId: input.organisation.id,
    userId: input.userId,
    fileName: input.fileName,
    fullList: input.fullList,
    sendInvitations: input.sendInvitations,
    parsed: checked.parsed,
    plan: checked.plan,
  });
  return { ok: true, id };
}

// The built server (build/index.js) has the worker beside it (npm run build:server bundles it);
// running from source (tests, remix dev) there is none, and the check runs in this thread.
const WORKER_FILE = new URL("./staff-import-worker.js", import.meta.url);
const builtWorker = fs.existsSync(WORKER_FILE) ? WORKER_FILE : null;

/**
 * checkAndStoreUpload in a worker thread when the server is built: a 20 MB file's parsing, planning
 * and garbage never hold up the requests this process serves meanwhile. The worker has its own
 * database connection (WAL: its reads and its short write transactions go alongside ours).
 */
export function checkUploadOffThread(input: CheckUploadInput): Promise<CheckUploadResult> {
  if (!builtWorker) return checkAndStoreUpload(input);
  const bytes = input.bytes.slice();
  return new Promise((resolve, reject) => {
    const worker = new Worker(builtWorker, { workerData: { ...input, bytes }, transferList: [bytes.buffer] });
    worker.once("message", (result: CheckUploadResult) => {
      resolve(result);
      // Its work is stored and committed by now.
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`The staff list check stopped (exit code ${code})`)));
  });
}
