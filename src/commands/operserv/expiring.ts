import { shown } from "../../util/text.js";
import type { Command } from "../types.js";
import { formatWhen } from "../words.js";

const DAY_MS = 86_400_000;
/** Most lines one EXPIRING reply sends; the total is always given. */
export const EXPIRING_MAX_LINES = 50;
/** Entries per reply: with the header, the "more" line and the end line, at most EXPIRING_MAX_LINES lines. */
const MAX_ENTRIES = EXPIRING_MAX_LINES - 3;
/** Staff accounts shown as exempt; their lines (and a header and a "more" line) come out of MAX_ENTRIES. */
const MAX_STAFF = 10;
const MAX_DAYS = 3650;

export const expiring: Command = {
  name: "EXPIRING",
  syntax: "EXPIRING [<days>]",
  summary: "Lists accounts whose nicks expire or which expire within some days.",
  help: [
    "Lists the accounts whose nicknames expire (the account is renamed <entity ID>-<name>) or",
    `which expire (are dropped) within <days> days, 7 by default, soonest first; at most ${MAX_ENTRIES}`,
    "entries are shown, with the total. Accounts marked NOEXPIRE, frozen accounts and accounts",
    "with an open deletion case are left out: they do not expire. Staff accounts (those [opers]",
    "gives a class) never expire either; those that would be due are listed apart, with the",
    "[opers] entry that exempts them.",
  ],
  minArgs: 0,
  maxArgs: 1,
  privilege: "expiry",
  run(ctx, args) {
    const text = args[0] ?? "7";
    if (!/^\d{1,5}$/.test(text) || Number(text) < 1 || Number(text) > MAX_DAYS) {
      ctx.reply(`${shown(text, 20)} is not a number of days from 1 to ${MAX_DAYS}. Syntax: ${expiring.syntax}`);
      return;
    }
    const days = Number(text);
    const now = ctx.services.clock.now();
    const { total, entries: found, staff } = ctx.services.expiry.upcoming(now, days * DAY_MS, MAX_ENTRIES);
    const staffListed = staff.slice(0, MAX_STAFF);
    const staffLines = staffListed.length === 0 ? 0 : staffListed.length + 1 + (staff.length > staffListed.length ? 1 : 0);
    const entries = found.slice(0, MAX_ENTRIES - staffLines);
    const plural = days === 1 ? "" : "s";
    if (total === 0) ctx.reply(`No account expires within ${days} day${plural}.`);
    else ctx.reply(`Accounts expiring within ${days} day${plural}: ${total}`);
    for (const e of entries) {
      const what = e.event === "degrade" ? "nicks expire" : "account expires";
      const when = e.at <= now ? `overdue since ${formatWhen(e.at, now)}` : formatWhen(e.at, now);
      ctx.reply(`  ${e.name} (${e.accountId}) ${what} ${when}`);
    }
    if (total > entries.length) ctx.reply(`... and ${total - entries.length} more; narrow with EXPIRING <fewer days>.`);
    if (staffListed.length > 0) ctx.reply(`Exempt, as staff (they never degrade or expire): ${staff.length}`);
    for (const e of staffListed) {
      const by = e.staff.via === "entity ID" ? `entity ID ${e.staff.key}` : `name ${e.staff.key}, bound to this account`;
      ctx.reply(`  ${e.name} (${e.accountId}) exempt: class ${e.staff.cls} in [opers] (by ${by}); otherwise due ${formatWhen(e.at, now)}`);
    }
    if (staff.length > staffListed.length) ctx.reply(`... and ${staff.length - staffListed.length} more staff accounts.`);
    if (total > 0 || staffListed.length > 0) ctx.reply("*** End of list ***");
  },
};
