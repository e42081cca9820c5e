import { refuse } from "./common.js";
export const verify = {
    name: "VERIFY",
    syntax: "VERIFY <#channel> <code>",
    summary: "Activates a channel registration with the mailed code.",
    help: [
        "Gives the code that was mailed when you registered <#channel> while logged in to an account.",
        "The channel becomes active and you are its owner. Registrations made without an account are",
        "verified by logging in with the mailed password instead. The code is not case-sensitive and",
        "may be pasted with spaces or dashes.",
    ],
    minArgs: 2,
    maxArgs: 2,
    rest: true,
    run(ctx, [channel = "", code = ""]) {
        const result = ctx.services.channels.verify(ctx.source, channel, code);
        if (!result.ok)
            return refuse(ctx, result.error);
        ctx.reply(`${result.value.channel} is verified and active. Its owner is ${result.value.owner ?? "(none)"}.`);
    },
};
//# sourceMappingURL=verify.js.map