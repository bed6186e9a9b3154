import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { buildContent } from "~/content/build.server";
import { loader as modulesLoader } from "~/routes/modules._index";
import { callRoute } from "../support/routes";

const root = fs.mkdtempSync(path.join(os.tmpdir(), "cb-new-module-"));
const contentDir = path.join(root, "modules");
process.env.CONTENT_BUILD_DIR = path.join(root, "built");
// In development the server notices rebuilt content; in production it reads it once at start.
process.env.NODE_ENV = "development";
const build = () =>
  buildContent({
    dir: contentDir,
    outDir: process.env.CONTENT_BUILD_DIR!,
    cacheDir: path.join(root, "cache"),
    publicDir: path.join(root, "public"),
  });
const slugsOnCataloguePage = async () =>
  (await callRoute(modulesLoader, { path: "/modules" })).data.modules.map((m: { slug: string }) => m.slug);

describe("adding a module", () => {
  it("appears in the catalogue after the build, with no code changes", async () => {
    fs.cpSync(path.resolve("tests/fixtures/content/valid/password-basics"), path.join(contentDir, "password-basics"), {
      recursive: true,
    });
    expect((await build()).ok).toBe(true);
    expect(await slugsOnCataloguePage()).toEqual(["password-basics"]);

    // An author drops a new folder in: same files, new slug and title.
    const added = path.join(contentDir, "locking-your-screen");
    fs.cpSync(path.join(contentDir, "password-basics"), added, { recursive: true });
    const metadata = path.join(added, "module.md");
    fs.writeFileSync(
      metadata,
      fs
        .readFileSync(metadata, "utf8")
        .replace(/^title: .*$/m, "title: Locking your screen")
        .replace(/^order: .*$/m, "order: 2"),
    );
    const result = await build();
    expect(result.ok).toBe(true);
    expect(result.compiled).toEqual(["locking-your-screen"]);
    expect(await slugsOnCataloguePage()).toEqual(["password-basics", "locking-your-screen"]);
  });
});
