#!/usr/bin/env node
/**
 * The launcher. What must happen before the rest of the program is loaded happens here, then the
 * command itself (command-line.ts) is imported: libuv's thread pool is sized before its first use
 * (util/thread-pool.ts).
 */
import { sizeThreadPool } from "./util/thread-pool.js";

sizeThreadPool();
await import("./command-line.js");
