import type { Command } from "../types.js";
import { refuse } from "../x2/common.js";
import { ago, operOf } from "./common.js";

export const rejoin: Command = {
  name: "REJOIN",
  syntax: "REJOIN [<#channel>]",
  summary: "Sends {x2} back into a registered channel it stays out of after kicks.",
  help: [
    "{x2} kicked from a registered channel rejoins it after a short wait, a longer one the second",
    "time; after three kicks within ten minutes it stays out of that channel until services",
    "restart, and opers are told. REJOIN <#channel> sends it back in now, with its kick count",
    "started over (it also joins a registered channel it is missing from for any other reason).",
    "Without a channel, REJOIN lists the channels it stays out of.",
  ],
  minArgs: 0,
  maxArgs: 1,
  privilege: "channel:admin",
  run(ctx, [channel]) {
    const x2 = ctx.nicks.x2;
    const presence = ctx.services.channels.x2;
    if (channel === undefined) {
      const out = presence.keptOut();
      if (out.length === 0) {
        ctx.reply(`${x2} stays out of no channel.`);
        return;
      }
      const now = ctx.services.clock.now();
      ctx.reply(`${x2} stays out of ${out.length} channel${out.length === 1 ? "" : "s"} after repeated kicks:`);
      for (const e of out) ctx.reply(`  ${e.channel} since ${ago(e.since, now)}${e.lastKicker ? `, last kicked by ${e.lastKicker}` : ""}`);
      ctx.reply(`Send it back with /msg ${ctx.serviceNick} REJOIN <#channel>.`);
      return;
    }
    const result = presence.rejoin(operOf(ctx), channel);
    if (!result.ok) return refuse(ctx, result.error);
    const { channel: name, wasKeptOut } = result.value;
    ctx.reply(
      wasKeptOut
        ? `${x2} rejoins ${name}; its kick count there starts over.`
        : `${x2} was not kept out of ${name}; it joins it if it is not there already.`,
    );
  },
};
