import { actorOf, refuse } from "./common.js";
export const ghost = {
    name: "GHOST",
    syntax: "GHOST <nick> [<password>]",
    summary: "Disconnects someone using your nickname.",
    help: [
        "Disconnects the user holding <nick>, which must belong to your account: be logged in to it, or give its password.",
        "Use it when an old connection of yours still holds the nick. See also REGAIN.",
    ],
    minArgs: 1,
    maxArgs: 2,
    async run(ctx, [nick = "", password]) {
        const result = await ctx.services.accounts.reclaimNick("ghost", actorOf(ctx), nick, password ?? null);
        if (!result.ok)
            return refuse(ctx, result.error);
        if (result.value.disconnected)
            ctx.reply(`${result.value.disconnected} has been disconnected.`);
    },
};
//# sourceMappingURL=ghost.js.map