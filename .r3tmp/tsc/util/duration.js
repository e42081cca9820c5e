import { err, ok } from "./result.js";
const UNIT_MS = {
    s: 1000,
    m: 60_000,
    h: 3_600_000,
    d: 86_400_000,
    w: 7 * 86_400_000,
    y: 365 * 86_400_000,
};
/**
 * Parses "48h", "10d", "5m", "3y", "1d12h" or "0" into milliseconds.
 * A bare "0" means zero (used where a key allows "never").
 */
export function parseDuration(text) {
    const trimmed = text.trim();
    if (trimmed === "0")
        return ok(0);
    if (!/^(\d+[smhdwy])+$/.test(trimmed)) {
        return err(`"${text}" is not a duration (write a number and a unit s, m, h, d, w or y, e.g. 48h or 10d)`);
    }
    let total = 0;
    for (const part of trimmed.matchAll(/(\d+)([smhdwy])/g)) {
        total += Number(part[1]) * UNIT_MS[part[2]];
    }
    if (!Number.isSafeInteger(total))
        return err(`"${text}" is too long a duration`);
    return ok(total);
}
/** Formats milliseconds the way the config writes them, largest units first: 90000 -> "1m30s". */
export function formatDuration(ms) {
    if (ms <= 0)
        return "0s";
    const parts = [];
    let rest = Math.round(ms / 1000) * 1000;
    for (const unit of ["y", "w", "d", "h", "m", "s"]) {
        const size = UNIT_MS[unit];
        if (rest >= size) {
            parts.push(`${Math.floor(rest / size)}${unit}`);
            rest %= size;
        }
    }
    return parts.length ? parts.slice(0, 2).join("") : "0s";
}
/** A time to the minute, as replies show it: "2026-01-31 14:05 UTC". */
export function formatUtcMinute(ms) {
    return `${new Date(ms).toISOString().slice(0, 16).replace("T", " ")} UTC`;
}
const plural = (n, unit) => `${n} ${unit}${n === 1 ? "" : "s"}`;
/**
 * A span in words for people: "less than a minute", "3 minutes", "1 hour and 5 minutes",
 * "2 days and 4 hours", "7 days". Rounded to the minute under a day, to the hour under a week,
 * to the day beyond.
 */
export function describeSpan(ms) {
    const minutes = Math.round(ms / 60_000);
    if (minutes < 1)
        return "less than a minute";
    if (minutes < 60)
        return plural(minutes, "minute");
    if (minutes < 24 * 60) {
        const [h, m] = [Math.floor(minutes / 60), minutes % 60];
        return m === 0 ? plural(h, "hour") : `${plural(h, "hour")} and ${plural(m, "minute")}`;
    }
    const hours = Math.round(ms / 3_600_000);
    if (hours < 7 * 24) {
        const [d, h] = [Math.floor(hours / 24), hours % 24];
        return h === 0 ? plural(d, "day") : `${plural(d, "day")} and ${plural(h, "hour")}`;
    }
    return plural(Math.round(ms / 86_400_000), "day");
}
//# sourceMappingURL=duration.js.map