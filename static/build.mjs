// The front-end build (`npm run build`, after `npm ci`): compiles static/src/application.scss
// (GOV.UK Frontend + MOJ Frontend) and copies their scripts and images into static/build/,
// which settings.STATICFILES_DIRS serves. ./dev and the Dockerfile's assets stage both run it.
import { cpSync, mkdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import * as sass from "sass";

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));
const BUILD = join(ROOT, "static", "build");

// Copied as they are into static/build/ (images land where the SCSS's $moj-assets-path points).
export const COPIES = {
  "node_modules/govuk-frontend/dist/govuk/assets/images": "assets/images",
  "node_modules/@ministryofjustice/frontend/moj/assets/images": "assets/images",
  "node_modules/govuk-frontend/dist/govuk/govuk-frontend.min.js": "govuk-frontend.min.js",
  "node_modules/@ministryofjustice/frontend/moj/moj-frontend.min.js": "moj-frontend.min.js",
  "static/src/application.js": "application.js",
};

function compileCss() {
  let result;
  try {
    result = sass.compile(join(ROOT, "static", "src", "application.scss"), {
      // "pkg:govuk-frontend" and "pkg:@ministryofjustice/frontend" resolve through node_modules.
      importers: [new sass.NodePackageImporter(ROOT)],
      // MOJ Frontend loads govuk-frontend as node_modules/govuk-frontend/...
      loadPaths: [ROOT],
      style: "compressed",
      sourceMap: false,
      quietDeps: true,
    });
  } catch (error) {
    console.error(error.toString());
    console.error("static/build.mjs: sass failed; static/build/application.css left as it was");
    process.exit(65);
  }
  // Written to a scratch file that replaces the real one whole, so a reader never sees half;
  // with a final newline, as the sass command line writes it.
  const scratch = join(BUILD, "application.css.tmp");
  writeFileSync(scratch, result.css + "\n");
  renameSync(scratch, join(BUILD, "application.css"));
}

function copyAssets() {
  for (const [source, target] of Object.entries(COPIES)) {
    // cpSync copies a directory into an existing one file by file, as the Python build did.
    cpSync(join(ROOT, source), join(BUILD, target), { recursive: true, preserveTimestamps: true });
  }
}

mkdirSync(BUILD, { recursive: true });
rmSync(join(BUILD, "application.css.tmp"), { force: true });
compileCss();
copyAssets();
