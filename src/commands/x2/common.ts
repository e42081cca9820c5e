/** Helpers shared by X2's command handlers. */
import type { ChannelFailure } from "../../services/channels/failures.js";
import type { CommandContext } from "../types.js";
import { wordsOf } from "../words.js";
import { channelFailureText } from "./failures.js";

/** Replies with the words of a channels refusal. */
export function refuse(ctx: CommandContext, failure: ChannelFailure): void {
  ctx.reply(channelFailureText(failure, wordsOf(ctx)));
}
