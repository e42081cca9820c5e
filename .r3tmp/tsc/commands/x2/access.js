import { levelName } from "../../services/channels/levels.js";
import { shown } from "../../util/text.js";
import { refuse } from "./common.js";
import { seenText } from "./format.js";
export const access = {
    name: "ACCESS",
    syntax: "ACCESS <#channel> LIST",
    summary: "Lists a channel's access list.",
    help: [
        "Lists who has access in <#channel> and at which level: owner (500), coowner (400), manager (300),",
        "op (200), voice (100). Accounts are shown by their current name, with when they were last seen",
        "(as {nickserv} INFO says it) and whether they are in the channel now.",
    ],
    minArgs: 1,
    maxArgs: 2,
    run(ctx, [channel = "", option = "LIST"]) {
        if (option.toUpperCase() !== "LIST") {
            ctx.reply(`Unknown ACCESS option ${shown(option.toUpperCase(), 20)}. Syntax: ACCESS <#channel> LIST`);
            return;
        }
        const result = ctx.services.channels.accessList(channel, ctx.source);
        if (!result.ok)
            return refuse(ctx, result.error);
        const { entries } = result.value;
        const now = ctx.services.clock.now();
        ctx.reply(`Access list of ${result.value.channel} (${entries.length} ${entries.length === 1 ? "entry" : "entries"}):`);
        for (const e of entries) {
            const note = e.accountStatus === "active" ? "" : " (unverified: no effect)";
            ctx.reply(`  ${String(e.level).padStart(3)} ${levelName(e.level).padEnd(8)} ${e.accountName}${note}  last seen ${seenText(e.seen, now)}`);
        }
        ctx.reply("End of access list.");
    },
};
//# sourceMappingURL=access.js.map