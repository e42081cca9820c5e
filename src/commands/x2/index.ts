import type { Command } from "../types.js";

/** X2's command table: one file per command, listed here. */
export const x2Commands: Command[] = [];
