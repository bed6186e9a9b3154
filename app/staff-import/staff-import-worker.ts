// Entry point of the worker thread that checks or applies a staff list (see off-thread.server.ts).
import { parentPort, workerData } from "node:worker_threads";
import { runTask, type WorkerTask } from "./off-thread.server";

parentPort!.postMessage(await runTask(workerData as WorkerTask));
