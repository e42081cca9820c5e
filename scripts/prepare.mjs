// npm runs `prepare` after `npm ci` and `npm install` in this folder. With the dev dependencies
// installed (the build tools: TypeScript and rolldown) it builds dist/. A production install
// (`npm ci --omit=dev`) has no build tools: it keeps the dist/ built before, and fails with what to
// do when there is none.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const root = new URL("..", import.meta.url);

function installed(name) {
  try {
    require.resolve(`${name}/package.json`);
    return true;
  } catch {
    return false;
  }
}

if (installed("typescript") && installed("rolldown")) {
  // The npm that runs this script (npm_execpath), else the one on PATH.
  const npm = process.env.npm_execpath;
  const run = npm ? spawnSync(process.execPath, [npm, "run", "build"], { stdio: "inherit" }) : spawnSync("npm", ["run", "build"], { stdio: "inherit" });
  if (run.error) console.error(`custodian: cannot run npm to build dist/: ${run.error.message}`);
  process.exit(run.status ?? 1);
}

if (existsSync(new URL("dist/cli.js", root))) {
  console.log("custodian: the build tools (dev dependencies) are not installed; using the dist/ built before.");
  process.exit(0);
}

console.error(
  [
    "custodian: dist/ has not been built, and the build tools (dev dependencies) are not installed.",
    "Install with them, which builds dist/, then drop them:",
    "  npm ci && npm prune --omit=dev",
  ].join("\n"),
);
process.exit(1);
