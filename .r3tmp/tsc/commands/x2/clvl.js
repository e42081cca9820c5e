import { levelName } from "../../services/channels/levels.js";
import { refuse } from "./common.js";
export const clvl = {
    name: "CLVL",
    syntax: "CLVL <#channel> <account|nick|?EID> <level>",
    summary: "Changes an account's access level in a channel.",
    help: [
        "Changes the level of an account on <#channel>'s access list to coowner, manager, op or voice.",
        "You need manager access or more; both their current and their new level must be below yours.",
    ],
    minArgs: 3,
    maxArgs: 3,
    login: true,
    run(ctx, [channel = "", who = "", level = ""]) {
        const result = ctx.services.channels.clvl(ctx.source, channel, who, level);
        if (!result.ok)
            return refuse(ctx, result.error);
        const r = result.value;
        ctx.reply(`${r.account} now has ${levelName(r.to)} (${r.to}) access in ${r.channel} (was ${levelName(r.from)}).`);
    },
};
//# sourceMappingURL=clvl.js.map