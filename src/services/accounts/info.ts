/**
 * NickServ INFO: the lines shown about an account, in one place so that other views (degraded
 * accounts, freezes) can extend it. Pure: everything it shows comes in through InfoInput.
 */
import { formatDuration, formatUtcMinute } from "../../util/duration.js";
import { degradedInfoLines, type DegradedExtra } from "./degraded-info.js";
import type { AccountMark } from "./marks.js";
import type { Account, AccountNick } from "./store.js";

export interface InfoViewer {
  /** The viewer is logged in to this account. */
  isOwner: boolean;
  /** The viewer holds account:auspex. */
  auspex: boolean;
}

export interface InfoInput {
  account: Account;
  nicks: AccountNick[];
  /** Staff marks; shown to auspex viewers only. */
  marks: AccountMark[];
  /** Someone is logged in to the account right now. */
  online: boolean;
  viewer: InfoViewer;
  now: number;
  /** When an unverified account is dropped, if it is (null: it follows another rule). */
  verifyDeadline: number | null;
  /** For a degraded account: its expired nicks and channel counts (degraded-info.ts). */
  degraded?: DegradedExtra;
}

/** "2026-01-03 14:05 UTC (2d4h ago)". */
export function formatWhen(at: number, now: number): string {
  const stamp = formatUtcMinute(at);
  const delta = now - at;
  if (Math.abs(delta) < 1000) return `${stamp} (now)`;
  return delta > 0 ? `${stamp} (${formatDuration(delta)} ago)` : `${stamp} (in ${formatDuration(-delta)})`;
}

const field = (label: string, value: string): string => `${label.padEnd(13)}: ${value}`;

/** The INFO reply for one account, as seen by `viewer`. */
export function accountInfoLines(input: InfoInput): string[] {
  const { account: a, viewer, now } = input;
  if (a.degradedAt !== null) return degradedInfoLines(input, input.degraded);
  const full = viewer.isOwner || viewer.auspex;
  const lines: string[] = [`Information on ${a.name}:`];
  if (full) lines.push(field("Entity ID", a.id));
  if (a.status === "unverified") {
    const deadline = input.verifyDeadline !== null ? `; dropped if not verified by ${formatWhen(input.verifyDeadline, now)}` : "";
    lines.push(field("Status", `not verified yet (email verification pending${deadline})`));
  }
  if (a.frozen) lines.push(field("Status", "frozen by the network staff"));
  lines.push(field("Registered", formatWhen(a.createdAt, now)));
  lines.push(field("Last seen", input.online ? "now (logged in)" : formatWhen(a.lastSeenAt, now)));
  if (full && a.lastMask) lines.push(field("Last address", a.lastMask));
  if (viewer.auspex && a.lastRealMask && a.lastRealMask !== a.lastMask) lines.push(field("Real address", a.lastRealMask));
  lines.push(field("Nicknames", input.nicks.length > 0 ? input.nicks.map((n) => n.nick).join(", ") : "(none)"));
  if (full || !a.hideEmail) lines.push(field("Email", a.email + (full && a.hideEmail ? " (hidden from others)" : "")));
  if (full && a.verifiedAt !== null) lines.push(field("Verified", formatWhen(a.verifiedAt, now)));
  if (full) {
    const options = [a.expmail ? "EXPMAIL" : null, a.hideEmail ? "HIDEMAIL" : null, a.noexpire ? "NOEXPIRE" : null].filter(
      (o): o is string => o !== null,
    );
    lines.push(field("Options", options.length > 0 ? options.join(", ") : "(none)"));
  }
  if (viewer.auspex) {
    if (a.origin === "x2") lines.push(field("Origin", "made by X2 REGISTER"));
    for (const mark of input.marks) lines.push(field(`Mark #${mark.id}`, `${formatWhen(mark.at, now)} by ${mark.oper}: ${mark.text}`));
  }
  lines.push("*** End of Info ***");
  return lines;
}
