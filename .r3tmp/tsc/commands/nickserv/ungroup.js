import { loggedInAccount, refuse, who } from "./common.js";
export const ungroup = {
    name: "UNGROUP",
    syntax: "UNGROUP [<nick>]",
    summary: "Removes a nickname from your account.",
    help: ["Removes <nick> (default: the nickname you are using) from your account. The account's own name cannot be removed."],
    minArgs: 0,
    maxArgs: 1,
    login: true,
    run(ctx, [nick]) {
        const { accounts } = ctx.services;
        const account = loggedInAccount(ctx);
        if (!account)
            return void ctx.reply("You are not logged in.");
        const target = nick ?? ctx.source.nick;
        const result = accounts.ungroup(account.id, target, who(ctx));
        if (!result.ok)
            return refuse(ctx, result.error);
        ctx.reply(`${target} is no longer grouped to ${account.name}.`);
    },
};
//# sourceMappingURL=ungroup.js.map