import { operOf } from "../common.js";
import { caseArg, refuse } from "./common.js";
export const caseRelease = {
    name: "RELEASE",
    syntax: "CASE RELEASE <case>",
    summary: "Lifts a staff hold from a case.",
    help: ["Other holds (a review request, an earlier case, a freeze) end with their cause, or by CASE RULE <case> <item> waive."],
    minArgs: 1,
    maxArgs: 1,
    run(ctx, [text = ""]) {
        const number = caseArg(ctx, text);
        if (number === null)
            return;
        const result = ctx.services.deletion.release(number, operOf(ctx));
        if (!result.ok)
            return refuse(ctx, result.error);
        ctx.reply(`The hold on case ${number} is lifted. CASE SHOW ${number} shows what else it waits for.`);
    },
};
//# sourceMappingURL=release.js.map