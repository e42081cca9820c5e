import { emailDomain } from "../../services/mail/address.js";
import { deletionFailureText } from "../deletion-words.js";
import { wordsOf } from "../words.js";
export const exportData = {
    name: "EXPORT",
    syntax: "EXPORT",
    summary: "Mails you everything services hold about your account.",
    help: [
        "Mails the account's address a JSON document of everything services hold about your account: its",
        "settings, nicknames, channels, access, certificates, what was done to it and when, and the mails sent",
        "to it. Password hashes and codes are never included, nor other people's names. Once a day.",
    ],
    minArgs: 0,
    maxArgs: 0,
    login: true,
    run(ctx) {
        const account = ctx.source.account;
        if (!account)
            return;
        const result = ctx.services.deletion.exportOwn(account.id);
        if (!result.ok)
            return void ctx.reply(deletionFailureText(result.error, wordsOf(ctx)));
        const kb = Math.max(1, Math.round(result.value.bytes / 1024));
        ctx.reply(`The data of ${account.name} (${kb} kB of JSON) is mailed to the account's address at ${emailDomain(result.value.email)}.`);
    },
};
//# sourceMappingURL=export.js.map