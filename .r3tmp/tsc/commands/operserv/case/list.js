import { shown } from "../../../util/text.js";
import { caseLine } from "../../deletion-words.js";
import { LIST_LIMIT } from "../common.js";
const FILTERS = ["open", "held", "done"];
export const caseList = {
    name: "LIST",
    syntax: "CASE LIST [open|held|done]",
    summary: "Lists deletion cases.",
    help: [
        "open (the default): cases waiting only for their objection window. held: cases something holds (a",
        "staff hold, a review request, an earlier case, a freeze, a ruling to give). done: carried out or cancelled.",
    ],
    minArgs: 0,
    maxArgs: 1,
    run(ctx, [which = "open"]) {
        const filter = which.toLowerCase();
        if (!FILTERS.includes(filter))
            return void ctx.reply(`Unknown CASE LIST filter ${shown(which, 20)}; use open, held or done.`);
        const { deletion, accounts, clock } = ctx.services;
        const rows = deletion.list(filter, LIST_LIMIT + 1);
        if (rows.length === 0)
            return void ctx.reply(`No ${filter} deletion cases.`);
        const now = clock.now();
        const names = new Map();
        for (const row of rows)
            for (const a of row.case.accounts)
                if (a.accountId)
                    names.set(a.entityId, accounts.byId(a.accountId)?.name ?? "");
        ctx.reply(`Deletion cases (${filter}), newest first:`);
        for (const row of rows.slice(0, LIST_LIMIT))
            ctx.reply(caseLine(row.case, row.blockers, names, now));
        if (rows.length > LIST_LIMIT)
            ctx.reply(`... and more; only the first ${LIST_LIMIT} are shown.`);
        ctx.reply(`CASE SHOW <case> for a checklist.`);
    },
};
//# sourceMappingURL=list.js.map