import { formatDuration, formatUtcMinute } from "../../util/duration.js";
import { deletionFailureText } from "../deletion-words.js";
import { wordsOf } from "../words.js";
import { dropCancel, isCancelCode } from "./drop-cancel.js";
export const drop = {
    name: "DROP",
    syntax: "DROP <account> <password> [<code>] | DROP CANCEL <code>",
    summary: "Deletes your account (confirmed by a mailed code), or cancels its deletion.",
    help: [
        "DROP <account> <password> mails a confirmation code to the account's address.",
        "DROP <account> <password> <code> confirms: a deletion case (aYYYYMMDD.N) opens and you get a mail with",
        "its number, what happens to your channels and access, and the date it is carried out. Until then you",
        "can cancel it. An account that holds nothing (no channels, no access, no staff privileges) is deleted",
        "at once. Channels you own go to their highest coowner or manager, or are dropped.",
        ...dropCancel.help,
        "An account named CANCEL is named by its entity ID here: DROP ?<entity ID> <password>.",
    ],
    minArgs: 2,
    maxArgs: 3,
    async run(ctx, args) {
        const [first = "", second = "", code] = args;
        if (args.length === 2 && first.toUpperCase() === "CANCEL" && isCancelCode(second))
            return dropCancel.run?.(ctx, [second]);
        const { deletion } = ctx.services;
        const actor = { ip: ctx.source.ip };
        const words = wordsOf(ctx);
        if (code === undefined) {
            const result = await deletion.requestDeletion(actor, first, second);
            if (!result.ok)
                return void ctx.reply(deletionFailureText(result.error, words));
            const { account, lifetimeMs } = result.value;
            ctx.reply(`A confirmation code was mailed to the address of ${account}; it works for ${formatDuration(lifetimeMs)}.`);
            ctx.reply(`To delete ${account}, type: /msg ${ctx.serviceNick} DROP ${account} <password> <code>`);
            return;
        }
        const result = await deletion.confirmDeletion(actor, first, second, code);
        if (!result.ok)
            return void ctx.reply(deletionFailureText(result.error, words));
        const opened = result.value;
        if (opened.executed) {
            ctx.reply(`${opened.account} is deleted (case ${opened.caseNumber}); its nicknames are free. A last mail confirms it.`);
            return;
        }
        ctx.reply(`Deletion case ${opened.caseNumber} is open for ${opened.account}: it is carried out on ${formatUtcMinute(opened.executeAt)} at the earliest.`);
        ctx.reply(`The mail about the case says what happens to your channels and access, and has the code to cancel it: /msg ${ctx.serviceNick} DROP CANCEL <code>`);
    },
};
//# sourceMappingURL=drop.js.map