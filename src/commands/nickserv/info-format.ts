/**
 * The one style of NickServ INFO, shared by the ordinary and the degraded layouts: the same field
 * names for the same things, every time as `2026-12-05 23:53 UTC (10s ago)`, addresses as
 * `ident@host`, and the labels of a reply aligned on the longest.
 */
import type { AccountInfo } from "../../services/accounts/info.js";
import type { Account } from "../../services/accounts/store.js";
import type { FailingAddress } from "../../services/mail/outbox.js";
import { shown } from "../../util/text.js";
import { formatWhen } from "../words.js";

/** A line of an INFO reply: a label and its value. */
export type InfoField = [label: string, value: string];

/** The header, the fields aligned on the longest label, and the end line. */
export function infoBlock(header: string, fields: InfoField[]): string[] {
  const width = Math.max(0, ...fields.map(([label]) => label.length)) + 1;
  return [header, ...fields.map(([label, value]) => `${label.padEnd(width)}: ${value}`), "*** End of Info ***"];
}

/** `nick!ident@host` -> `ident@host`: the address a user connected from; other shapes unchanged. */
export function addressOf(mask: string): string {
  const bang = mask.indexOf("!");
  return bang >= 0 ? mask.slice(bang + 1) : mask;
}

/** "Last seen": now while someone is logged in to the account, else when it was last seen. */
export function seenText(info: Pick<AccountInfo, "online" | "now"> & { account: Pick<Account, "lastSeenAt"> }): string {
  return info.online ? "now (logged in)" : formatWhen(info.account.lastSeenAt, info.now);
}

/** The ID an imported account had in its former services (usable as ?<id>). */
export function legacyIdField(legacy: { legacyId: string; source: string }): InfoField {
  return [legacy.source === "atheme" ? "Atheme ID" : "Former ID", `${legacy.legacyId} (also ?${legacy.legacyId})`];
}

/**
 * For staff, right under "Email": mail to that address was refused for good by the receiving
 * server (mail_failing_addresses), since when, and its last reply. None while mail gets through.
 */
export function mailFailingFields(failing: FailingAddress | null | undefined, now: number): InfoField[] {
  if (!failing) return [];
  const since = formatWhen(failing.firstFailedAt, now);
  const last = failing.lastFailedAt !== failing.firstFailedAt ? `, last ${formatWhen(failing.lastFailedAt, now)}` : "";
  const reply = failing.reply ? `: ${shown(failing.reply, 160)}` : "";
  return [["Mail failing", `the mail server refuses this address, since ${since}${last}${reply}`]];
}

/** The options set on an account, or "(none)". */
export function optionsText(a: Pick<Account, "expmail" | "hideEmail" | "noexpire">): string {
  const options = [a.expmail ? "EXPMAIL" : null, a.hideEmail ? "HIDEMAIL" : null, a.noexpire ? "NOEXPIRE" : null].filter((o): o is string => o !== null);
  return options.length > 0 ? options.join(", ") : "(none)";
}

/** The address fields, when known: "Last address" (as others saw it) and "Real address" (the real host, for staff). */
export function addressFields(a: Pick<Account, "lastMask" | "lastRealMask">, show: { last: boolean; real: boolean }): InfoField[] {
  const fields: InfoField[] = [];
  if (show.last && a.lastMask) fields.push(["Last address", addressOf(a.lastMask)]);
  if (show.real && a.lastRealMask) fields.push(["Real address", addressOf(a.lastRealMask)]);
  return fields;
}
