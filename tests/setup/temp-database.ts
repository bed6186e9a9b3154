import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll } from "vitest";

// Each integration test file gets its own SQLite file: the app's db() opens it on first use.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cyber-basics-test-"));
process.env.DATABASE_PATH = path.join(dir, "test.db");
process.env.OUTBOX_DIR = path.join(dir, "outbox");
process.env.NODE_ENV = "test";

afterAll(() => {
  globalThis.__cyberBasicsDb?.$client.close();
  globalThis.__cyberBasicsDb = undefined;
  fs.rmSync(dir, { recursive: true, force: true });
});
