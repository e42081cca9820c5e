import { emailDomain } from "../../../services/mail/address.js";
import { operOf } from "../common.js";
import { caseArg, refuse } from "./common.js";
export const caseExport = {
    name: "EXPORT",
    syntax: "CASE EXPORT <case>",
    summary: "Mails you the case record as JSON, with everything held about its accounts.",
    help: [
        "For the case record: the case, its rulings and, for each account not deleted yet, everything the database",
        "holds about it (taken now; after execution only the tombstone is left). Mailed to your account's address.",
    ],
    minArgs: 1,
    maxArgs: 1,
    run(ctx, [text = ""]) {
        const number = caseArg(ctx, text);
        if (number === null)
            return;
        const result = ctx.services.deletion.exportCase(number, operOf(ctx));
        if (!result.ok)
            return refuse(ctx, result.error);
        const kb = Math.max(1, Math.round(result.value.bytes / 1024));
        ctx.reply(`The record of case ${number} (${kb} kB of JSON) is mailed to your address at ${emailDomain(result.value.email)}.`);
    },
};
//# sourceMappingURL=export.js.map