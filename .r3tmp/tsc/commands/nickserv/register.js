import { formatDuration } from "../../util/duration.js";
import { actorOf, refuse } from "./common.js";
export const register = {
    name: "REGISTER",
    syntax: "REGISTER <password> <email>",
    summary: "Registers your current nickname as an account.",
    help: [
        "Registers the nickname you are using now as a new account, with a password and an email address.",
        "A verification code is mailed to the address; the account works only after you give it with",
        "VERIFY REGISTER <account> <code>. Registrations not verified in time are dropped.",
        "Choose a password you use nowhere else; it cannot be your nickname.",
        "Example: /msg {nickserv} REGISTER hunter2hunter2 me@example.com",
    ],
    minArgs: 2,
    maxArgs: 2,
    async run(ctx, [password = "", email = ""]) {
        const { accounts, config } = ctx.services;
        const result = await accounts.register(actorOf(ctx), password, email);
        if (!result.ok)
            return refuse(ctx, result.error);
        const a = result.value;
        const ns = ctx.serviceNick;
        const window = formatDuration(config.nickserv.verify_window);
        ctx.reply(`${a.name} is now registered (entity ID ${a.id}), but not verified yet: you are not logged in until it is.`);
        ctx.reply(`A verification code was mailed to ${a.email}. If it does not arrive, check your spam folder for mail from ${config.mail.network_name}.`);
        ctx.reply(`To verify, type: /msg ${ns} VERIFY REGISTER ${a.name} <code> within ${window}, or the registration is dropped. No mail? /msg ${ns} RESEND`);
        ctx.reply(`If this account's name ever expires for lack of use, you will get mail about it first; to opt out: /msg ${ns} SET EXPMAIL OFF`);
    },
};
//# sourceMappingURL=register.js.map