import { operOf } from "./common.js";
/** Keys and errors listed in one reply at most; the rest are counted (the log has them all). */
const MAX_LISTED = 10;
function listed(keys) {
    const shownKeys = keys.slice(0, MAX_LISTED).join(", ");
    return keys.length > MAX_LISTED ? `${shownKeys} and ${keys.length - MAX_LISTED} more` : shownKeys;
}
export const rehash = {
    name: "REHASH",
    syntax: "REHASH",
    summary: "Re-reads services.conf without relinking.",
    help: [
        "Re-reads the configuration file. Opers and classes, limits, blacklists, flag rules and mail",
        "settings take effect at once; nobody is logged out and the link stays up. Changes to keys",
        "that need a restart (server name and SID, uplink, database path, log, metrics, pseudo-clients)",
        "are reported and keep their running values. A file with errors changes nothing.",
        "SIGHUP to the services process (systemctl reload) does the same.",
    ],
    minArgs: 0,
    maxArgs: 0,
    privilege: "rehash",
    run(ctx) {
        const result = ctx.services.configuration.rehash(operOf(ctx).id);
        if (!result.ok) {
            const { path, errors } = result.error;
            ctx.reply(`${path} has ${errors.length} error(s); nothing was changed:`);
            for (const error of errors.slice(0, MAX_LISTED))
                ctx.reply(`  ${error}`);
            if (errors.length > MAX_LISTED)
                ctx.reply(`  ... and ${errors.length - MAX_LISTED} more (see the log).`);
            return;
        }
        const { path, changed, needsRestart } = result.value;
        if (changed.length === 0 && needsRestart.length === 0) {
            ctx.reply(`${path} re-read: nothing changed.`);
            return;
        }
        ctx.reply(changed.length === 0 ? `${path} re-read: nothing that can change while running changed.` : `${path} reloaded; ${changed.length} setting(s) changed: ${listed(changed)}.`);
        if (needsRestart.length > 0)
            ctx.reply(`Need a restart, and keep their running values until then: ${listed(needsRestart)}.`);
    },
};
//# sourceMappingURL=rehash.js.map