import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createSeededDatabase,
  sessionCookieFor,
  startServer,
  uploadStaffList,
  watchHealth,
  type RunningServer,
  type TempDatabase,
} from "../../scripts/bench-harness";

let database: TempDatabase;
let server: RunningServer;
beforeAll(async () => {
  database = await createSeededDatabase("cyber-basics-import-load-");
  // One process: the upload and the health checks share its event loop.
  server = await startServer({ databasePath: database.databasePath, outboxDir: database.outboxDir, workers: 1 });
});
afterAll(async () => {
  await server?.stop();
  database?.remove();
});

/** A staff list of about `megabytes` MB, with Windows line ends. */
function bigStaffList(megabytes: number): Uint8Array {
  const lines = ["Employee Number,First Name,Last Name,Email,Department,Staff Group,Job Role,Start Date"];
  let size = lines[0].length;
  for (let i = 0; size < megabytes * 1_000_000; i++) {
    const line = `L${i},Llinos,Hughes-${i},llinos.hughes.${i}@load.example,Ward ${i % 90} (Medicine),Nursing and Midwifery Registered,Staff Nurse Band ${5 + (i % 3)},0${1 + (i % 9)}/0${1 + (i % 9)}/2020`;
    lines.push(line);
    size += line.length + 2;
  }
  return new TextEncoder().encode(lines.join("\r\n") + "\r\n");
}

describe("the server during a big upload", () => {
  // The built server reads, checks and stores the file in a worker thread (checkUploadOffThread).
  it(
    "answers /healthz in under 200 ms while a 19 MB staff list is read and checked",
    { timeout: 600_000 },
    async () => {
      const file = bigStaffList(19);
      expect(file.length).toBeGreaterThan(18_900_000);
      const cookie = sessionCookieFor(database.databasePath, "manager@riverside.example");
      const health = watchHealth(server.baseUrl);
      const sent = await uploadStaffList(server.baseUrl, cookie, "XA1", "big.csv", file);
      const { slowestMs, checks, failures } = await health.stop();
      expect(sent.status, sent.body.slice(0, 500)).toBe(302);
      expect(sent.previewPath).toMatch(/^\/manage\/XA1\/import\/[\w-]+$/);
      expect(failures).toBe(0);
      expect(checks).toBeGreaterThan(10);
      expect(slowestMs).toBeLessThan(200);

      // The preview page shows what was stored: it does not read the file again.
      const started = performance.now();
      const page = await fetch(`${server.baseUrl}${sent.previewPath}`, { headers: { Cookie: cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("Llinos Hughes-0");
      expect(performance.now() - started).toBeLessThan(1000);
    },
  );
});
