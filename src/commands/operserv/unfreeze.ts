import { unmailableText } from "../email-words.js";
import type { Command } from "../types.js";
import { nameOf, operOf } from "./common.js";
import { freezeFailureText, reportLines } from "./freeze-words.js";

export const unfreeze: Command = {
  name: "UNFREEZE",
  syntax: "UNFREEZE <account>",
  summary: "Lifts a freeze and puts back what it took.",
  help: [
    "Restores from the freeze record: each access entry back as it was, where the channel is still",
    "registered and nobody gave the account access there meanwhile (otherwise it is reported and",
    "left as it is); suspended channels resumed ({x2} rejoins and ops); logins allowed again. The",
    "member is mailed. Unfreezing an account that is not frozen changes nothing.",
  ],
  minArgs: 1,
  maxArgs: 1,
  privilege: "account:freeze",
  run(ctx, [reference = ""]) {
    const now = ctx.services.clock.now();
    const result = ctx.services.freeze.unfreeze({ reference, by: operOf(ctx) });
    if (!result.ok) return void ctx.reply(freezeFailureText(result.error, now, ctx.nicks.operserv));
    const { record, report, unmailable } = result.value;
    ctx.reply(`${record.accountName} (${record.accountId}) is no longer frozen; logins work again.`);
    for (const line of reportLines(report, record.accountName, now, nameOf(ctx))) ctx.reply(line);
    ctx.reply(unmailable ? unmailableText("The notice that the freeze is lifted", unmailable) : "The member was mailed that the freeze is lifted.");
  },
};
