import { unmailedAccountsText } from "../../email-words.js";
import type { Command } from "../../types.js";
import { operOf } from "../common.js";
import { caseArg, refuse } from "./common.js";

export const caseCancel: Command = {
  name: "CANCEL",
  syntax: "CASE CANCEL <case>",
  summary: "Cancels an open case; the accounts stay.",
  help: ["The members are mailed that the case was cancelled."],
  minArgs: 1,
  maxArgs: 1,
  run(ctx, [text = ""]) {
    const number = caseArg(ctx, text);
    if (number === null) return;
    const result = ctx.services.deletion.cancel(number, operOf(ctx));
    if (!result.ok) return refuse(ctx, result.error);
    ctx.reply(`Case ${number} is cancelled; its accounts stay as they are.`);
    if (result.value.unmailed.length > 0) ctx.reply(unmailedAccountsText(result.value.unmailed));
  },
};
