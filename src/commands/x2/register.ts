import type { Command } from "../types.js";
import { wordsOf } from "../words.js";
import { refuse } from "./common.js";
import { describeOutcome } from "./failures.js";

export const register: Command = {
  name: "REGISTER",
  syntax: "REGISTER <#channel> <email>",
  summary: "Registers a channel you are opped in.",
  help: [
    "Registers <#channel> with you as its owner. You must be opped in the channel now (op status from a",
    "server netjoin does not count) and the network must not be split.",
    "Without an account, one is made for your nick and its password is mailed to <email>: log in with it",
    "to activate the channel. Logged in with an account whose verified email is <email>, the channel is",
    "active at once; otherwise a code is mailed to <email>: give it with VERIFY <#channel> <code>. Your",
    "account's own address must be able to receive mail (set another with /msg {nickserv} SET EMAIL).",
    "Mail leaves after a short delay. A registration not verified in time is dropped, and its email",
    "cannot register again. Some requests are held for staff review; you are told when they are decided.",
  ],
  minArgs: 2,
  maxArgs: 2,
  async run(ctx, [channel = "", email = ""]) {
    const result = await ctx.services.channels.register(ctx.source, channel, email);
    if (!result.ok) return refuse(ctx, result.error);
    ctx.reply(describeOutcome(result.value, wordsOf(ctx)));
  },
};
