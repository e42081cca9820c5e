/**
 * NickServ INFO: the lines shown about an account, from what the accounts domain tells
 * (AccountInfo). Degraded accounts have their own layout (degraded-info-lines.ts), in the same
 * style (info-format.ts).
 */
import type { AccountInfo } from "../../services/accounts/info.js";
import { freezeInfo } from "../freeze-words.js";
import { formatWhen, type ServiceNicks } from "../words.js";
import { degradedInfoLines } from "./degraded-info-lines.js";
import { addressFields, infoBlock, legacyIdField, mailFailingFields, optionsText, seenText, type InfoField } from "./info-format.js";

/** The INFO reply for one account, as seen by its viewer; `nicks` name the pseudo-clients as configured. */
export function accountInfoLines(input: AccountInfo, nicks: ServiceNicks): string[] {
  const { account: a, viewer, now } = input;
  if (a.degradedAt !== null) return degradedInfoLines(input, input.degraded);
  const full = viewer.isOwner || viewer.auspex;
  const fields: InfoField[] = [];
  if (full) fields.push(["Entity ID", a.id]);
  if (full && input.legacyId) fields.push(legacyIdField(input.legacyId));
  if (a.status === "unverified") {
    const deadline = input.verifyDeadline !== null ? `; dropped if not verified by ${formatWhen(input.verifyDeadline, now)}` : "";
    fields.push(["Status", `not verified yet (email verification pending${deadline})`]);
  }
  if (a.frozen) fields.push(["Status", "frozen by the network staff"]);
  if (input.freeze) fields.push(["Frozen", freezeInfo(input.freeze, now)]);
  fields.push(["Registered", formatWhen(a.createdAt, now)]);
  fields.push(["Last seen", seenText(input)]);
  fields.push(...addressFields(a, { last: full, real: viewer.auspex }));
  fields.push(["Nicknames", input.nicks.length > 0 ? input.nicks.map((n) => n.nick).join(", ") : "(none)"]);
  if (full || !a.hideEmail) fields.push(["Email", a.email + (full && a.hideEmail ? " (hidden from others)" : "")]);
  if (viewer.auspex) fields.push(...mailFailingFields(input.mailFailing, now));
  if (full && a.verifiedAt !== null) fields.push(["Verified", formatWhen(a.verifiedAt, now)]);
  if (full) fields.push(["Options", optionsText(a)]);
  if (viewer.auspex) {
    if (a.origin === "x2") fields.push(["Origin", `made by ${nicks.x2} REGISTER`]);
    for (const mark of input.marks) fields.push([`Mark #${mark.id}`, `${formatWhen(mark.at, now)} by ${mark.oper}: ${mark.text}`]);
  }
  return infoBlock(`Information on ${a.name}:`, fields);
}
