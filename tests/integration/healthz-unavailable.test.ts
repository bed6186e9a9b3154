import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { loader } from "~/routes/healthz";

describe("GET /healthz without a database", () => {
  it("answers 503 when the database cannot be opened", async () => {
    // A regular file where the database's folder should be: SQLite cannot open it.
    const blocker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "cb-health-")), "not-a-folder");
    fs.writeFileSync(blocker, "");
    process.env.DATABASE_PATH = path.join(blocker, "db.sqlite");
    vi.spyOn(console, "error").mockImplementation(() => {});
    const response = loader();
    expect(response.status).toBe(503);
    expect(await response.text()).toBe("database unavailable");
  });
});
