import { shown } from "../../util/text.js";
import { operOf } from "./common.js";
const list = {
    name: "LIST",
    syntax: "BREAKER LIST",
    summary: "Lists maintenance loops held by the breaker.",
    help: ["Shows each held loop, how many rows it wanted to change and since when."],
    minArgs: 0,
    maxArgs: 0,
    run(ctx) {
        const held = ctx.services.breaker.held();
        if (held.length === 0) {
            ctx.reply("No maintenance loop is held.");
            return;
        }
        for (const entry of held)
            ctx.reply(`${entry.loop}: wants ${entry.wanted} rows, held since ${new Date(entry.at).toISOString()}`);
    },
};
const confirm = {
    name: "CONFIRM",
    syntax: "BREAKER CONFIRM <loop>",
    summary: "Lets a held loop make its large run once.",
    help: ["Use it after checking that the number of rows the loop wants to change is expected (no clock jump, no policy typo)."],
    minArgs: 1,
    maxArgs: 1,
    run(ctx, [loop = ""]) {
        if (!ctx.services.breaker.confirm(loop, operOf(ctx).id)) {
            ctx.reply(`Loop ${shown(loop)} is not held. See /msg ${ctx.serviceNick} BREAKER LIST.`);
            return;
        }
        ctx.reply(`Confirmed: the next run of ${loop} will go ahead.`);
    },
};
export const breaker = {
    name: "BREAKER",
    syntax: "BREAKER LIST | CONFIRM <loop>",
    summary: "Shows or releases maintenance loops held by the safety breaker.",
    help: [
        "A maintenance loop that would expire, degrade or drop more rows at once than [maintenance] breaker_limit",
        "does nothing and waits for an oper. LIST shows held loops; CONFIRM lets one run through once.",
    ],
    minArgs: 0,
    privilege: "expiry",
    subcommands: [list, confirm],
};
//# sourceMappingURL=breaker.js.map