import { randomInt } from "node:crypto";
import { rfc1459Fold } from "../../util/casefold.js";
const ID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
/** Entity IDs: 9 characters, a digit 1-9 then 8 of A-Z0-9 (an invalid nick, so never a nick). */
export const ENTITY_ID = /^[1-9][A-Z0-9]{8}$/;
/** A degraded name: `<entity id>-<old name>` (docs/architecture.md §2). */
export const DEGRADED_NAME = /^[1-9][A-Z0-9]{8}-/i;
export function generateEntityId() {
    let id = String(randomInt(1, 10));
    for (let i = 0; i < 8; i++)
        id += ID_CHARS[randomInt(ID_CHARS.length)];
    return id;
}
/** Strips the optional `?` of `?1AAAAABD5`; returns null when the text is not an entity ID reference. */
export function entityIdReference(text) {
    const bare = text.startsWith("?") ? text.slice(1) : text;
    const upper = bare.toUpperCase();
    return ENTITY_ID.test(upper) ? upper : null;
}
export function degradedName(entityId, oldName) {
    return `${entityId}-${oldName}`;
}
/** RFC 1459 case folding, as the ircd does it; account names and nicks are unique under it. */
export const foldName = rfc1459Fold;
/**
 * A nickname services will register. IRC nick syntax already forbids a leading digit, which is
 * what keeps entity IDs and degraded names out of the nick space.
 */
export function nickProblem(nick, maxLength = 30) {
    if (nick.length === 0 || nick.length > maxLength)
        return { kind: "nick-length", max: maxLength };
    if (!/^[A-Za-z[\]\\`_^{|}][A-Za-z0-9[\]\\`_^{|}-]*$/.test(nick))
        return { kind: "nick-invalid", nick };
    return null;
}
//# sourceMappingURL=names.js.map