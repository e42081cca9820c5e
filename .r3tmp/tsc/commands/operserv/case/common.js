/** Helpers shared by the CASE subcommands. */
import { parseCaseNumber } from "../../../services/lifecycle/deletion/service.js";
import { deletionFailureText } from "../../deletion-words.js";
import { wordsOf } from "../../words.js";
/** The case number typed, normalised; replies and returns null when it is not one. */
export function caseArg(ctx, text) {
    const number = parseCaseNumber(text);
    if (number === null)
        refuse(ctx, { kind: "not-a-case-number", text });
    return number;
}
export function refuse(ctx, failure) {
    ctx.reply(deletionFailureText(failure, wordsOf(ctx)));
}
//# sourceMappingURL=common.js.map