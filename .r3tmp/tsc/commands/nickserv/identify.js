import { messageText } from "../notices.js";
import { wordsOf } from "../words.js";
import { actorOf, refuse } from "./common.js";
export const identify = {
    name: "IDENTIFY",
    aliases: ["LOGIN"],
    syntax: "IDENTIFY [<account>] <password>",
    summary: "Logs you in to your account.",
    help: [
        "Logs you in. Without <account>, the account of the nickname you are using.",
        "<account> may be the account name, one of its nicknames, or its entity ID (bare or as ?1ABCDEFGH).",
        "If the account's nicknames expired, the name it had tells you where it is now and how to RECLAIM it.",
        "Logging in to another account logs you out of the current one.",
        "Example: /msg {nickserv} IDENTIFY Tom hunter2hunter2",
    ],
    minArgs: 1,
    maxArgs: 2,
    async run(ctx, args) {
        const [account, password] = args.length === 2 ? [args[0], args[1]] : [null, args[0]];
        const result = await ctx.services.accounts.identify(actorOf(ctx), account, password);
        if (!result.ok)
            return refuse(ctx, result.error);
        const { account: a, previous, verifiedNow } = result.value;
        if (previous)
            ctx.reply(`You have been logged out of ${previous}.`);
        ctx.reply(`You are now logged in as ${a.name}.`);
        if (a.degradedAt !== null) {
            ctx.reply(messageText({ kind: "account-degraded", account: a.name, entityId: a.id, formerName: a.originalName }, wordsOf(ctx)));
        }
        if (verifiedNow) {
            ctx.reply(`${a.name} is now verified. Choose your own password: /msg ${ctx.serviceNick} SET PASSWORD <newpassword>`);
        }
    },
};
//# sourceMappingURL=identify.js.map