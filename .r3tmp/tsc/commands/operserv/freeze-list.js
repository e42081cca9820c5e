import { LIST_LIMIT } from "./common.js";
import { listLine } from "./freeze-words.js";
export const freezeList = {
    name: "LIST",
    syntax: "FREEZE LIST",
    summary: "Lists the frozen accounts.",
    help: ["Shows every account frozen now, oldest freeze first: since when, by whom, until when, and why."],
    minArgs: 0,
    maxArgs: 0,
    privilege: "account:freeze",
    run(ctx) {
        const { total, records } = ctx.services.freeze.list(LIST_LIMIT);
        if (total === 0) {
            ctx.reply("No account is frozen.");
            return;
        }
        const now = ctx.services.clock.now();
        ctx.reply(`Frozen accounts (${total}):`);
        for (const record of records)
            ctx.reply(`  ${listLine(record, now)}`);
        if (total > records.length)
            ctx.reply(`... and ${total - records.length} more; only the first ${records.length} are shown.`);
        ctx.reply(`FREEZE SHOW <account> for what a freeze took away.`);
    },
};
//# sourceMappingURL=freeze-list.js.map