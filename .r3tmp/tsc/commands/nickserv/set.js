import { formatDuration } from "../../util/duration.js";
import { loggedInAccount, onOff, refuse, who } from "./common.js";
const password = {
    name: "PASSWORD",
    syntax: "SET PASSWORD <newpassword>",
    summary: "Changes your password.",
    help: ["Changes the password of the account you are logged in to. It cannot be one of your nicknames."],
    minArgs: 1,
    maxArgs: 1,
    login: true,
    async run(ctx, [newPassword = ""]) {
        const account = loggedInAccount(ctx);
        if (!account)
            return void ctx.reply("You are not logged in.");
        const result = await ctx.services.accounts.changePassword(account.id, newPassword, who(ctx));
        if (!result.ok)
            return refuse(ctx, result.error);
        ctx.reply(`The password of ${account.name} has been changed.`);
    },
};
const email = {
    name: "EMAIL",
    syntax: "SET EMAIL <address>",
    summary: "Changes your email address (confirmed by a mailed code).",
    help: [
        "Mails a code to the new address; the address changes when you type VERIFY EMAIL <account> <code>.",
        "Before your account is verified, it changes the address at once and mails a new verification code there.",
    ],
    minArgs: 1,
    maxArgs: 1,
    run(ctx, [address = ""]) {
        const { accounts, clock } = ctx.services;
        const account = loggedInAccount(ctx);
        if (account) {
            const result = accounts.requestEmailChange(account.id, address, who(ctx));
            if (!result.ok)
                return refuse(ctx, result.error);
            ctx.reply(`A code was mailed to ${result.value.email}; check your spam folder too. ${account.name} keeps its old address until you confirm.`);
            ctx.reply(`To confirm, type /msg ${ctx.serviceNick} VERIFY EMAIL ${account.name} <code> within ${formatDuration(result.value.expiresAt - clock.now())}.`);
            return;
        }
        const result = accounts.changePendingEmail(ctx.source.uid, ctx.source.nick, address);
        if (!result.ok)
            return refuse(ctx, result.error);
        ctx.reply(`The address of ${result.value.account.name} is now ${result.value.email}; a new verification code was mailed there (older codes no longer work).`);
        ctx.reply(`Type /msg ${ctx.serviceNick} VERIFY REGISTER ${result.value.account.name} <code> within ${formatDuration(result.value.expiresAt - clock.now())}.`);
    },
};
function toggle(option, summary, help, describe) {
    return {
        name: option,
        syntax: `SET ${option} ON|OFF`,
        summary,
        help,
        minArgs: 1,
        maxArgs: 1,
        login: true,
        run(ctx, [word = ""]) {
            const on = onOff(word);
            if (on === null) {
                ctx.reply(`Syntax: SET ${option} ON|OFF`);
                return;
            }
            const account = loggedInAccount(ctx);
            if (!account)
                return void ctx.reply("You are not logged in.");
            const result = ctx.services.accounts.setOption(account.id, option === "EXPMAIL" ? "expmail" : "hidemail", on, who(ctx));
            if (!result.ok)
                return refuse(ctx, result.error);
            ctx.reply(describe(on));
        },
    };
}
const expmail = toggle("EXPMAIL", "Mail before your nicknames expire (ON) or not (OFF).", ["ON (the default): you are mailed before your account's nicknames expire for lack of use, and when they do.", "OFF: no such mail."], (on) => (on ? "You will be mailed before your nicknames expire." : "You will no longer be mailed about expiry."));
const hidemail = toggle("HIDEMAIL", "Hides your email address from others in INFO (ON) or shows it (OFF).", ["ON (the default): only you and staff see your email address in INFO. OFF: everyone does."], (on) => (on ? "Your email address is now hidden from others." : "Your email address is now shown to others in INFO."));
export const set = {
    name: "SET",
    syntax: "SET PASSWORD|EMAIL|EXPMAIL|HIDEMAIL <value>",
    summary: "Changes your account's settings.",
    help: ["Changes a setting of the account you are logged in to. Type SET alone for the list."],
    minArgs: 0,
    maxArgs: 0,
    subcommands: [password, email, expmail, hidemail],
    run(ctx) {
        ctx.reply("Settings you can change:");
        ctx.reply("  SET PASSWORD <newpassword>  your password");
        ctx.reply("  SET EMAIL <address>         your email address (confirmed by a mailed code)");
        ctx.reply("  SET EXPMAIL ON|OFF          mail before your nicknames expire");
        ctx.reply("  SET HIDEMAIL ON|OFF         hide your email address from others");
        ctx.reply(`Type /msg ${ctx.serviceNick} HELP SET <option> for more.`);
    },
};
//# sourceMappingURL=set.js.map