import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildContent } from "~/content/build.server";
import { getLessonPage, getModule } from "~/content/catalogue.server";

// In development the catalogue notices rebuilt files; the setup file sets "test", so set it here,
// before env() first reads it.
process.env.NODE_ENV = "development";
const temp = fs.mkdtempSync(path.join(os.tmpdir(), "cb-content-reload-"));
const dir = path.join(temp, "modules");
const options = {
  dir,
  outDir: path.join(temp, "build"),
  cacheDir: path.join(temp, "cache"),
  publicDir: path.join(temp, "public"),
};
process.env.CONTENT_BUILD_DIR = options.outDir;
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

function edit(file: string, from: string, to: string) {
  const full = path.join(dir, "password-basics", file);
  fs.writeFileSync(full, fs.readFileSync(full, "utf8").replace(from, to));
}

describe("content in development", () => {
  it("shows an edited module after a rebuild, without a restart", async () => {
    fs.cpSync("tests/fixtures/content/valid/password-basics", path.join(dir, "password-basics"), { recursive: true });
    expect((await buildContent(options)).ok).toBe(true);
    expect(getModule("password-basics", "en-GB")?.title).toBe("Password basics");
    expect(getLessonPage("password-basics", 2, "en-GB")?.html).toContain("Your password is yours alone.");

    edit("module.md", "title: Password basics", "title: Passwords, the basics");
    edit("02-keeping-it-private.mdx", "Your password is yours alone.", "Keep your password to yourself.");
    expect((await buildContent(options)).ok).toBe(true);
    expect(getModule("password-basics", "en-GB")?.title).toBe("Passwords, the basics");
    expect(getLessonPage("password-basics", 2, "en-GB")?.html).toContain("Keep your password to yourself.");
  });
});
