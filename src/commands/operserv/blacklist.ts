import type { Command } from "../types.js";
import { formatDuration, parseDuration } from "../../util/duration.js";
import { globMatch } from "../../util/glob.js";
import { shown } from "../../util/text.js";
import { matchesMask, validateEmail } from "../../services/mail/address.js";
import { isAddressHash } from "../../services/abuse/address-hash.js";
import { normaliseMask, type BlacklistEntry } from "../../services/abuse/email-blacklist.js";
import { addressProblemText } from "../email-words.js";
import { LIST_LIMIT, operOf, when } from "./common.js";
import { blacklistFailureText } from "./failures.js";

/** "30d", "+30d", "1d12h" (not "0"): a duration word of BLACKLIST ADD. */
function durationWord(word: string): number | null {
  const text = word.startsWith("+") ? word.slice(1) : word;
  if (!/^(\d+[smhdwy])+$/i.test(text)) return null;
  const parsed = parseDuration(text.toLowerCase());
  return parsed.ok && parsed.value > 0 ? parsed.value : null;
}

function describe(entry: BlacklistEntry, now: number): string {
  const expiry = entry.expiresAt === null ? "permanent" : `expires ${when(entry.expiresAt)} (in ${formatDuration(entry.expiresAt - now)})`;
  const mask = isAddressHash(entry.mask) ? `${entry.mask} (a deleted account's address, kept as its hash)` : entry.mask;
  return `${mask}  set by ${entry.setter} ${when(entry.createdAt)}, ${expiry}: ${entry.reason}`;
}

const add: Command = {
  name: "ADD",
  syntax: "BLACKLIST ADD <mask> [<duration>] <reason>",
  summary: "Refuses addresses matching a mask for registration.",
  help: [
    "The mask is a glob over the whole address (* any run, ? one character), e.g. *@mailinator.com,",
    "spam*@*.example or just mailinator.com (a domain). It must contain an @ or a dot.",
    "Matching also tries the canonical address (no +tag; gmail without dots), so one entry covers the variants.",
    "The duration (e.g. 30d, 12h) is optional; without it the entry stays until BLACKLIST DEL.",
    "The reason is for staff: refused users are only told the address can't be used.",
    "Adding a mask that is already listed replaces its reason and expiry.",
  ],
  minArgs: 2,
  maxArgs: 3,
  rest: true,
  run(ctx, args) {
    const [mask = "", second = "", third] = args;
    const duration = durationWord(second);
    const reason = duration === null ? args.slice(1).join(" ") : (third ?? "");
    if (duration !== null && reason.trim() === "") {
      ctx.reply("Give a reason after the duration.");
      ctx.reply(`Syntax: ${add.syntax}`);
      return;
    }
    const result = ctx.services.blacklist.add(mask, duration, reason, operOf(ctx));
    if (!result.ok) {
      ctx.reply(blacklistFailureText(result.error));
      return;
    }
    const { mask: stored, existed, expiresAt } = result.value;
    const typed = second.replace(/^\+/, "").toLowerCase();
    const until = duration === null ? "until removed" : `for ${typed} (until ${when(expiresAt as number)})`;
    ctx.reply(`${existed ? "Updated" : "Added"} ${stored} on the email blacklist ${until}.`);
  },
};

const del: Command = {
  name: "DEL",
  aliases: ["REMOVE"],
  syntax: "BLACKLIST DEL <mask>",
  summary: "Removes a mask from the blacklist.",
  help: [
    "Give the mask as BLACKLIST LIST shows it (for a deleted account's address kept as its hash, the address does too).",
    "Masks from services.conf ([mail] blacklist) are removed there.",
  ],
  minArgs: 1,
  maxArgs: 1,
  run(ctx, [mask = ""]) {
    const { blacklist, config } = ctx.services;
    const stored = normaliseMask(mask);
    if (!blacklist.remove(mask, operOf(ctx))) {
      if (config.mail.blacklist.some((m) => normaliseMask(m) === stored)) {
        ctx.reply(`${stored} comes from services.conf ([mail] blacklist); remove it there and restart.`);
      } else {
        ctx.reply(`${shown(stored, 80)} is not on the email blacklist. See /msg ${ctx.serviceNick} BLACKLIST LIST.`);
      }
      return;
    }
    ctx.reply(`Removed ${stored} from the email blacklist.`);
  },
};

const list: Command = {
  name: "LIST",
  syntax: "BLACKLIST LIST [<pattern>]",
  summary: "Lists the blacklist masks.",
  help: [
    "Shows the masks from services.conf and those added with BLACKLIST ADD (setter, date, expiry, reason).",
    "With a pattern (a glob such as *mailinator*), only masks matching it are shown.",
  ],
  minArgs: 0,
  maxArgs: 1,
  run(ctx, [pattern]) {
    const { blacklist, config, clock } = ctx.services;
    const filter = pattern === undefined ? () => true : (mask: string) => globMatch(pattern.toLowerCase(), mask.toLowerCase());
    const fromConfig = config.mail.blacklist.filter(filter);
    const entries = blacklist.list().filter((e) => filter(e.mask));
    const total = fromConfig.length + entries.length;
    if (total === 0) {
      ctx.reply(pattern === undefined ? "The email blacklist is empty." : `No blacklist mask matches ${shown(pattern, 80)}.`);
      return;
    }
    ctx.reply(`Email blacklist: ${total} ${total === 1 ? "mask" : "masks"}${pattern === undefined ? "" : ` matching ${shown(pattern, 80)}`}.`);
    let listed = 0;
    for (const mask of fromConfig) {
      if (listed++ >= LIST_LIMIT) break;
      ctx.reply(`  ${mask}  (services.conf)`);
    }
    const now = clock.now();
    for (const entry of entries) {
      if (listed++ >= LIST_LIMIT) break;
      ctx.reply(`  ${describe(entry, now)}`);
    }
    if (total > LIST_LIMIT) ctx.reply(`... and ${total - LIST_LIMIT} more; narrow it with BLACKLIST LIST <pattern>.`);
    ctx.reply("End of list.");
  },
};

const test: Command = {
  name: "TEST",
  syntax: "BLACKLIST TEST <email>",
  summary: "Shows which masks would refuse an address.",
  help: [
    "Lists every services.conf mask and blacklist entry that matches the address (as given or canonical),",
    "and says whether the address is on the failed-verification list (see FAILED).",
  ],
  minArgs: 1,
  maxArgs: 1,
  run(ctx, [email = ""]) {
    const { blacklist, config, failedVerifications, clock } = ctx.services;
    const valid = validateEmail(email);
    if (!valid.ok) ctx.reply(`Note: ${shown(email, 80)} is not a valid address (${addressProblemText(valid.error)}) and would be refused for that alone.`);
    const address = valid.ok ? valid.value : email;
    const configHits = config.mail.blacklist.filter((mask) => matchesMask(address, mask));
    const now = clock.now();
    const entryHits = blacklist.matching(address);
    for (const mask of configHits) ctx.reply(`Matches ${mask} (services.conf).`);
    for (const entry of entryHits) ctx.reply(`Matches ${describe(entry, now)}`);
    if (configHits.length + entryHits.length === 0) ctx.reply(`${shown(address, 80)} is not matched by any blacklist mask.`);
    const failed = failedVerifications.get(address);
    if (failed) {
      ctx.reply(
        `${address} is on the failed-verification list: ${failed.channel} was dropped unverified ${when(failed.at)}` +
          `${failed.failures > 1 ? ` (${failed.failures} failures)` : ""}. Clear it with FAILED DEL.`,
      );
    }
  },
};

export const blacklist: Command = {
  name: "BLACKLIST",
  syntax: "BLACKLIST ADD <mask> [<duration>] <reason> | DEL <mask> | LIST [<pattern>] | TEST <email>",
  summary: "Edits the email blacklist for registrations.",
  help: [
    "An address matching a blacklist mask cannot register an account ({nickserv} REGISTER) or a channel",
    "({x2} REGISTER), nor become an account's address ({nickserv} SET EMAIL). Users are told only that the",
    "address can't be used; the reason is for staff. Masks in services.conf ([mail] blacklist) apply as well.",
  ],
  minArgs: 0,
  privilege: "blacklist",
  subcommands: [add, del, list, test],
};
