import { loggedInAccount, refuse, who } from "./common.js";
export const group = {
    name: "GROUP",
    syntax: "GROUP",
    summary: "Adds your current nickname to your account.",
    help: [
        "Adds the nickname you are using now to the account you are logged in to, so that it is protected too.",
        "Example: /nick Tom_away, then /msg {nickserv} GROUP. See also UNGROUP.",
    ],
    minArgs: 0,
    maxArgs: 0,
    login: true,
    run(ctx) {
        const { accounts, config } = ctx.services;
        const account = loggedInAccount(ctx);
        if (!account)
            return void ctx.reply("You are not logged in.");
        const result = accounts.group(account.id, ctx.source.nick, who(ctx));
        if (!result.ok)
            return refuse(ctx, result.error);
        ctx.reply(`${ctx.source.nick} is now grouped to ${account.name} (${result.value.count} of ${config.nickserv.max_grouped_nicks} nicknames).`);
    },
};
//# sourceMappingURL=group.js.map