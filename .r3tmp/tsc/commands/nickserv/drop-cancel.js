import { normaliseCode } from "../../services/accounts/codes.js";
import { CANCEL_CODE } from "../../services/lifecycle/deletion/service.js";
import { deletionFailureText } from "../deletion-words.js";
import { wordsOf } from "../words.js";
/** True when `text` has the shape of a deletion case's cancel code (so that an account named CANCEL can still be dropped). */
export function isCancelCode(text) {
    return CANCEL_CODE.test(normaliseCode(text));
}
/**
 * DROP CANCEL <code>: the member cancels their deletion case with the code from its mail. Reached
 * through DROP (drop.ts), which lists this form in its help.
 */
export const dropCancel = {
    name: "CANCEL",
    syntax: "DROP CANCEL <code>",
    summary: "Cancels your account's deletion case.",
    help: [
        "DROP CANCEL <code> cancels an open deletion case with the cancel code from the case's mail; the account",
        "stays as it was. No login is needed: the code proves the mailbox.",
    ],
    minArgs: 1,
    maxArgs: 1,
    run(ctx, [code = ""]) {
        const result = ctx.services.deletion.cancelByCode(code);
        if (!result.ok)
            return void ctx.reply(deletionFailureText(result.error, wordsOf(ctx)));
        ctx.reply(`Deletion case ${result.value.caseNumber} is cancelled; your account stays as it was.`);
    },
};
//# sourceMappingURL=drop-cancel.js.map