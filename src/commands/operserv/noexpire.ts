import { shown } from "../../util/text.js";
import type { Command } from "../types.js";
import { operOf } from "./common.js";

export const noexpire: Command = {
  name: "NOEXPIRE",
  syntax: "NOEXPIRE <account> ON|OFF",
  summary: "Keeps an account from expiring (its nicks and itself), or lets it expire again.",
  help: [
    "With ON, the account's nicknames never expire and the account is never dropped for",
    "inactivity; OPERSERV EXPIRING leaves it out. OFF lets the usual expiry rules apply again",
    "(counted from when the account was last seen). The account may be named by name, nick,",
    "entity ID or ?entity ID.",
  ],
  minArgs: 2,
  maxArgs: 2,
  privilege: "account:admin",
  run(ctx, args) {
    const [reference, setting] = args as [string, string];
    const value = setting.toUpperCase();
    if (value !== "ON" && value !== "OFF") {
      ctx.reply(`${shown(setting, 20)} is neither ON nor OFF. Syntax: ${noexpire.syntax}`);
      return;
    }
    const { accounts, audit } = ctx.services;
    const store = accounts.deps.store;
    const account = store.resolve(reference);
    if (!account) {
      ctx.reply(`There is no account ${shown(reference)}.`);
      return;
    }
    const on = value === "ON";
    if (account.noexpire === on) {
      ctx.reply(`NOEXPIRE is already ${value} for ${account.name} (${account.id}).`);
      return;
    }
    store.setFlag(account.id, "noexpire", on);
    audit.record({ actor: operOf(ctx).id, action: "account.noexpire", target: account.id, details: { name: account.name, noexpire: on } });
    ctx.reply(on ? `${account.name} (${account.id}) will not expire.` : `${account.name} (${account.id}) follows the usual expiry rules again.`);
  },
};
