import { levelName } from "../../services/channels/levels.js";
import { refuse } from "./common.js";
export const deluser = {
    name: "DELUSER",
    syntax: "DELUSER <#channel> <account|nick|?EID>",
    summary: "Removes an account from a channel's access list.",
    help: [
        "Removes an account's access in <#channel>. You need manager access or more and a level above",
        "theirs; anyone but the owner can remove themselves.",
    ],
    minArgs: 2,
    maxArgs: 2,
    login: true,
    run(ctx, [channel = "", who = ""]) {
        const result = ctx.services.channels.delUser(ctx.source, channel, who);
        if (!result.ok)
            return refuse(ctx, result.error);
        const r = result.value;
        ctx.reply(`${r.account} (${levelName(r.level)}) no longer has access in ${r.channel}.`);
    },
};
//# sourceMappingURL=deluser.js.map