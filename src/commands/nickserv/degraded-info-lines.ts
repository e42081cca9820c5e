/**
 * NickServ INFO on a degraded account (issue 5), in the layout of the degradation proposal
 * (shared/seeds/003): ordinary users see the entity ID, the original account name, the last
 * address as others saw it and when it was last seen; opers (account:auspex) see also the
 * registration time, the expired account name, the last real address, every expired nickname,
 * channel counts and groups.
 *
 * Pure: info-lines.ts calls degradedInfoLines for accounts with degradedAt set; the accounts
 * domain supplies the extra facts (expired nicks, channel counts) in AccountInfo.degraded.
 */
import type { AccountInfo, DegradedExtra } from "../../services/accounts/info.js";
import { legacyIdLine } from "./legacy-id-line.js";
import { freezeInfo } from "../freeze-words.js";

const LABEL = 23;
const field = (label: string, value: string): string => `${label.padEnd(LABEL)}: ${value}`;

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const pad2 = (n: number): string => String(n).padStart(2, "0");

/** "Oct 15 01:44:23 2013 UTC (32 weeks, 1 day, 09:35:21 ago)", as in the proposal. */
export function formatSeenAt(at: number, now: number): string {
  const d = new Date(at);
  const stamp = `${MONTHS[d.getUTCMonth()]} ${pad2(d.getUTCDate())} ${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())} ${d.getUTCFullYear()} UTC`;
  const delta = now - at;
  if (Math.abs(delta) < 1000) return `${stamp} (now)`;
  return delta > 0 ? `${stamp} (${describeSpan(delta)} ago)` : `${stamp} (in ${describeSpan(-delta)})`;
}

/** "32 weeks, 1 day, 09:35:21". */
export function describeSpan(ms: number): string {
  let s = Math.floor(ms / 1000);
  const weeks = Math.floor(s / 604_800);
  s -= weeks * 604_800;
  const days = Math.floor(s / 86_400);
  s -= days * 86_400;
  const clock = `${pad2(Math.floor(s / 3600))}:${pad2(Math.floor((s % 3600) / 60))}:${pad2(s % 60)}`;
  const parts: string[] = [];
  if (weeks > 0) parts.push(`${weeks} week${weeks === 1 ? "" : "s"}`);
  if (days > 0) parts.push(`${days} day${days === 1 ? "" : "s"}`);
  parts.push(clock);
  return parts.join(", ");
}

/** `nick!ident@host` -> `ident@host` (the proposal's "Last addr"); other shapes unchanged. */
export function addressOf(mask: string): string {
  const bang = mask.indexOf("!");
  return bang >= 0 ? mask.slice(bang + 1) : mask;
}

/** The INFO lines for a degraded account. */
export function degradedInfoLines(input: AccountInfo, extra: DegradedExtra | undefined): string[] {
  const { account: a, viewer, now } = input;
  const original = a.originalName ?? a.name;
  const lines: string[] = [`Information on ${a.name} (account ${a.id}):`];
  const lastSeen = input.online ? "now (logged in)" : formatSeenAt(a.lastSeenAt, now);
  if (!viewer.auspex) {
    lines.push(field("Entity ID", a.id));
    if (input.legacyId) lines.push(legacyIdLine(input.legacyId));
    lines.push(field("Original Account Name", original));
    if (a.frozen) lines.push(field("Status", "frozen by the network staff"));
    if (a.lastMask) lines.push(field("Last addr", addressOf(a.lastMask)));
    lines.push(field("Last seen", lastSeen));
    if (viewer.isOwner) {
      lines.push(field("Email", a.email));
      if (a.degradedAt !== null) lines.push(field("Nicks expired", formatSeenAt(a.degradedAt, now)));
    }
    lines.push("*** End of Info ***");
    return lines;
  }
  lines.push(field("Registered", formatSeenAt(a.createdAt, now)));
  lines.push(field("Entity ID", a.id));
  if (input.legacyId) lines.push(legacyIdLine(input.legacyId));
  lines.push(field("Expired Account Name", original));
  if (a.degradedAt !== null) lines.push(field("Nicks expired", formatSeenAt(a.degradedAt, now)));
  if (a.frozen) lines.push(field("Status", "frozen by the network staff"));
  if (input.freeze) lines.push(field("Frozen", freezeInfo(input.freeze, now)));
  if (a.lastMask) lines.push(field("Last addr", addressOf(a.lastMask)));
  if (a.lastRealMask) lines.push(field("Real addr", addressOf(a.lastRealMask)));
  lines.push(field("Last seen", lastSeen));
  const expired = extra?.expiredNicks ?? [];
  lines.push(field("Expired Nicknames", expired.length > 0 ? [...new Set(expired)].join(", ") : "(none)"));
  if (input.nicks.length > 0) lines.push(field("Nicknames", input.nicks.map((n) => n.nick).join(", ")));
  const channels = extra?.channels;
  lines.push(field("Channels", channels ? `${channels.founder} founder, ${channels.other} other` : "unknown (no channel store)"));
  lines.push(field("Groups", "none"));
  lines.push(field("Email", a.email));
  const options = [a.expmail ? "EXPMAIL" : null, a.hideEmail ? "HIDEMAIL" : null, a.noexpire ? "NOEXPIRE" : null].filter((o): o is string => o !== null);
  lines.push(field("Options", options.length > 0 ? options.join(", ") : "(none)"));
  for (const mark of input.marks) lines.push(field(`Mark #${mark.id}`, `${formatSeenAt(mark.at, now)} by ${mark.oper}: ${mark.text}`));
  lines.push("*** End of Info ***");
  return lines;
}
