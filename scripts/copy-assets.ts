import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";

const HELP = `Usage: tsx scripts/copy-assets.ts

Copies nhsuk-frontend's images to public/assets/images and its CSS to
public/assets/nhsuk-frontend.css without the @font-face rules: the Frutiger
fonts live on an outside host, which our Content-Security-Policy (and an offline
ward PC) does not reach, so pages use the design system's Arial fallback.`;

if (process.argv.includes("--help")) {
  console.log(HELP);
  process.exit(0);
}

const require = createRequire(import.meta.url);
const dist = path.join(path.dirname(require.resolve("nhsuk-frontend/package.json")), "dist", "nhsuk");
const out = path.resolve("public/assets");

fs.mkdirSync(out, { recursive: true });
fs.cpSync(path.join(dist, "assets", "images"), path.join(out, "images"), { recursive: true });
const css = fs.readFileSync(path.join(dist, "nhsuk-frontend.min.css"), "utf8");
const withoutFonts = css.replace(/@font-face\{[^}]*\}/g, "");
if (/assets\.nhs\.uk/.test(withoutFonts)) throw new Error("nhsuk-frontend CSS still refers to an outside host.");
fs.writeFileSync(path.join(out, "nhsuk-frontend.css"), withoutFonts);
console.log(`Copied nhsuk-frontend assets to ${out}`);
