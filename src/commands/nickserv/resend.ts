import { formatDuration } from "../../util/duration.js";
import type { Command } from "../types.js";
import { refuse } from "./common.js";

export const resend: Command = {
  name: "RESEND",
  syntax: "RESEND",
  summary: "Mails a new verification code for your unverified account.",
  help: [
    "Mails a fresh verification code for the account you registered (the old code stops working).",
    "If you reconnected since registering, first prove the account is yours with IDENTIFY <account> <password>.",
    "You can ask again only after a short wait (the reply says how long), and three times a day.",
    "Mistyped the address? /msg {nickserv} SET EMAIL <address> changes it and mails a code there.",
  ],
  minArgs: 0,
  maxArgs: 0,
  run(ctx) {
    const { accounts, clock, config } = ctx.services;
    const result = accounts.resend(ctx.source.uid, ctx.source.nick);
    if (!result.ok) return refuse(ctx, result.error);
    const a = result.value.account;
    ctx.reply(`A new verification code was mailed to ${a.email}; codes mailed before no longer work.`);
    ctx.reply(`Check your spam folder for mail from ${config.mail.network_name} too.`);
    ctx.reply(`Type /msg ${ctx.serviceNick} VERIFY REGISTER ${a.name} <code> within ${formatDuration(result.value.expiresAt - clock.now())}.`);
  },
};
