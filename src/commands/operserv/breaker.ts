import { shown } from "../../util/text.js";
import type { Command } from "../types.js";
import { ago, operOf } from "./common.js";

const list: Command = {
  name: "LIST",
  syntax: "BREAKER LIST",
  summary: "Lists maintenance loops held by the breaker.",
  help: ["Shows each held loop, how many rows it wanted to change and since when."],
  minArgs: 0,
  maxArgs: 0,
  run(ctx) {
    const held = ctx.services.breaker.held();
    if (held.length === 0) {
      ctx.reply("No maintenance loop is held.");
      return;
    }
    const now = ctx.services.clock.now();
    for (const entry of held) ctx.reply(`${entry.loop}: wants to change ${entry.wanted} rows, held since ${ago(entry.at, now)}`);
  },
};

const confirm: Command = {
  name: "CONFIRM",
  syntax: "BREAKER CONFIRM <loop>",
  summary: "Lets a held loop make its large run once.",
  help: ["Use it after checking that the number of rows the loop wants to change is expected (no clock jump, no policy typo)."],
  minArgs: 1,
  maxArgs: 1,
  run(ctx, [loop = ""]) {
    if (!ctx.services.breaker.confirm(loop, operOf(ctx).id)) {
      ctx.reply(`Loop ${shown(loop)} is not held. See /msg ${ctx.serviceNick} BREAKER LIST.`);
      return;
    }
    ctx.reply(`Confirmed: the next run of ${loop} will go ahead.`);
  },
};

export const breaker: Command = {
  name: "BREAKER",
  syntax: "BREAKER LIST | CONFIRM <loop>",
  summary: "Shows or releases maintenance loops held by the safety breaker.",
  help: [
    "A maintenance loop that would expire, degrade or drop more rows at once than [maintenance] breaker_limit",
    "does nothing and waits for an oper. LIST shows held loops; CONFIRM lets one run through once.",
  ],
  minArgs: 0,
  privilege: "expiry",
  subcommands: [list, confirm],
};
