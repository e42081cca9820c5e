import { operOf } from "../common.js";
import { caseArg, refuse } from "./common.js";
export const caseHold = {
    name: "HOLD",
    syntax: "CASE HOLD <case> <reason>",
    summary: "Stops a case until CASE RELEASE.",
    help: ["A held case is not carried out, whatever its window says. The reason is kept in the case record."],
    minArgs: 2,
    maxArgs: 2,
    rest: true,
    run(ctx, [text = "", reason = ""]) {
        const number = caseArg(ctx, text);
        if (number === null)
            return;
        const result = ctx.services.deletion.hold(number, operOf(ctx), reason);
        if (!result.ok)
            return refuse(ctx, result.error);
        ctx.reply(`Case ${number} is held: ${result.value.hold?.reason ?? reason}. CASE RELEASE ${number} lifts the hold.`);
    },
};
//# sourceMappingURL=hold.js.map