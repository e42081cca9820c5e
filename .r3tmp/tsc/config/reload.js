/**
 * Reloading services.conf while running (SIGHUP, OperServ REHASH): the new file is read and
 * checked as a whole; if it has errors nothing changes. Otherwise the tables that can change at
 * once are copied into the running Config object in place (every part holds that one object, so
 * each reads the new values on its next use), and changes to the tables that need a restart are
 * reported and left as they were.
 */
import { isDeepStrictEqual } from "node:util";
import { err, ok } from "../util/result.js";
import { loadConfigFile } from "./load.js";
/** Tables that only a restart changes: the link, the identity on the network, files and listeners. */
export const RESTART_TABLES = ["server", "uplink", "database", "log", "metrics", "pseudoclients"];
const isRestartTable = (table) => RESTART_TABLES.includes(table);
/** The dotted keys whose values differ between two tables (one level deep: tables, records). */
function changedKeys(table, before, after) {
    if (isDeepStrictEqual(before, after))
        return [];
    const isRecord = (v) => typeof v === "object" && v !== null && !Array.isArray(v);
    if (!isRecord(before) || !isRecord(after))
        return [table];
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].filter((key) => !isDeepStrictEqual(before[key], after[key])).map((key) => `${table}.${key}`);
}
/** What reloading `next` over `current` would change, and what it would leave for a restart. */
export function planReload(current, next) {
    const plan = { changed: [], needsRestart: [] };
    for (const table of Object.keys(next)) {
        const keys = changedKeys(table, current[table], next[table]);
        (isRestartTable(table) ? plan.needsRestart : plan.changed).push(...keys);
    }
    return plan;
}
/** Copies the reloadable tables of `next` into `current`, in place (the same table objects stay). */
export function applyReload(current, next) {
    for (const table of Object.keys(next)) {
        if (isRestartTable(table))
            continue;
        const target = current[table];
        const source = next[table];
        for (const key of Object.keys(target))
            if (!(key in source))
                delete target[key];
        Object.assign(target, source);
    }
}
/** Reads `path` and applies it to `current`; the errors of an invalid file, with nothing changed. */
export function reloadConfigFile(current, path) {
    const loaded = loadConfigFile(path);
    if (!loaded.ok)
        return err(loaded.error);
    const plan = planReload(current, loaded.value);
    applyReload(current, loaded.value);
    return ok(plan);
}
//# sourceMappingURL=reload.js.map