import type { Command } from "../types.js";
import { stats } from "./stats.js";
import { breaker } from "./breaker.js";
import { blacklist } from "./blacklist.js";
import { failed } from "./failed.js";

/** OperServ's command table: one file per command, listed here. */
export const operservCommands: Command[] = [stats, breaker, blacklist, failed];
