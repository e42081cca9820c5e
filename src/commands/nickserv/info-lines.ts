/**
 * NickServ INFO: the lines shown about an account, from what the accounts domain tells
 * (AccountInfo). Degraded accounts have their own layout (degraded-info-lines.ts).
 */
import type { AccountInfo } from "../../services/accounts/info.js";
import { freezeInfo } from "../freeze-words.js";
import { formatWhen } from "../words.js";
import { degradedInfoLines } from "./degraded-info-lines.js";
import { legacyIdLine } from "./legacy-id-line.js";

const field = (label: string, value: string): string => `${label.padEnd(13)}: ${value}`;

/** The INFO reply for one account, as seen by its viewer. */
export function accountInfoLines(input: AccountInfo): string[] {
  const { account: a, viewer, now } = input;
  if (a.degradedAt !== null) return degradedInfoLines(input, input.degraded);
  const full = viewer.isOwner || viewer.auspex;
  const lines: string[] = [`Information on ${a.name}:`];
  if (full) lines.push(field("Entity ID", a.id));
  if (full && input.legacyId) lines.push(legacyIdLine(input.legacyId));
  if (a.status === "unverified") {
    const deadline = input.verifyDeadline !== null ? `; dropped if not verified by ${formatWhen(input.verifyDeadline, now)}` : "";
    lines.push(field("Status", `not verified yet (email verification pending${deadline})`));
  }
  if (a.frozen) lines.push(field("Status", "frozen by the network staff"));
  if (input.freeze) lines.push(field("Frozen", freezeInfo(input.freeze, now)));
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
