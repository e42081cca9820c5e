#!/usr/bin/env node
/**
 * The launcher. What must happen before the rest of the program is loaded happens here, then the
 * command itself (command-line.ts) is imported:
 * - to run the services on Linux with glibc, Node is started again (the same process: execve, so
 *   signals, standard streams and the exit code stay the service manager's) with glibc's malloc
 *   limited to one arena, unless the environment already says how many (util/malloc-tuning.ts;
 *   set GLIBC_TUNABLES in the service manager to skip the restart, or CUSTODIAN_MALLOC_TUNING=off
 *   to keep glibc's default). Checking a file, a backup and an import are not started again;
 * - stack traces name the TypeScript sources (the bundle's source maps, dist/**.map): reading
 *   the maps costs a few ms of start-up, and a bug logged with its place in src/ is worth it;
 * - V8's compiled code for our modules and their dependencies is kept on disk, so that later
 *   starts skip compiling them (NODE_COMPILE_CACHE names the folder; by default one under the
 *   system's temporary directory);
 * - libuv's thread pool is sized before its first use (util/thread-pool.ts).
 */
import module from "node:module";
import { startsServices } from "./cli/arguments.js";
import { mallocTunedEnvironment } from "./util/malloc-tuning.js";
import { sizeThreadPool } from "./util/thread-pool.js";

const tuned = startsServices(process.argv.slice(2)) ? mallocTunedEnvironment(process.env) : null;
if (tuned && process.execve) {
  try {
    process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], tuned);
  } catch {
    // Node versions whose execve reports a failure (rather than ending the process) carry on untuned.
  }
}

if (module.setSourceMapsSupport) module.setSourceMapsSupport(true);
else process.setSourceMapsEnabled(true);
module.enableCompileCache?.();
sizeThreadPool();
await import("./command-line.js");
