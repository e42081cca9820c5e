/** Helpers shared by the CASE subcommands. */
import { parseCaseNumber } from "../../../services/lifecycle/deletion/service.js";
import type { CommandContext } from "../../types.js";
import { deletionFailureText } from "../../deletion-words.js";
import { wordsOf } from "../../words.js";
import type { DeletionFailure } from "../../../services/lifecycle/deletion/service.js";

/** The case number typed, normalised; replies and returns null when it is not one. */
export function caseArg(ctx: CommandContext, text: string): string | null {
  const number = parseCaseNumber(text);
  if (number === null) refuse(ctx, { kind: "not-a-case-number", text });
  return number;
}

export function refuse(ctx: CommandContext, failure: DeletionFailure): void {
  ctx.reply(deletionFailureText(failure, wordsOf(ctx)));
}
