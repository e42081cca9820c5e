import type { Command } from "../types.js";
import { globMatch } from "../../util/glob.js";
import { shown } from "../../util/text.js";
import { validateEmail } from "../../services/mail/address.js";
import { addressProblemText } from "../email-words.js";
import { LIST_LIMIT, operOf, when } from "./common.js";

const list: Command = {
  name: "LIST",
  syntax: "FAILED LIST [<pattern>]",
  summary: "Lists addresses whose registration failed to verify.",
  help: [
    "Newest first: the address, the channel that was dropped unverified and when.",
    "With a pattern (a glob such as *@example.com), only matching addresses are shown.",
  ],
  minArgs: 0,
  maxArgs: 1,
  run(ctx, [pattern]) {
    const { failedVerifications } = ctx.services;
    const total = failedVerifications.count();
    // Without a pattern the newest LIST_LIMIT are enough; with one, filter the whole list.
    const entries =
      pattern === undefined
        ? failedVerifications.list(LIST_LIMIT)
        : failedVerifications.list(total).filter((e) => globMatch(pattern.toLowerCase(), e.email.toLowerCase()));
    const matching = pattern === undefined ? total : entries.length;
    if (matching === 0) {
      ctx.reply(pattern === undefined ? "The failed-verification list is empty." : `No failed-verification entry matches ${shown(pattern, 80)}.`);
      return;
    }
    ctx.reply(
      `Failed-verification list: ${matching} ${matching === 1 ? "address" : "addresses"}${pattern === undefined ? "" : ` matching ${shown(pattern, 80)}`}.`,
    );
    for (const entry of entries.slice(0, LIST_LIMIT)) {
      const times = entry.failures > 1 ? ` (${entry.failures} failures)` : "";
      ctx.reply(`  ${entry.email}  ${entry.channel}  dropped ${when(entry.at)}${times}`);
    }
    if (matching > LIST_LIMIT) ctx.reply(`... and ${matching - LIST_LIMIT} more; narrow it with FAILED LIST <pattern>.`);
    ctx.reply("End of list.");
  },
};

const del: Command = {
  name: "DEL",
  aliases: ["REMOVE"],
  syntax: "FAILED DEL <email>",
  summary: "Lets an address register again.",
  help: [
    "For someone who missed the verification window: clears the address (and its variants with the same",
    "canonical form, e.g. with a +tag) from the failed-verification list so that it can register again.",
  ],
  minArgs: 1,
  maxArgs: 1,
  run(ctx, [email = ""]) {
    const { failedVerifications } = ctx.services;
    const valid = validateEmail(email);
    if (!valid.ok) {
      ctx.reply(`${shown(email, 80)} is not a valid address: ${addressProblemText(valid.error)}`);
      return;
    }
    const entry = failedVerifications.clear(valid.value, operOf(ctx).id);
    if (!entry) {
      ctx.reply(`${valid.value} is not on the failed-verification list. See /msg ${ctx.serviceNick} FAILED LIST.`);
      return;
    }
    ctx.reply(`Cleared ${entry.email} from the failed-verification list (it failed for ${entry.channel}); it can register again.`);
  },
};

export const failed: Command = {
  name: "FAILED",
  syntax: "FAILED LIST [<pattern>] | DEL <email>",
  summary: "Shows or clears addresses whose registration failed to verify.",
  help: [
    "When a channel registration is not verified within the window, it is dropped and its address goes on",
    "this list: it cannot register again until staff clear it with FAILED DEL.",
  ],
  minArgs: 0,
  privilege: "blacklist",
  subcommands: [list, del],
};
