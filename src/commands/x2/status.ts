import type { StatusChange } from "../../services/channels/service.js";
import type { Command } from "../types.js";
import { refuse } from "./common.js";

const DONE: Record<StatusChange, string> = { op: "opped", deop: "deopped", voice: "voiced", devoice: "devoiced" };

function statusCommand(change: StatusChange, summary: string, does: string, needs: string): Command {
  const name = change.toUpperCase();
  return {
    name,
    syntax: `${name} <#channel> [<nick>]`,
    summary,
    help: [`{x2} ${does} in <#channel>, or you when no nick is given. ${needs}`],
    minArgs: 1,
    maxArgs: 2,
    login: true,
    run(ctx, [channel = "", nick]) {
      const result = ctx.services.channels.setStatus(ctx.source, channel, change, nick);
      if (!result.ok) return refuse(ctx, result.error);
      ctx.reply(`${result.value.nick} ${DONE[change]} in ${result.value.channel}.`);
    },
  };
}

export const op = statusCommand("op", "Gives channel operator status.", "gives <nick> channel operator status", "Needs op access (200) or more.");
export const deop = statusCommand(
  "deop",
  "Takes channel operator status.",
  "takes channel operator status from <nick>",
  "Needs op access (200) or more, and a level above theirs.",
);
export const voice = statusCommand("voice", "Gives voice.", "gives <nick> voice", "Voicing yourself needs voice access (100); others, op access (200).");
export const devoice = statusCommand(
  "devoice",
  "Takes voice.",
  "takes voice from <nick>",
  "Devoicing yourself needs voice access (100); others, op access (200) and a level above theirs.",
);
