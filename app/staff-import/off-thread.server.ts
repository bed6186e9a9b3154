import fs from "node:fs";
import { Worker } from "node:worker_threads";
import type { Organisation } from "@db/schema";
import { applyStaffImport, checkStaffList, type Invitee } from "./apply.server";
import type { ImportPlan } from "./plan.server";
import type { Problem } from "./problems";
import { findUpload, storeUpload, uploadParsed } from "./uploads.server";

export interface CheckUploadInput {
  organisation: Organisation;
  /** Other organisations the uploader manages (see CheckInput). */
  alsoInto?: Organisation[];
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

export interface ApplyUploadInput {
  organisation: Organisation;
  /** Other organisations the uploader manages now (see StaffListInput). */
  alsoInto?: Organisation[];
  userId: string;
  uploadId: string;
  /** The digest of the plan the manager confirmed. */
  expectedDigest: string;
}

export type ApplyUploadResult =
  { ok: true; counts: ImportPlan["counts"]; invitees: Invitee[] } | { ok: false; status: number; problem: Problem };

/** Applies a stored upload this manager made (see applyStaffImport): all of it in one transaction, or nothing. */
export function applyStoredUpload(input: ApplyUploadInput): ApplyUploadResult {
  const upload = findUpload(input.uploadId, input.organisation.id, input.userId);
  if (!upload || upload.appliedAt) return { ok: false, status: 410, problem: { key: "staffImport.preview.expired" } };
  const result = applyStaffImport(
    {
      organisation: input.organisation,
      alsoInto: input.alsoInto,
      parsed: uploadParsed(upload),
      fileName: upload.fileName,
      fullList: upload.fullList,
      sendInvitations: upload.sendInvitations,
    },
    { actorUserId: input.userId, uploadId: upload.id, expectedDigest: input.expectedDigest },
  );
  if (!result.ok) return { ok: false, status: 409, problem: result.problem };
  return { ok: true, counts: result.plan.counts, invitees: result.invitees };
}

export type WorkerTask = { task: "check"; input: CheckUploadInput } | { task: "apply"; input: ApplyUploadInput };

/** What the worker thread runs (staff-import-worker.ts). */
export async function runTask(work: WorkerTask): Promise<CheckUploadResult | ApplyUploadResult> {
  return work.task === "check" ? checkAndStoreUpload(work.input) : applyStoredUpload(work.input);
}

// The built server (build/index.js) has the worker beside it (npm run build:server bundles it);
// running from source (tests, remix dev) there is none, and the work runs in this thread.
const WORKER_FILE = new URL("./staff-import-worker.js", import.meta.url);
const builtWorker = fs.existsSync(WORKER_FILE) ? WORKER_FILE : null;

function inWorker<R>(work: WorkerTask, transferList: ArrayBuffer[] = []): Promise<R> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(builtWorker!, { workerData: work, transferList });
    worker.once("message", (result: R) => {
      resolve(result);
      // Its work is committed by now.
      void worker.terminate();
    });
    worker.once("error", reject);
    worker.once("exit", (code) => reject(new Error(`The staff import worker stopped (exit code ${code})`)));
  });
}

/*
 * In a worker thread when the server is built, with its own database connection (WAL: readers go
 * on alongside it): a 20 MB file's parsing and planning, a 100,000-person apply and their garbage
 * never hold up the pages this process serves meanwhile.
 */

/** checkAndStoreUpload, off the request thread. */
export function checkUploadOffThread(input: CheckUploadInput): Promise<CheckUploadResult> {
  if (!builtWorker) return checkAndStoreUpload(input);
  const bytes = input.bytes.slice();
  return inWorker({ task: "check", input: { ...input, bytes } }, [bytes.buffer]);
}

/** applyStoredUpload, off the request thread. */
export async function applyUploadOffThread(input: ApplyUploadInput): Promise<ApplyUploadResult> {
  if (!builtWorker) return applyStoredUpload(input);
  return inWorker({ task: "apply", input });
}
