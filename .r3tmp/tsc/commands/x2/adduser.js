import { levelName } from "../../services/channels/levels.js";
import { refuse } from "./common.js";
export const adduser = {
    name: "ADDUSER",
    syntax: "ADDUSER <#channel> <account|nick|?EID> <level>",
    summary: "Gives an account access to a channel.",
    help: [
        "Adds an account to <#channel>'s access list at <level>: coowner, manager, op or voice (or 400, 300,",
        "200, 100). You need manager access or more, and can only give levels below your own. The account",
        "can be named by its name, one of its nicks, or its entity ID (?1AAAAABD5).",
    ],
    minArgs: 3,
    maxArgs: 3,
    login: true,
    run(ctx, [channel = "", who = "", level = ""]) {
        const result = ctx.services.channels.addUser(ctx.source, channel, who, level);
        if (!result.ok)
            return refuse(ctx, result.error);
        const r = result.value;
        ctx.reply(`${r.account} now has ${levelName(r.level)} (${r.level}) access in ${r.channel}.`);
    },
};
//# sourceMappingURL=adduser.js.map