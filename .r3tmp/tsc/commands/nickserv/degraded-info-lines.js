import { freezeInfo } from "../freeze-words.js";
import { formatWhen } from "../words.js";
import { addressFields, infoBlock, legacyIdField, optionsText, seenText } from "./info-format.js";
/** The INFO lines for a degraded account. */
export function degradedInfoLines(input, extra) {
    const { account: a, viewer, now } = input;
    const original = a.originalName ?? a.name;
    const header = `Information on ${a.name} (account ${a.id}):`;
    const fields = [];
    const degradedAt = a.degradedAt !== null ? [["Nicks expired", formatWhen(a.degradedAt, now)]] : [];
    const frozen = a.frozen ? [["Status", "frozen by the network staff"]] : [];
    const legacy = input.legacyId ? [legacyIdField(input.legacyId)] : [];
    if (!viewer.auspex) {
        fields.push(["Entity ID", a.id], ...legacy, ["Original Account Name", original], ...frozen);
        fields.push(...addressFields(a, { last: true, real: false }));
        fields.push(["Last seen", seenText(input)]);
        if (viewer.isOwner)
            fields.push(["Email", a.email], ...degradedAt);
        return infoBlock(header, fields);
    }
    fields.push(["Registered", formatWhen(a.createdAt, now)], ["Entity ID", a.id], ...legacy, ["Expired Account Name", original], ...degradedAt, ...frozen);
    if (input.freeze)
        fields.push(["Frozen", freezeInfo(input.freeze, now)]);
    fields.push(...addressFields(a, { last: true, real: true }));
    fields.push(["Last seen", seenText(input)]);
    const expired = extra?.expiredNicks ?? [];
    fields.push(["Expired Nicknames", expired.length > 0 ? [...new Set(expired)].join(", ") : "(none)"]);
    if (input.nicks.length > 0)
        fields.push(["Nicknames", input.nicks.map((n) => n.nick).join(", ")]);
    const channels = extra?.channels;
    fields.push(["Channels", channels ? `${channels.founder} founder, ${channels.other} other` : "unknown (no channel store)"]);
    fields.push(["Groups", "none"], ["Email", a.email], ["Options", optionsText(a)]);
    for (const mark of input.marks)
        fields.push([`Mark #${mark.id}`, `${formatWhen(mark.at, now)} by ${mark.oper}: ${mark.text}`]);
    return infoBlock(header, fields);
}
//# sourceMappingURL=degraded-info-lines.js.map