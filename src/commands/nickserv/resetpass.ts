import { formatDuration } from "../../util/duration.js";
import type { Command } from "../types.js";
import { refuse } from "./common.js";

export const resetpass: Command = {
  name: "RESETPASS",
  syntax: "RESETPASS <account> [<code> <newpassword>]",
  summary: "Resets a forgotten password with a mailed code.",
  help: [
    "RESETPASS <account> mails a code to the account's email address.",
    "RESETPASS <account> <code> <newpassword> then sets the new password. The code works once.",
    "You can ask again only after a short wait (the reply says how long), and three times a day.",
  ],
  minArgs: 1,
  maxArgs: 3,
  async run(ctx, args) {
    const { accounts } = ctx.services;
    if (args.length === 2) {
      ctx.reply(`Syntax: ${resetpass.syntax}`);
      ctx.reply("To set the new password, give the mailed code and the new password.");
      return;
    }
    const [reference = "", code = "", password = ""] = args;
    if (args.length === 1) {
      const result = accounts.requestPasswordReset(reference, ctx.source);
      if (!result.ok) return refuse(ctx, result.error);
      const name = result.value.account.name;
      ctx.reply(`A password reset code was mailed to the address of ${name}; it works for ${formatDuration(result.value.lifetimeMs)}.`);
      ctx.reply(`Then type: /msg ${ctx.serviceNick} RESETPASS ${name} <code> <newpassword>`);
      return;
    }
    const result = await accounts.completePasswordReset(reference, code, password, ctx.source);
    if (!result.ok) return refuse(ctx, result.error);
    const name = result.value.account.name;
    if (result.value.verifiedNow) ctx.reply(`${name} is now verified.`);
    ctx.reply(`The password of ${name} has been changed. Log in with /msg ${ctx.serviceNick} IDENTIFY ${name} <newpassword>`);
  },
};
