import { actorOf, refuse } from "./common.js";
export const regain = {
    name: "REGAIN",
    syntax: "REGAIN <nick> [<password>]",
    summary: "Takes your nickname back and logs you in.",
    help: [
        "Disconnects whoever holds <nick> (if anyone), logs you in to its account and changes your nickname to it.",
        "<nick> must belong to your account: be logged in to it, or give its password.",
    ],
    minArgs: 1,
    maxArgs: 2,
    async run(ctx, [nick = "", password]) {
        const result = await ctx.services.accounts.reclaimNick("regain", actorOf(ctx), nick, password ?? null);
        if (!result.ok)
            return refuse(ctx, result.error);
        const { disconnected, loggedInAs, regained } = result.value;
        if (disconnected)
            ctx.reply(`${disconnected} has been disconnected.`);
        if (loggedInAs)
            ctx.reply(`You are now logged in as ${loggedInAs}.`);
        if (regained)
            ctx.reply(`You have regained ${regained}.`);
    },
};
//# sourceMappingURL=regain.js.map