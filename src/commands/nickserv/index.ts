import type { Command } from "../types.js";

/** NickServ's command table: one file per command, listed here. */
export const nickservCommands: Command[] = [];
