// Entry point of the worker thread that checks an uploaded staff list (see checkUploadOffThread).
import { parentPort, workerData } from "node:worker_threads";
import { checkAndStoreUpload, type CheckUploadInput } from "./check-upload.server";

const result = await checkAndStoreUpload(workerData as CheckUploadInput);
parentPort!.postMessage(result);
