#!/usr/bin/env node
/**
 * The launcher. What must happen before the rest of the program is loaded happens here, then the
 * command itself (command-line.ts) is imported:
 * - on Linux, Node is started again with glibc's malloc limited to one arena, unless the
 *   environment already says how many (util/malloc-tuning.ts; set GLIBC_TUNABLES in the service
 *   manager to skip the restart, or CUSTODIAN_MALLOC_TUNING=off to keep glibc's default);
 * - V8's compiled code for our modules and their dependencies is kept on disk, so that later
 *   starts skip compiling them (NODE_COMPILE_CACHE names the folder; by default one under the
 *   system's temporary directory);
 * - libuv's thread pool is sized before its first use (util/thread-pool.ts).
 */
import module from "node:module";
import { mallocTunedEnvironment } from "./util/malloc-tuning.js";
import { sizeThreadPool } from "./util/thread-pool.js";
const tuned = mallocTunedEnvironment(process.env);
if (tuned && process.execve)
    process.execve(process.execPath, [process.execPath, ...process.execArgv, ...process.argv.slice(1)], tuned);
module.enableCompileCache?.();
sizeThreadPool();
await import("./command-line.js");
//# sourceMappingURL=cli.js.map