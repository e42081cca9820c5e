import { nameOf } from "./common.js";
import { freezeFailureText, recordLines } from "./freeze-words.js";
export const freezeShow = {
    name: "SHOW",
    syntax: "FREEZE SHOW <account>",
    summary: "Shows an account's freeze and what it took away.",
    help: [
        "Shows the account's freeze in force, or else its latest one: who froze it, when, why and until",
        "when; the users it logged out, the access entries it took and the channels it suspended; and,",
        "once lifted, what UNFREEZE restored and what it could not, and why.",
    ],
    minArgs: 1,
    maxArgs: 1,
    privilege: "account:freeze",
    run(ctx, [reference = ""]) {
        const result = ctx.services.freeze.show(reference);
        const now = ctx.services.clock.now();
        if (!result.ok)
            return void ctx.reply(freezeFailureText(result.error, now, ctx.nicks.operserv));
        const { account, record, count } = result.value;
        if (!record)
            return void ctx.reply(`${account} has never been frozen.`);
        for (const line of recordLines(record, count, now, nameOf(ctx)))
            ctx.reply(line);
    },
};
//# sourceMappingURL=freeze-show.js.map