/**
 * The production install the operator's guide describes: a tree with dist/ built, installed with
 * `npm ci --omit=dev` (no build tools), runs `custodian`; without dist/ the install stops and says
 * what to do. Runs the real npm in a temporary copy of the package; the SQLite binding's install
 * script finds the binding this checkout built as a local prebuild (prebuild-install's
 * `local-prebuilds`) instead of compiling it again, and packages come from npm's cache.
 */
import { spawn } from "node:child_process";
import { cpSync, existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

interface Run {
  code: number | null;
  output: string;
}

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    child.stdout.on("data", (d) => (output += d));
    child.stderr.on("data", (d) => (output += d));
    child.on("error", reject);
    child.on("exit", (code) => resolve({ code, output }));
  });
}

/** The npm running the tests (npm test sets npm_execpath), else the one on PATH. */
function npm(args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Run> {
  const npmCli = process.env.npm_execpath;
  return npmCli && npmCli.endsWith(".js") ? run(process.execPath, [npmCli, ...args], cwd, env) : run("npm", args, cwd, env);
}

describe("a production install (npm ci --omit=dev)", () => {
  let dir: string;
  let env: NodeJS.ProcessEnv;

  /** A copy of what the operator's checkout holds after building: the package files, and dist/ when `built`. */
  function checkout(name: string, built: boolean): string {
    const copy = join(dir, name);
    for (const path of ["package.json", "package-lock.json", "scripts", "migrations", "services.conf.example", ...(built ? ["dist"] : [])]) {
      cpSync(join(ROOT, path), join(copy, path), { recursive: true });
    }
    return copy;
  }

  const install = (cwd: string) => npm(["ci", "--omit=dev", "--prefer-offline", "--no-audit", "--no-fund"], cwd, env);

  beforeAll(async () => {
    expect(existsSync(join(ROOT, "dist", "cli.js")), "npm run build first").toBe(true);
    dir = mkdtempSync(join(tmpdir(), "custodian-install-"));
    // better-sqlite3's install script (prebuild-install) looks for <name>-v<version>-node-v<abi>-<platform>-<arch>.tar.gz here.
    const version = (await import(join(ROOT, "node_modules", "better-sqlite3", "package.json"), { with: { type: "json" } })).default.version as string;
    const prebuilds = join(dir, "prebuilds");
    cpSync(join(ROOT, "node_modules", "better-sqlite3", "build", "Release", "better_sqlite3.node"), join(prebuilds, "staging", "build", "Release", "better_sqlite3.node"));
    const tarball = join(prebuilds, `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`);
    const packed = await run("tar", ["-czf", tarball, "-C", join(prebuilds, "staging"), "build"], dir);
    expect(packed.code, packed.output).toBe(0);
    env = { ...process.env, npm_config_better_sqlite3_local_prebuilds: prebuilds };
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("installs without the build tools over a built tree, and custodian runs from it", async () => {
    const copy = checkout("built", true);
    const installed = await install(copy);
    expect(installed.code, installed.output).toBe(0);
    expect(installed.output).toContain("using the dist/ built before");
    expect(existsSync(join(copy, "node_modules", "typescript"))).toBe(false);
    expect(existsSync(join(copy, "node_modules", "better-sqlite3"))).toBe(true);

    const version = await run(process.execPath, ["dist/cli.js", "--version"], copy);
    expect(version.output).toMatch(/^custodian \d+\.\d+\.\d+\n$/);
    const check = await run(process.execPath, ["dist/cli.js", "--check-config", "services.conf.example"], copy);
    expect(check.code, check.output).toBe(0);
    expect(check.output).toContain("configuration is valid.");
    // The SQLite binding the install put in place loads and works.
    const sqlite = await run(process.execPath, ["-e", "const D = require('better-sqlite3'); console.log(new D(':memory:').prepare('select 6 * 7 as n').get().n)"], copy);
    expect(sqlite.output.trim()).toBe("42");
  });

  it("without dist/, stops and says how to build", async () => {
    const copy = checkout("unbuilt", false);
    const installed = await install(copy);
    expect(installed.code).not.toBe(0);
    expect(installed.output).toContain("custodian: dist/ has not been built, and the build tools (dev dependencies) are not installed.");
    expect(installed.output).toContain("npm ci && npm prune --omit=dev");
  });
});
