import { buildScormAssets } from "../app/scorm/build-assets.server";
import { SCORM_ASSETS_DIR } from "../app/scorm/assets.server";

const HELP = `Usage: tsx scripts/build-scorm-assets.ts

Writes the files every SCORM package shares into ${SCORM_ASSETS_DIR}: the player
script (app/scorm/player/player.ts bundled with the app's quiz draw), the NHS.UK
and lesson styles, and the images they use. npm run build runs it.`;

if (process.argv.includes("--help")) {
  console.log(HELP);
  process.exit(0);
}

const files = await buildScormAssets();
console.log(`Wrote ${files.length} SCORM package assets to ${SCORM_ASSETS_DIR}`);
