/**
 * NickServ INFO on a degraded account (issue 5), in the layout of the degradation proposal
 * (shared/seeds/003) and the style of every INFO (info-format.ts): ordinary users see the entity
 * ID, the original account name, the last address as others saw it and when it was last seen;
 * opers (account:auspex) see also the registration time, the expired account name, the last real
 * address, every expired nickname, channel counts and groups.
 *
 * Pure: info-lines.ts calls degradedInfoLines for accounts with degradedAt set; the accounts
 * domain supplies the extra facts (expired nicks, channel counts) in AccountInfo.degraded.
 */
import type { AccountInfo, DegradedExtra } from "../../services/accounts/info.js";
import { freezeInfo } from "../freeze-words.js";
import { formatWhen } from "../words.js";
import { addressFields, infoBlock, legacyIdField, mailFailingFields, optionsText, seenText, type InfoField } from "./info-format.js";

/** The INFO lines for a degraded account. */
export function degradedInfoLines(input: AccountInfo, extra: DegradedExtra | undefined): string[] {
  const { account: a, viewer, now } = input;
  const original = a.originalName ?? a.name;
  const header = `Information on ${a.name} (account ${a.id}):`;
  const fields: InfoField[] = [];
  const degradedAt: InfoField[] = a.degradedAt !== null ? [["Nicks expired", formatWhen(a.degradedAt, now)]] : [];
  const frozen: InfoField[] = a.frozen ? [["Status", "frozen by the network staff"]] : [];
  const legacy: InfoField[] = input.legacyId ? [legacyIdField(input.legacyId)] : [];
  if (!viewer.auspex) {
    fields.push(["Entity ID", a.id], ...legacy, ["Original Account Name", original], ...frozen);
    fields.push(...addressFields(a, { last: true, real: false }));
    fields.push(["Last seen", seenText(input)]);
    if (viewer.isOwner) fields.push(["Email", a.email], ...degradedAt);
    return infoBlock(header, fields);
  }
  fields.push(["Registered", formatWhen(a.createdAt, now)], ["Entity ID", a.id], ...legacy, ["Expired Account Name", original], ...degradedAt, ...frozen);
  if (input.freeze) fields.push(["Frozen", freezeInfo(input.freeze, now)]);
  fields.push(...addressFields(a, { last: true, real: true }));
  fields.push(["Last seen", seenText(input)]);
  const expired = extra?.expiredNicks ?? [];
  fields.push(["Expired Nicknames", expired.length > 0 ? [...new Set(expired)].join(", ") : "(none)"]);
  if (input.nicks.length > 0) fields.push(["Nicknames", input.nicks.map((n) => n.nick).join(", ")]);
  const channels = extra?.channels;
  fields.push(["Channels", channels ? `${channels.founder} founder, ${channels.other} other` : "unknown (no channel store)"]);
  fields.push(["Groups", "none"], ["Email", a.email], ...mailFailingFields(input.mailFailing, now), ["Options", optionsText(a)]);
  for (const mark of input.marks) fields.push([`Mark #${mark.id}`, `${formatWhen(mark.at, now)} by ${mark.oper}: ${mark.text}`]);
  return infoBlock(header, fields);
}
