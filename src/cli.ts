#!/usr/bin/env node
/**
 * The launcher. What must happen before the rest of the program is loaded happens here, then the
 * command itself (command-line.ts) is imported:
 * - V8's compiled code for our modules and their dependencies is kept on disk, so that later
 *   starts skip compiling them (NODE_COMPILE_CACHE names the folder; by default one under the
 *   system's temporary directory);
 * - libuv's thread pool is sized before its first use (util/thread-pool.ts).
 */
import module from "node:module";
import { sizeThreadPool } from "./util/thread-pool.js";

module.enableCompileCache?.();
sizeThreadPool();
await import("./command-line.js");
