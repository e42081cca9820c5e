import { refuse } from "./common.js";
const DONE = { op: "opped", deop: "deopped", voice: "voiced", devoice: "devoiced" };
function statusCommand(change, summary, needs) {
    const name = change.toUpperCase();
    return {
        name,
        syntax: `${name} <#channel> [nick]`,
        summary,
        help: [`{x2} ${summary.toLowerCase().replace(/\.$/, "")} <nick>, or you when no nick is given. ${needs}`],
        minArgs: 1,
        maxArgs: 2,
        login: true,
        run(ctx, [channel = "", nick]) {
            const result = ctx.services.channels.setStatus(ctx.source, channel, change, nick);
            if (!result.ok)
                return refuse(ctx, result.error);
            ctx.reply(`${result.value.nick} ${DONE[change]} in ${result.value.channel}.`);
        },
    };
}
export const op = statusCommand("op", "Gives channel operator status.", "Needs op access (200) or more.");
export const deop = statusCommand("deop", "Takes channel operator status.", "Needs op access (200) or more, and a level above theirs.");
export const voice = statusCommand("voice", "Gives voice.", "Voicing yourself needs voice access (100); others, op access (200).");
export const devoice = statusCommand("devoice", "Takes voice.", "Devoicing yourself needs voice access (100); others, op access (200) and a level above theirs.");
//# sourceMappingURL=status.js.map