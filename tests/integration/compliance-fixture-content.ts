import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { buildContent } from "~/content/build.server";

export interface FixtureModule {
  slug: string;
  version: string;
  versionDate: string;
  order: number;
}

/**
 * Builds a small real content catalogue for the compliance tests: copies of the test fixture module
 * under the slugs and versions asked for (a new major version with a recent date makes older
 * completions need a retake).
 */
export function fixtureContentFolder(): { temp: string; outDir: string; cleanUp: () => void } {
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), "cb-compliance-content-"));
  return { temp, outDir: path.join(temp, "build"), cleanUp: () => fs.rmSync(temp, { recursive: true, force: true }) };
}

/** Call with the folder from fixtureContentFolder(), whose outDir CONTENT_BUILD_DIR already names. */
export async function buildFixtureContent(
  folder: { temp: string; outDir: string },
  modules: FixtureModule[],
): Promise<void> {
  const { temp, outDir } = folder;
  const source = path.resolve("tests/fixtures/content/valid/password-basics");
  for (const m of modules) {
    const dir = path.join(temp, "content", m.slug);
    fs.cpSync(source, dir, { recursive: true });
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith(".mdx"))) {
      const target = path.join(dir, file);
      fs.writeFileSync(
        target,
        fs.readFileSync(target, "utf8").replaceAll("/learn/password-basics", `/learn/${m.slug}`),
      );
    }
    for (const file of ["module.md", "module.cy.md"]) {
      const target = path.join(dir, file);
      if (!fs.existsSync(target)) continue;
      const text = fs
        .readFileSync(target, "utf8")
        .replace(/^version: .*$/m, `version: ${m.version}`)
        .replace(/^versionDate: .*$/m, `versionDate: ${m.versionDate}`)
        .replace(/^order: .*$/m, `order: ${m.order}`)
        .replace(/^title: .*$/m, `title: Fixture ${m.slug}`);
      fs.writeFileSync(target, text);
    }
  }
  const built = await buildContent({
    dir: path.join(temp, "content"),
    outDir,
    cacheDir: path.join(temp, "cache"),
    publicDir: path.join(temp, "public"),
  });
  if (!built.ok) throw new Error(`Fixture content did not build: ${JSON.stringify(built.problems)}`);
}
