import { nameOf, operOf } from "./common.js";
import { freezeFailureText, reportLines } from "./freeze-words.js";
export const unfreeze = {
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
        if (!result.ok)
            return void ctx.reply(freezeFailureText(result.error, now, ctx.nicks.operserv));
        const { record, report } = result.value;
        ctx.reply(`${record.accountName} (${record.accountId}) is no longer frozen; logins work again.`);
        for (const line of reportLines(report, record.accountName, now, nameOf(ctx)))
            ctx.reply(line);
        ctx.reply("The member was mailed that the freeze is lifted.");
    },
};
//# sourceMappingURL=unfreeze.js.map