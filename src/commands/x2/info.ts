import { levelName } from "../../services/channels/levels.js";
import type { Command } from "../types.js";
import { refuse } from "./common.js";
import { stateText, when } from "./format.js";

export const info: Command = {
  name: "INFO",
  syntax: "INFO <#channel>",
  summary: "Shows a registered channel's owner and state.",
  help: ["Shows the owner, the state, when it was registered and last visited. The email is shown to the owner and to staff."],
  minArgs: 1,
  maxArgs: 1,
  run(ctx, [channel = ""]) {
    const result = ctx.services.channels.info(ctx.source, channel);
    if (!result.ok) return refuse(ctx, result.error);
    const i = result.value;
    const now = ctx.services.clock.now();
    ctx.reply(`Information about ${i.name}:`);
    ctx.reply(`  State:        ${stateText(i.state)}${i.suspended ? `, suspended (its owner's account is frozen; see /msg ${ctx.nicks.operserv} FREEZE SHOW ${i.ownerName ?? "<account>"})` : ""}`);
    if (i.state !== "held") {
      ctx.reply(`  Owner:        ${i.ownerName ?? "(none)"} (${levelName(500)})`);
      ctx.reply(`  Registered:   ${when(i.registeredAt, now)}`);
      if (i.verifiedAt !== null) ctx.reply(`  Verified:     ${when(i.verifiedAt, now)}`);
      ctx.reply(`  Last visit:   ${i.visitedNow ? "now (someone with access is in the channel)" : when(i.lastVisitAt, now)}`);
      ctx.reply(`  Access list:  ${i.accessCount} ${i.accessCount === 1 ? "entry" : "entries"}`);
    }
    if (i.email !== null) ctx.reply(`  Email:        ${i.email}`);
  },
};
