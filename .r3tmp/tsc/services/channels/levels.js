import { err, ok } from "../../util/result.js";
/** Channel access levels (X2/srvx style). A user can only manage levels lower than their own. */
export const LEVELS = {
    owner: 500,
    coowner: 400,
    manager: 300,
    op: 200,
    voice: 100,
};
export const OWNER = LEVELS.owner;
export const COOWNER = LEVELS.coowner;
export const MANAGER = LEVELS.manager;
export const OP = LEVELS.op;
export const VOICE = LEVELS.voice;
/** The named levels, highest first. */
export const LEVEL_NAMES = Object.keys(LEVELS);
/** "owner", "coowner"... for a stored level; a number between named levels shows as the name below it. */
export function levelName(level) {
    for (const name of LEVEL_NAMES)
        if (level >= LEVELS[name])
            return name;
    return String(level);
}
/** Parses a level given by name ("op", "co-owner") or by its number ("200"). */
export function parseLevel(text) {
    const word = text.toLowerCase().replace(/-/g, "");
    if (word in LEVELS)
        return ok(LEVELS[word]);
    if (/^\d+$/.test(word)) {
        const n = Number(word);
        if (LEVEL_NAMES.some((name) => LEVELS[name] === n))
            return ok(n);
    }
    return err({ kind: "bad-level", text });
}
//# sourceMappingURL=levels.js.map