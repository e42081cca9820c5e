import { shown } from "../../util/text.js";
import { refuse, who } from "./common.js";
export const setpass = {
    name: "SETPASS",
    syntax: "SETPASS <account> <newpassword>",
    summary: "Sets another account's password (staff).",
    help: ["Sets the password of <account> (name, nickname or entity ID). The change is audited."],
    minArgs: 2,
    maxArgs: 2,
    privilege: "account:admin",
    async run(ctx, [reference = "", password = ""]) {
        const { accounts } = ctx.services;
        const account = accounts.resolve(reference);
        if (!account)
            return void ctx.reply(`${shown(reference, 64)} is not registered.`);
        const result = await accounts.changePassword(account.id, password, who(ctx), "account.setpass");
        if (!result.ok)
            return refuse(ctx, result.error);
        ctx.reply(`The password of ${account.name} (${account.id}) has been changed.`);
    },
};
//# sourceMappingURL=setpass.js.map