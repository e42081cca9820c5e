import { operOf } from "../common.js";
import { caseArg, refuse } from "./common.js";
export const caseCancel = {
    name: "CANCEL",
    syntax: "CASE CANCEL <case>",
    summary: "Cancels an open case; the accounts stay.",
    help: ["The members are mailed that the case was cancelled."],
    minArgs: 1,
    maxArgs: 1,
    run(ctx, [text = ""]) {
        const number = caseArg(ctx, text);
        if (number === null)
            return;
        const result = ctx.services.deletion.cancel(number, operOf(ctx));
        if (!result.ok)
            return refuse(ctx, result.error);
        ctx.reply(`Case ${number} is cancelled; its accounts stay as they are.`);
    },
};
//# sourceMappingURL=cancel.js.map