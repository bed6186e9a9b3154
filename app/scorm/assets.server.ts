import fs from "node:fs";
import path from "node:path";

/**
 * The files every SCORM package shares, made by `npm run build` (scripts/build-scorm-assets.ts)
 * into this folder: the player script, the NHS.UK and lesson styles and the images they use.
 */
export const SCORM_ASSETS_DIR = "build/scorm";

/** The launch page only frames the lessons: the frame fills the window the LMS gives it. */
export const SHELL_CSS = `html, body { height: 100%; margin: 0; }
.cb-shell__frame { display: block; width: 100%; height: 100%; border: 0; }
`;

/**
 * nhsuk-frontend's CSS for a package: without the @font-face rules (their fonts live on an outside
 * host; pages fall back to Arial as the app's do) and with its images relative to the stylesheet.
 * Returns the CSS and the images it uses.
 */
export function packageNhsukCss(css: string): { css: string; images: string[] } {
  const images = new Set<string>();
  const rewritten = css
    .replace(/@font-face\{[^}]*\}/g, "")
    .replace(/url\(\s*["']?\/assets\/images\/([\w.-]+)["']?\s*\)/g, (_, file: string) => {
      images.add(file);
      return `url(images/${file})`;
    });
  const outside = /url\(\s*["']?(?:https?:)?\/\//.exec(rewritten);
  if (outside) throw new Error(`nhsuk-frontend CSS still loads something from another site: ${outside[0]}`);
  return { css: rewritten, images: [...images].sort() };
}

/** Every shared file, by its path inside a package. Throws with what to run when the build is missing. */
export function readScormAssets(dir = SCORM_ASSETS_DIR): Map<string, Uint8Array> {
  const root = path.resolve(dir);
  const listing = path.join(root, "files.json");
  if (!fs.existsSync(listing)) throw new Error(`No SCORM package assets in ${root}: run npm run build.`);
  const files = JSON.parse(fs.readFileSync(listing, "utf8")) as string[];
  return new Map(files.map((file) => [`assets/${file}`, new Uint8Array(fs.readFileSync(path.join(root, file)))]));
}
