import { shown } from "../../util/text.js";
import { refuse } from "../nickserv/common.js";
import { operOf } from "./common.js";
export const noexpire = {
    name: "NOEXPIRE",
    syntax: "NOEXPIRE <account> ON|OFF",
    summary: "Keeps an account from expiring (its nicks and itself), or lets it expire again.",
    help: [
        "With ON, the account's nicknames never expire and the account is never dropped for",
        "inactivity; {operserv} EXPIRING leaves it out. OFF lets the usual expiry rules apply again",
        "(counted from when the account was last seen). The account may be named by name, nick,",
        "entity ID or ?entity ID.",
    ],
    minArgs: 2,
    maxArgs: 2,
    privilege: "account:admin",
    run(ctx, args) {
        const [reference, setting] = args;
        const value = setting.toUpperCase();
        if (value !== "ON" && value !== "OFF") {
            ctx.reply(`${shown(setting, 20)} is neither ON nor OFF. Syntax: ${noexpire.syntax}`);
            return;
        }
        const { accounts } = ctx.services;
        const found = accounts.resolve(reference);
        if (!found) {
            ctx.reply(`There is no account ${shown(reference)}.`);
            return;
        }
        const on = value === "ON";
        const result = accounts.setNoexpire(found.id, on, operOf(ctx).id);
        if (!result.ok)
            return refuse(ctx, result.error);
        const account = result.value;
        ctx.reply(on ? `${account.name} (${account.id}) will not expire.` : `${account.name} (${account.id}) follows the usual expiry rules again.`);
    },
};
//# sourceMappingURL=noexpire.js.map