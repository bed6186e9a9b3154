import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { createDb, migrateDb } from "../../db/client";
import { seedDemo } from "../../db/seed";
import { CHROMIUM_PATH } from "./browser";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databasePath: string;
    outboxDir: string;
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
    server.on("error", reject);
  });
}

async function waitForHealthy(url: string, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (server.exitCode !== null) throw new Error(`The server exited with code ${server.exitCode}:\n${log()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`The server did not become healthy within 30 s:\n${log()}`);
}

/** Starts the real built server on a free port against its own seeded temporary database. */
export default async function setup(project: TestProject) {
  if (!fs.existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Browser tests need Chromium at ${CHROMIUM_PATH}. Install it with: apt-get update && apt-get install -y chromium`,
    );
  }
  if (!fs.existsSync("build/index.js")) {
    throw new Error("Browser tests need the built server. Run `npm run build` first (npm test does).");
  }

  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cyber-basics-e2e-"));
  const databasePath = path.join(dir, "e2e.db");
  const outboxDir = path.join(dir, "outbox");
  const db = createDb(databasePath);
  migrateDb(db);
  await seedDemo(db);
  db.$client.close();

  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  let output = "";
  const server = spawn(process.execPath, ["--import", "tsx", "scripts/serve.ts"], {
    env: { ...process.env, NODE_ENV: "production", PORT: String(port), DATABASE_PATH: databasePath, OUTBOX_DIR: outboxDir, APP_URL: baseUrl },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout?.on("data", (chunk) => (output += chunk));
  server.stderr?.on("data", (chunk) => (output += chunk));
  await waitForHealthy(baseUrl, server, () => output);

  project.provide("baseUrl", baseUrl);
  project.provide("databasePath", databasePath);
  project.provide("outboxDir", outboxDir);

  return async () => {
    server.kill("SIGTERM");
    await new Promise((r) => server.once("exit", r));
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
