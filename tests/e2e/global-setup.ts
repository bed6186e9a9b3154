import fs from "node:fs";
import os from "node:os";
import type { TestProject } from "vitest/node";
import { createSeededDatabase, startServer } from "../../scripts/bench-harness";
import { CHROMIUM_PATH } from "./browser";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databasePath: string;
    outboxDir: string;
  }
}

/** Starts the real built server on a free port against its own seeded temporary database. */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Browser tests need Chromium at ${CHROMIUM_PATH}. Install it with: apt-get update && apt-get install -y chromium`,
    );
  }
  if (!fs.existsSync("build/server.js")) {
    throw new Error("Browser tests need the built server. Run `npm run build` first (npm test does).");
  }

  const database = await createSeededDatabase("cyber-basics-e2e-");
  // As in production: one worker per core.
  const server = await startServer({
    databasePath: database.databasePath,
    outboxDir: database.outboxDir,
    workers: os.availableParallelism(),
  });

  project.provide("baseUrl", server.baseUrl);
  project.provide("databasePath", database.databasePath);
  project.provide("outboxDir", database.outboxDir);

  return async () => {
    await server.stop();
    database.remove();
  };
}
