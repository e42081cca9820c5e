/**
 * npm 11 asks for every dependency's install script to be approved in package.json's allowScripts
 * (and newer npm skips unapproved ones): better-sqlite3's native build must be listed there, or a
 * fresh `npm ci` warns and, later, installs a Custodian that cannot open its database.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const INSTALL_SCRIPTS = ["preinstall", "install", "postinstall"];

/** The installed packages (under node_modules, nested ones included) that have an install script. */
function packagesWithInstallScripts(dir: string, found = new Set<string>()): Set<string> {
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir)) {
    if (entry.startsWith(".")) continue;
    const path = join(dir, entry);
    if (entry.startsWith("@")) {
      packagesWithInstallScripts(path, found);
      continue;
    }
    const manifest = join(path, "package.json");
    if (!existsSync(manifest)) continue;
    const pkg = JSON.parse(readFileSync(manifest, "utf8")) as { name?: string; scripts?: Record<string, string> };
    if (pkg.name && INSTALL_SCRIPTS.some((s) => pkg.scripts?.[s])) found.add(pkg.name);
    packagesWithInstallScripts(join(path, "node_modules"), found);
  }
  return found;
}

describe("package.json", () => {
  it("approves or denies, in allowScripts, every installed dependency's install script", () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { allowScripts?: Record<string, boolean> };
    const decided = Object.keys(pkg.allowScripts ?? {});
    const withScripts = [...packagesWithInstallScripts(join(ROOT, "node_modules"))].sort();
    expect(withScripts).toContain("better-sqlite3");
    expect(withScripts.filter((name) => !decided.includes(name))).toEqual([]);
    expect(pkg.allowScripts?.["better-sqlite3"]).toBe(true);
  });
});
