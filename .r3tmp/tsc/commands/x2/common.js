import { wordsOf } from "../words.js";
import { channelFailureText } from "./failures.js";
/** Replies with the words of a channels refusal. */
export function refuse(ctx, failure) {
    ctx.reply(channelFailureText(failure, wordsOf(ctx)));
}
//# sourceMappingURL=common.js.map