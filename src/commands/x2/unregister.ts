import { formatDuration } from "../../util/duration.js";
import type { Command } from "../types.js";
import { refuse } from "./common.js";

export const unregister: Command = {
  name: "UNREGISTER",
  syntax: "UNREGISTER <#channel> [<code>]",
  summary: "Drops a channel's registration (owner only).",
  help: [
    "The owner drops <#channel>'s registration: {x2} leaves and the access list is deleted.",
    "The first UNREGISTER answers with a confirmation code; repeat the command with that code within",
    "10 minutes to go ahead.",
  ],
  minArgs: 1,
  maxArgs: 2,
  login: true,
  run(ctx, [channel = "", code]) {
    const result = ctx.services.channels.unregister(ctx.source, channel, code);
    if (!result.ok) return refuse(ctx, result.error);
    const r = result.value;
    if (r.kind === "confirm") {
      ctx.reply(
        `To really unregister ${r.channel}, type /msg ${ctx.serviceNick} UNREGISTER ${r.channel} ${r.code} within ${formatDuration(r.validMs)}. ` +
          "This cannot be undone.",
      );
      return;
    }
    ctx.reply(`${r.channel} is no longer registered.`);
  },
};
