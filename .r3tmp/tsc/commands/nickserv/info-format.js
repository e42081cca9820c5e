import { formatWhen } from "../words.js";
/** The header, the fields aligned on the longest label, and the end line. */
export function infoBlock(header, fields) {
    const width = Math.max(0, ...fields.map(([label]) => label.length)) + 1;
    return [header, ...fields.map(([label, value]) => `${label.padEnd(width)}: ${value}`), "*** End of Info ***"];
}
/** `nick!ident@host` -> `ident@host`: the address a user connected from; other shapes unchanged. */
export function addressOf(mask) {
    const bang = mask.indexOf("!");
    return bang >= 0 ? mask.slice(bang + 1) : mask;
}
/** "Last seen": now while someone is logged in to the account, else when it was last seen. */
export function seenText(info) {
    return info.online ? "now (logged in)" : formatWhen(info.account.lastSeenAt, info.now);
}
/** The ID an imported account had in its former services (usable as ?<id>). */
export function legacyIdField(legacy) {
    return [legacy.source === "atheme" ? "Atheme ID" : "Former ID", `${legacy.legacyId} (also ?${legacy.legacyId})`];
}
/** The options set on an account, or "(none)". */
export function optionsText(a) {
    const options = [a.expmail ? "EXPMAIL" : null, a.hideEmail ? "HIDEMAIL" : null, a.noexpire ? "NOEXPIRE" : null].filter((o) => o !== null);
    return options.length > 0 ? options.join(", ") : "(none)";
}
/** The address fields, when known: "Last address" (as others saw it) and "Real address" (the real host, for staff). */
export function addressFields(a, show) {
    const fields = [];
    if (show.last && a.lastMask)
        fields.push(["Last address", addressOf(a.lastMask)]);
    if (show.real && a.lastRealMask)
        fields.push(["Real address", addressOf(a.lastRealMask)]);
    return fields;
}
//# sourceMappingURL=info-format.js.map