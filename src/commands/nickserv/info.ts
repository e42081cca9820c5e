import { nickProblem } from "../../services/accounts/names.js";
import { shown } from "../../util/text.js";
import type { Command } from "../types.js";
import { loggedInAccount } from "./common.js";
import { accountInfoLines } from "./info-lines.js";

export const info: Command = {
  name: "INFO",
  syntax: "INFO [<account>]",
  summary: "Shows information about an account.",
  help: [
    "Shows when an account was registered and last seen, and its nicknames.",
    "<account> may be an account name, a nickname or an entity ID; without it, your own account",
    "(or the account of the nickname you are using). The email address is shown only if its owner allows it.",
  ],
  minArgs: 0,
  maxArgs: 1,
  run(ctx, [reference]) {
    const { accounts } = ctx.services;
    // Only INFO without an argument needs the requester's own account (a database read).
    const own = reference === undefined ? loggedInAccount(ctx) : null;
    const ref = reference ?? own?.name ?? ctx.source.nick;
    const account = reference === undefined && own ? own : accounts.resolve(ref);
    if (!account) {
      ctx.reply(`${shown(ref, 64)} is not registered.`);
      // Said of every unregistered nickname, so it tells nothing about which degraded accounts exist.
      if (nickProblem(ref) === null) {
        ctx.reply(`If ${ref} was your account and its nicknames expired, take it back with /msg ${ctx.serviceNick} RECLAIM ${ref} <password>`);
      }
      return;
    }
    const info = accounts.info(account, {
      accountId: ctx.source.account?.id ?? null,
      auspex: ctx.source.privileges.has("account:auspex"),
    });
    for (const line of accountInfoLines(info, ctx.nicks)) ctx.reply(line);
  },
};
