import { parseDuration } from "../../util/duration.js";
import { unmailableText } from "../email-words.js";
import type { Command, CommandContext } from "../types.js";
import { operOf } from "./common.js";
import { freezeList } from "./freeze-list.js";
import { freezeShow } from "./freeze-show.js";
import { accessList, endText, freezeFailureText } from "./freeze-words.js";

/** "spamming the network 30d" -> reason and duration: a last word that is a duration is the duration. */
export function splitReason(text: string): { reason: string; durationMs: number | null } {
  const words = text.trim().split(/ +/);
  const last = words[words.length - 1] ?? "";
  const parsed = words.length > 1 ? parseDuration(last) : null;
  if (parsed?.ok && parsed.value > 0) return { reason: words.slice(0, -1).join(" "), durationMs: parsed.value };
  return { reason: text.trim(), durationMs: null };
}

function run(ctx: CommandContext, [reference = "", rest = ""]: string[]): void {
  const { reason, durationMs } = splitReason(rest);
  const now = ctx.services.clock.now();
  const result = ctx.services.freeze.freeze({ reference, reason, durationMs, by: operOf(ctx) });
  if (!result.ok) return void ctx.reply(freezeFailureText(result.error, now, ctx.nicks.operserv));
  const { record, loggedOut, unmailable } = result.value;
  ctx.reply(`${record.accountName} (${record.accountId}) is frozen ${endText(record, now)}: ${record.reason}`);
  ctx.reply(loggedOut.length > 0 ? `Logged out, still connected: ${loggedOut.join(", ")}.` : "Nobody was logged in to it.");
  ctx.reply(`Access taken: ${accessList(record.access.map((a) => ({ channel: a.channelName, level: a.level })))}`);
  ctx.reply(`Suspended (nobody else could manage them): ${record.channels.length > 0 ? record.channels.map((c) => c.channelName).join(", ") : "none"}`);
  const mailed = unmailable ? unmailableText("The freeze notice", unmailable) : "The freeze notice was mailed to the account's address.";
  ctx.reply(`${mailed} /msg ${ctx.nicks.operserv} UNFREEZE ${record.accountName} puts everything back.`);
}

export const freeze: Command = {
  name: "FREEZE",
  syntax: "FREEZE <account> <reason> [<duration>] | LIST | SHOW <account>",
  summary: "Freezes an account: no login, access and channels put aside, until UNFREEZE.",
  help: [
    "FREEZE <account> <reason> [<duration>] freezes the account, saving everything it takes in one record:",
    "its users are logged out but stay connected; logging in (IDENTIFY, SASL, RECLAIM) is refused with",
    "[freeze] message (the reason, where to read how to resolve it, the staff contact), shown only",
    "after a right password; its access entries in every channel are put aside; channels nobody else",
    "(owner or coowner) can manage are suspended: {x2} leaves them and tells visitors to ask the owner",
    "to contact staff. RESETPASS, SET EMAIL, SET PASSWORD, GROUP and registering its nicks are refused.",
    "Its password and email stay; mail still reaches the member, starting with a notice of the freeze.",
    "A last word that is a duration (e.g. 30d) ends the freeze by itself then. Freezing a frozen",
    "account changes nothing. To freeze an account named LIST or SHOW, name it by ?<entity ID>.",
    "Examples: FREEZE Tom dues unpaid since March 30d    FREEZE ?1AAAAABD5 spam from this account",
  ],
  minArgs: 2,
  maxArgs: 2,
  rest: true,
  privilege: "account:freeze",
  subcommands: [freezeList, freezeShow],
  runWithoutSubcommand: true,
  run,
};
