import { wordsOf } from "../words.js";
import { reclaimFailureText } from "./failures.js";
export const reclaim = {
    name: "RECLAIM",
    syntax: "RECLAIM <old name | degraded name | entity ID> <password> [<new name>]",
    summary: "Takes back an account whose nicknames expired.",
    help: [
        "When an account is unused for a long time its nicknames expire: the account keeps its",
        "password, email, channels and access, but is renamed <entity ID>-<old name>.",
        "RECLAIM logs you in to it and makes <new name> (default: your current nick) its name and",
        "one of its nicknames again. The name must be a valid nickname nobody else has registered.",
        "Name the account as you remember it (its old name), or by its degraded name or entity ID",
        "(bare or as ?<entity ID>) from the mail sent when its nicknames expired.",
        "Examples: RECLAIM Tom secret   RECLAIM 1AAAAABD5-Tom secret   RECLAIM 1AAAAABD5 secret Thomas",
    ],
    minArgs: 2,
    maxArgs: 3,
    async run(ctx, args) {
        const [reference, password, newName] = args;
        const result = await ctx.services.accounts.reclaim({
            uid: ctx.source.uid,
            nick: ctx.source.nick,
            ip: ctx.source.ip,
            reference,
            password,
            ...(newName !== undefined ? { newName } : {}),
        });
        if (!result.ok) {
            ctx.reply(reclaimFailureText(result.error, wordsOf(ctx)));
            return;
        }
        const { account, oldName } = result.value;
        ctx.reply(`You have reclaimed ${oldName} (entity ID ${account.id}): its name is now ${account.name} and you are logged in.`);
        if (account.name.toLowerCase() !== ctx.source.nick.toLowerCase()) {
            ctx.reply(`${account.name} is now one of your nicknames; you can change to it with /nick ${account.name}.`);
        }
    },
};
//# sourceMappingURL=reclaim.js.map