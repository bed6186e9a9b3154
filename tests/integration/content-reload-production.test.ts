import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildContent } from "~/content/build.server";
import { getLessonPage, listModules } from "~/content/catalogue.server";

// A running production server, not development: it must notice a new build by itself.
process.env.NODE_ENV = "production";
const temp = fs.mkdtempSync(path.join(os.tmpdir(), "cb-content-reload-prod-"));
const dir = path.join(temp, "modules");
const options = {
  dir,
  outDir: path.join(temp, "build"),
  cacheDir: path.join(temp, "cache"),
  publicDir: path.join(temp, "public"),
};
process.env.CONTENT_BUILD_DIR = options.outDir;
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

const slugs = () => listModules("en-GB").map((m) => m.slug);

function addModule(slug: string, title: string, order: number) {
  const target = path.join(dir, slug);
  fs.cpSync("tests/fixtures/content/valid/password-basics", target, { recursive: true });
  const meta = path.join(target, "module.md");
  fs.writeFileSync(
    meta,
    fs
      .readFileSync(meta, "utf8")
      .replace(/^title: .*$/m, `title: ${title}`)
      .replace(/^order: .*$/m, `order: ${order}`),
  );
}

async function until(condition: () => boolean, ms: number) {
  const end = Date.now() + ms;
  while (!condition() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
}

describe("a new content build on a running server", () => {
  it("is served within seconds, without a restart, and every read in between succeeds", async () => {
    addModule("password-basics", "Password basics", 1);
    expect((await buildContent(options)).ok).toBe(true);
    expect(slugs()).toEqual(["password-basics"]);

    // Keep reading a page the whole time, as requests would.
    let reads = 0;
    let failures = 0;
    let reading = true;
    const reader = (async () => {
      while (reading) {
        if (!getLessonPage("password-basics", 1, "en-GB")?.html) failures++;
        reads++;
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();

    addModule("locking-your-screen", "Locking your screen", 2);
    expect((await buildContent(options)).ok).toBe(true);
    expect(await until(() => slugs().includes("locking-your-screen"), 5_000)).toBe(true);
    reading = false;
    await reader;
    expect(slugs()).toEqual(["password-basics", "locking-your-screen"]);
    expect(reads).toBeGreaterThan(10);
    expect(failures).toBe(0);
  });

  it("loads the new build at once on SIGHUP", async () => {
    addModule("screen-privacy", "Screen privacy", 3);
    expect((await buildContent(options)).ok).toBe(true);
    process.kill(process.pid, "SIGHUP");
    expect(await until(() => slugs().includes("screen-privacy"), 200)).toBe(true);
  });

  it("keeps serving what it had when the new build cannot be read", async () => {
    fs.writeFileSync(path.join(options.outDir, "catalogue.json"), "{ half a file");
    process.kill(process.pid, "SIGHUP");
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(slugs()).toEqual(["password-basics", "locking-your-screen", "screen-privacy"]);
  });
});
