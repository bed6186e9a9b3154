import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { build } from "esbuild";
import { packageNhsukCss, SCORM_ASSETS_DIR, SHELL_CSS } from "./assets.server";

/**
 * Writes the files every SCORM package shares into SCORM_ASSETS_DIR: player.js (esbuild bundles
 * app/scorm/player/player.ts with the app's own quiz draw, node:crypto swapped for the browser's
 * crypto), the styles and images, and files.json listing them. Build time only: esbuild is a
 * development dependency, so the server reads what this wrote.
 */
export async function buildScormAssets(dir = SCORM_ASSETS_DIR): Promise<string[]> {
  const root = path.resolve(dir);
  fs.rmSync(root, { recursive: true, force: true });
  fs.mkdirSync(path.join(root, "images"), { recursive: true });

  await build({
    entryPoints: [path.resolve("app/scorm/player/player.ts")],
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2019"],
    platform: "browser",
    alias: { "node:crypto": path.resolve("app/scorm/player/random.ts") },
    outfile: path.join(root, "player.js"),
    logLevel: "warning",
  });

  const require = createRequire(import.meta.url);
  const dist = path.join(path.dirname(require.resolve("nhsuk-frontend/package.json")), "dist", "nhsuk");
  const { css, images } = packageNhsukCss(fs.readFileSync(path.join(dist, "nhsuk-frontend.min.css"), "utf8"));
  fs.writeFileSync(path.join(root, "nhsuk-frontend.css"), css);
  for (const image of images)
    fs.copyFileSync(path.join(dist, "assets", "images", image), path.join(root, "images", image));
  fs.copyFileSync(path.resolve("app/content/lesson.css"), path.join(root, "lesson.css"));
  fs.writeFileSync(path.join(root, "scorm.css"), SHELL_CSS);

  const files = ["player.js", "nhsuk-frontend.css", "lesson.css", "scorm.css", ...images.map((i) => `images/${i}`)];
  fs.writeFileSync(path.join(root, "files.json"), JSON.stringify(files));
  return files;
}
