import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { buildContent } from "~/content/build.server";
import { loader } from "~/routes/modules._index";

const temp = fs.mkdtempSync(path.join(os.tmpdir(), "cb-content-route-"));
const outDir = path.join(temp, "build");
process.env.CONTENT_BUILD_DIR = outDir;
afterAll(() => fs.rmSync(temp, { recursive: true, force: true }));

const load = (headers: Record<string, string> = {}) =>
  loader({
    request: new Request("http://localhost/modules", { headers }),
    params: {},
    context: { clientIp: "127.0.0.1" },
  });

describe("GET /modules", () => {
  it("lists no modules before any content is built", async () => {
    vi.spyOn(console, "warn").mockImplementation(() => {});
    expect((await load()).modules).toEqual([]);
  });

  it("sends titles and summaries only: no answers, no lesson HTML", async () => {
    const built = await buildContent({
      dir: "tests/fixtures/content/valid",
      outDir,
      cacheDir: path.join(temp, "cache"),
      publicDir: path.join(temp, "public"),
    });
    expect(built.ok).toBe(true);

    const data = await load();
    expect(data).toEqual({
      language: "en-GB",
      modules: [
        {
          slug: "password-basics",
          title: "Password basics",
          summary: "A small module the tests build, on how to choose a password and keep it to yourself.",
          minutes: 10,
          pageCount: 2,
          welsh: "partial",
          language: "en-GB",
        },
      ],
    });
    expect(JSON.stringify(data)).not.toMatch(/correct|explanation|html|options|<p/i);
  });

  it("answers in Welsh when the visitor asks for Welsh", async () => {
    const data = await load({ "Accept-Language": "cy" });
    expect(data.language).toBe("cy");
    expect(data.modules[0]).toMatchObject({ title: "Hanfodion cyfrineiriau", language: "cy" });
    expect(JSON.stringify(data)).not.toMatch(/correct|explanation|html|options/i);
  });
});
