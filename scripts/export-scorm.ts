import fs from "node:fs";
import path from "node:path";
import { parseArgs } from "node:util";

const HELP = `Usage: npm run scorm:export -- --module <slug> [--language cy] --out <file.zip>
       npm run scorm:export -- --all [--language cy] --out <folder>

Writes a module as a SCORM 1.2 package for a learning management system (LMS), the
same file a system admin downloads from /admin/scorm: its lessons as static pages with
the NHS.UK styles and its quiz, reporting to the LMS through the SCORM 1.2 runtime
(lesson status, score, where the learner got to). The quiz is marked in the browser,
so the package holds its answer key. Reads the content build (CONTENT_BUILD_DIR,
default ./build/content: run npm run build or npm run content:build first).

  --module <slug>    the module, for example spotting-phishing
  --all              every module, one zip each, into the folder --out names
  --language <lang>  en-GB (default) or cy: Welsh lessons show Welsh organisations' blocks
  --out <path>       the zip to write (--module) or the folder (--all)
  --help             this text`;

const { values } = parseArgs({
  options: {
    module: { type: "string" },
    all: { type: "boolean", default: false },
    language: { type: "string", default: "en-GB" },
    out: { type: "string" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}
const language =
  values.language === "cy" ? "cy" : values.language === "en-GB" || values.language === "en" ? "en-GB" : null;
if (!language || !values.out || values.all === Boolean(values.module)) {
  console.error(HELP);
  process.exit(2);
}

const { buildScormAssets } = await import("../app/scorm/build-assets.server");
const { buildScormPackage, zipScormPackage } = await import("../app/scorm/package.server");
const { listModules } = await import("../app/content/catalogue.server");

// The player may have changed since the last build: make the shared files afresh.
await buildScormAssets();

const slugs = values.all ? listModules(language).map((m) => m.slug) : [values.module!];
if (slugs.length === 0) {
  console.error("No modules in the content build: run npm run content:build first.");
  process.exit(1);
}
if (values.all) fs.mkdirSync(values.out, { recursive: true });
for (const slug of slugs) {
  const scormPackage = buildScormPackage(slug, language);
  if (!scormPackage) {
    console.error(`No module ${slug} in the content build.`);
    process.exit(1);
  }
  const file = values.all ? path.join(values.out, scormPackage.fileName) : values.out;
  fs.writeFileSync(file, zipScormPackage(scormPackage));
  console.log(`Wrote ${file} (${scormPackage.files.size} files)`);
}
