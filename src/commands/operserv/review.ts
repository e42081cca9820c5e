import type { MailStatus, ReviewFilter } from "../../services/channels/service.js";
import type { ChannelRecord } from "../../services/channels/records.js";
import { formatDuration } from "../../util/duration.js";
import { shown } from "../../util/text.js";
import type { Command, CommandContext } from "../types.js";
import { wordsOf } from "../words.js";
import { refuse } from "../x2/common.js";
import { describeOutcome } from "../x2/failures.js";
import { ago, LIST_LIMIT, operOf } from "./common.js";
import { blacklistFailureText } from "./failures.js";

/** "12" or "#12" -> 12; anything else answers with the syntax. */
function requestId(ctx: CommandContext, text: string): number | null {
  const match = /^#?(\d{1,12})$/.exec(text);
  if (!match) {
    ctx.reply(`${shown(text, 20)} is not a request number; REVIEW LIST shows them.`);
    return null;
  }
  return Number(match[1]);
}

function summary(c: ChannelRecord, now: number): string {
  const who = `${c.registrant.nick}!${c.registrant.ident}@${c.registrant.host}`;
  const why = c.flagReasons.length > 0 ? ` - ${c.flagReasons.join("; ")}` : "";
  return `${String(c.id).padStart(4)}  ${c.name}  ${c.state}  ${formatDuration(now - c.requestedAt)} ago  ${who}  ${c.email}${why}`;
}

/** Where the registration's mail stands. */
function mailText(m: MailStatus | null, c: ChannelRecord, now: number): string {
  if (!m) return c.state === "held" ? "none yet (sent on approval)" : "none";
  if (m.status === "queued") return m.notBefore > now ? `queued, leaves in ${formatDuration(m.notBefore - now)} unless rejected` : "queued, due now";
  if (m.status === "sent" && m.sentAt !== null) return `sent ${ago(m.sentAt, now)}`;
  return m.status;
}

const list: Command = {
  name: "LIST",
  syntax: "REVIEW LIST [held|pending|all]",
  summary: "Lists registration requests waiting for a decision.",
  help: [
    "held: requests held for review (over the hourly limit or flagged by a rule).",
    "pending: accepted registrations still waiting for the owner to verify them.",
    "all (the default): both.",
  ],
  minArgs: 0,
  maxArgs: 1,
  run(ctx, [which = "all"]) {
    const filter = which.toLowerCase();
    if (filter !== "held" && filter !== "pending" && filter !== "all") {
      ctx.reply(`Unknown REVIEW LIST filter ${shown(which, 20)}; use held, pending or all.`);
      return;
    }
    const rows = ctx.services.channels.reviewList(filter as ReviewFilter, LIST_LIMIT + 1);
    if (rows.length === 0) {
      ctx.reply(filter === "held" ? "No request is held for review." : filter === "pending" ? "No registration is waiting for verification." : "No request is held or waiting for verification.");
      return;
    }
    const now = ctx.services.clock.now();
    ctx.reply(`Registration requests (${filter}), oldest first:`);
    for (const row of rows.slice(0, LIST_LIMIT)) ctx.reply(summary(row, now));
    if (rows.length > LIST_LIMIT) ctx.reply(`... and more; only the first ${LIST_LIMIT} are shown.`);
    ctx.reply(`REVIEW SHOW <id> for details; REVIEW APPROVE <id> or REVIEW REJECT <id> [BLACKLIST] <reason> to decide.`);
  },
};

const show: Command = {
  name: "SHOW",
  syntax: "REVIEW SHOW <id>",
  summary: "Shows a registration request in full.",
  help: ["Who asked (nick, account, host, IP), when, why it was flagged, its state and mail, the registrant's other requests and the notes."],
  minArgs: 1,
  maxArgs: 1,
  run(ctx, [idText = ""]) {
    const id = requestId(ctx, idText);
    if (id === null) return;
    const result = ctx.services.channels.reviewShow(id);
    if (!result.ok) return refuse(ctx, result.error);
    const d = result.value;
    const c = d.record;
    const r = c.registrant;
    const now = ctx.services.clock.now();
    ctx.reply(`Request ${c.id}: ${c.name} - ${c.state}${c.endReason ? ` (${c.endReason})` : ""}`);
    ctx.reply(`  Requested:  ${ago(c.requestedAt, now)} by ${r.nick}!${r.ident}@${r.host} [${r.ip}]`);
    ctx.reply(`  Account:    ${r.accountId ? `${d.registrantAccountName} (?${r.accountId})` : "not logged in"}`);
    ctx.reply(`  Email:      ${c.email}`);
    if (c.flagReasons.length > 0) ctx.reply(`  Flagged:    ${c.flagReasons.join("; ")}`);
    if (c.ownerId) ctx.reply(`  Owner:      ${d.ownerName} (?${c.ownerId})${c.accountCreated ? `, account made by ${ctx.nicks.x2} for this registration` : ""}`);
    if (c.registeredAt !== null) ctx.reply(`  Accepted:   ${ago(c.registeredAt, now)}${c.verifyVia ? `, verified by ${c.verifyVia === "password" ? "logging in with the mailed password" : "the mailed code"}` : ""}`);
    if (c.verifiedAt !== null) ctx.reply(`  Verified:   ${ago(c.verifiedAt, now)}`);
    if (c.decidedBy) ctx.reply(`  Decided by: ${c.decidedBy}${c.decidedAt !== null ? ` ${ago(c.decidedAt, now)}` : ""}`);
    if (c.endedAt !== null) ctx.reply(`  Ended:      ${ago(c.endedAt, now)}`);
    ctx.reply(`  Mail:       ${mailText(d.mail, c, now)}`);
    if (d.related.length === 0) ctx.reply("  Other requests by this host, email or account: none");
    else {
      ctx.reply(`  Other requests by this host, email or account (${d.related.length}, newest first):`);
      for (const o of d.related) ctx.reply(`    ${summary(o, now)}`);
    }
    if (d.notes.length === 0) ctx.reply("  Notes: none");
    else for (const n of d.notes) ctx.reply(`  Note by ${n.oper} ${ago(n.at, now)}: ${n.text}`);
  },
};

const approve: Command = {
  name: "APPROVE",
  syntax: "REVIEW APPROVE <id>",
  summary: "Approves a held request: it proceeds as an accepted registration.",
  help: [
    "{x2} joins the channel, the registrant becomes its owner and the verification mail is queued (an account",
    "is made for registrants who had none). The registrant is told if online.",
  ],
  minArgs: 1,
  maxArgs: 1,
  async run(ctx, [idText = ""]) {
    const id = requestId(ctx, idText);
    if (id === null) return;
    const result = await ctx.services.channels.approve(id, operOf(ctx));
    if (!result.ok) return refuse(ctx, result.error);
    ctx.reply(`Approved request ${id}. For the registrant: ${describeOutcome(result.value, wordsOf(ctx))}`);
  },
};

const reject: Command = {
  name: "REJECT",
  syntax: "REVIEW REJECT <id> [BLACKLIST] <reason>",
  summary: "Rejects a held or unverified request.",
  help: [
    "Cancels its queued mail (so nothing is sent when you reject within the mail delay), has {x2} leave, and",
    "drops an account {x2} made for it. A rejection mail goes out only if the registration mail already had.",
    "BLACKLIST also puts the exact email on the email blacklist. The registrant is told if online.",
  ],
  minArgs: 2,
  maxArgs: 2,
  rest: true,
  run(ctx, [idText = "", rest = ""]) {
    const id = requestId(ctx, idText);
    if (id === null) return;
    let reason = rest.trim();
    let blacklist = false;
    const first = /^(\S+)\s*(.*)$/.exec(reason);
    if (first && first[1]?.toUpperCase() === "BLACKLIST") {
      blacklist = true;
      reason = (first[2] ?? "").trim();
    }
    if (reason.length === 0) {
      ctx.reply("Give a reason; the registrant is told it.");
      ctx.reply(`Syntax: ${reject.syntax}`);
      return;
    }
    const result = ctx.services.channels.reject(id, operOf(ctx), reason, blacklist);
    if (!result.ok) return refuse(ctx, result.error);
    const r = result.value;
    const parts = [`Rejected request ${id} (${r.channel}).`];
    if (r.mailCancelled) parts.push("Its queued mail was cancelled before it was sent.");
    if (r.mailed) parts.push("The registration mail had already been sent, so a rejection mail was queued.");
    if (r.accountDropped) parts.push(`The account ${ctx.nicks.x2} made for it was dropped.`);
    if (r.blacklisted) parts.push("Its email is now on the blacklist.");
    if (r.blacklistError) parts.push(`The email could not be blacklisted: ${blacklistFailureText(r.blacklistError)}`);
    ctx.reply(parts.join(" "));
  },
};

const note: Command = {
  name: "NOTE",
  syntax: "REVIEW NOTE <id> <text>",
  summary: "Adds a staff note to a request.",
  help: ["Notes are shown by REVIEW SHOW, to staff only."],
  minArgs: 2,
  maxArgs: 2,
  rest: true,
  run(ctx, [idText = "", text = ""]) {
    const id = requestId(ctx, idText);
    if (id === null) return;
    const result = ctx.services.channels.note(id, operOf(ctx), text);
    if (!result.ok) return refuse(ctx, result.error);
    ctx.reply(`Noted on request ${id} (${result.value.name}).`);
  },
};

export const review: Command = {
  name: "REVIEW",
  syntax: "REVIEW LIST | SHOW | APPROVE | REJECT | NOTE",
  summary: "Reviews {x2} channel registration requests.",
  help: [
    "Requests are held for review when registrations go over the hourly limit or a flag rule matches.",
    "Unverified registrations can be rejected too, e.g. before their mail leaves.",
  ],
  minArgs: 0,
  privilege: "review",
  subcommands: [list, show, approve, reject, note],
};
