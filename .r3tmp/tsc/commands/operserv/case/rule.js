import { named } from "../../deletion-words.js";
import { operOf } from "../common.js";
import { caseArg, refuse } from "./common.js";
export const caseRule = {
    name: "RULE",
    syntax: "CASE RULE <case> <item> <ruling>",
    summary: "Decides a checklist item.",
    help: [
        "channel:#name  successor <account> | drop | rule  (rule: back to the [deletion] successor rule)",
        "staff          revoke  (needed before a staff account is deleted; a name key must also leave [opers])",
        "hold:...       waive | hold  (waive: the case no longer waits for it)",
        "Items are listed by CASE SHOW; in a case of several accounts they end in @K.",
    ],
    minArgs: 3,
    maxArgs: 4,
    run(ctx, [text = "", item = "", ...ruling]) {
        const number = caseArg(ctx, text);
        if (number === null)
            return;
        const result = ctx.services.deletion.rule(number, item, ruling, operOf(ctx));
        if (!result.ok)
            return refuse(ctx, result.error);
        const { ruling: stored } = result.value;
        const successor = stored?.startsWith("successor:") ? stored.slice("successor:".length) : null;
        const names = new Map();
        if (successor)
            names.set(successor, ctx.services.accounts.byId(successor)?.name ?? "");
        const what = stored === null ? "back to the default" : successor ? `successor ${named(successor, names)}` : stored;
        ctx.reply(`Case ${number}: ${result.value.item} ruled ${what}.`);
    },
};
//# sourceMappingURL=rule.js.map