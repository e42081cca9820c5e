import { levelName } from "../../services/channels/levels.js";
import { shown } from "../../util/text.js";
import type { Command } from "../types.js";
import { refuse } from "./common.js";
import { seenText } from "./format.js";

export const access: Command = {
  name: "ACCESS",
  syntax: "ACCESS <#channel> LIST",
  summary: "Lists a channel's access list.",
  help: [
    "Lists who has access in <#channel> and at which level: owner (500), coowner (400), manager (300),",
    "op (200), voice (100). Accounts are shown by their current name, with when they were last seen",
    "(as {nickserv} INFO says it) and whether they are in the channel now.",
  ],
  minArgs: 1,
  maxArgs: 2,
  run(ctx, [channel = "", option = "LIST"]) {
    if (option.toUpperCase() !== "LIST") {
      ctx.reply(`Unknown ACCESS option ${shown(option.toUpperCase(), 20)}. Syntax: ACCESS <#channel> LIST`);
      return;
    }
    const result = ctx.services.channels.accessList(channel, ctx.source);
    if (!result.ok) return refuse(ctx, result.error);
    const { entries } = result.value;
    const now = ctx.services.clock.now();
    ctx.reply(`Access list of ${result.value.channel} (${entries.length} ${entries.length === 1 ? "entry" : "entries"}):`);
    const named = entries.map((e) => ({ entry: e, name: e.accountStatus === "active" ? e.accountName : `${e.accountName} (unverified: no effect)` }));
    // The names padded to the longest, so that "last seen" starts in one column.
    const width = Math.max(0, ...named.map((n) => n.name.length));
    for (const { entry: e, name } of named) {
      ctx.reply(`  ${String(e.level).padStart(3)} ${levelName(e.level).padEnd(8)} ${name.padEnd(width)}  last seen ${seenText(e.seen, now)}`);
    }
    ctx.reply("End of access list.");
  },
};
