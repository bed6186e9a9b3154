import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildContent } from "~/content/build.server";

/**
 * Builds the fixture modules into a fresh folder and points the app at it. Call at the top of a
 * test file, before anything reads the environment.
 */
export function useFixtureContent(fixtureDir = "tests/fixtures/content/valid"): { ready: Promise<void> } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "cb-content-"));
  process.env.CONTENT_BUILD_DIR = path.join(root, "built");
  const ready = buildContent({
    dir: path.resolve(fixtureDir),
    outDir: process.env.CONTENT_BUILD_DIR,
    cacheDir: path.join(root, "cache"),
    publicDir: path.join(root, "public"),
  }).then((result) => {
    if (!result.ok) throw new Error(`Fixture content did not build: ${JSON.stringify(result.problems)}`);
  });
  return { ready };
}
