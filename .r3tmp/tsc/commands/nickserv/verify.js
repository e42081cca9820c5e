import { actorOf, refuse } from "./common.js";
const verifyRegister = {
    name: "REGISTER",
    syntax: "VERIFY REGISTER <account> <code>",
    summary: "Verifies a new account with the mailed code.",
    help: [
        "Gives the code mailed when the account was registered. The code works once, until it expires.",
        "If you are using one of the account's nicknames (or registered it), you are logged in.",
    ],
    minArgs: 2,
    maxArgs: 2,
    rest: true,
    run(ctx, [account = "", code = ""]) {
        const result = ctx.services.accounts.verifyRegistration(account, code, actorOf(ctx));
        if (!result.ok)
            return refuse(ctx, result.error);
        const a = result.value.account;
        ctx.reply(`${a.name} is now verified.`);
        ctx.reply(result.value.loggedIn ? `You are now logged in as ${a.name}.` : `Log in with /msg ${ctx.serviceNick} IDENTIFY ${a.name} <password>`);
    },
};
const verifyEmail = {
    name: "EMAIL",
    syntax: "VERIFY EMAIL <account> <code>",
    summary: "Confirms a new email address with the mailed code.",
    help: ["Gives the code mailed to the new address after SET EMAIL. Until then the account keeps its old address."],
    minArgs: 2,
    maxArgs: 2,
    rest: true,
    run(ctx, [account = "", code = ""]) {
        const result = ctx.services.accounts.verifyEmail(account, code, ctx.source);
        if (!result.ok)
            return refuse(ctx, result.error);
        ctx.reply(`The email address of ${result.value.account.name} is now ${result.value.email}.`);
    },
};
export const verify = {
    name: "VERIFY",
    syntax: "VERIFY REGISTER|EMAIL <account> <code>",
    summary: "Verifies an account or a new email address with a mailed code.",
    help: [
        "VERIFY REGISTER <account> <code> finishes a registration; VERIFY EMAIL <account> <code> confirms a new address.",
        "Copy the code from the mail; it is not case-sensitive and may be pasted with spaces or dashes.",
    ],
    minArgs: 0,
    subcommands: [verifyRegister, verifyEmail],
};
//# sourceMappingURL=verify.js.map