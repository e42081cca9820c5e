import { levelName } from "../services/channels/levels.js";
import { formatDuration, formatUtcMinute } from "../util/duration.js";
import { accountFailureText } from "./nickserv/failures.js";
import { quoted, wait, formatWhen, plural } from "./words.js";
const UNFIT = {
    unknown: "is not a registered account",
    unverified: "is not verified and cannot own a channel",
    frozen: "is frozen",
    "in-case": "is itself in an open deletion case",
    "this-case": "is deleted by this case",
};
export function deletionFailureText(failure, w) {
    const ns = w.nicks.nickserv;
    const os = w.nicks.operserv;
    switch (failure.kind) {
        case "account":
            return accountFailureText(failure.failure, w);
        case "no-such-account":
            return `${quoted(failure.reference)} is not a registered account.`;
        case "case-open":
            return `${failure.account} is already in deletion case ${failure.caseNumber}. To cancel it, type the cancel code from its mail: /msg ${ns} DROP CANCEL <code>.`;
        case "duplicate-account":
            return `${failure.account} is named twice.`;
        case "too-many-accounts":
            return `A case holds at most ${failure.max} accounts.`;
        case "reason-missing":
            return "Give a reason; it is kept in the case record.";
        case "reason-too-long":
            return `A reason can be at most ${failure.max} characters long.`;
        case "not-a-case-number":
            return `${quoted(failure.text)} is not a case number (they look like a20260131.1); /msg ${os} CASE LIST shows them.`;
        case "no-such-case":
            return `There is no case ${failure.caseNumber}.`;
        case "case-closed":
            return `Case ${failure.caseNumber} is ${failure.state === "executed" ? "carried out" : "cancelled"} already.`;
        case "already-held":
            return `Case ${failure.caseNumber} is already held: ${failure.reason}`;
        case "not-held":
            return `Case ${failure.caseNumber} has no hold to release (CASE HOLD sets one).`;
        case "no-such-item":
            return `Case ${failure.caseNumber} has no item ${quoted(failure.item)}; its items: ${failure.items.length > 0 ? failure.items.join(", ") : "none"}.`;
        case "item-needs-no-ruling":
            return `${failure.item} needs no ruling: it is carried out as listed.`;
        case "bad-ruling":
            return `For ${failure.item}, rule one of: ${failure.expected.join(" | ")}.`;
        case "successor-unfit":
            return `${quoted(failure.account)} ${UNFIT[failure.why]}; choose another successor.`;
        case "bad-cancel-code":
            return "That is not the cancel code of an open deletion case. Copy it from the case mail exactly.";
        case "export-too-soon":
            return `You can ask for an export once every ${formatDuration(failure.intervalMs)}; try again in ${wait(failure.retryAfterMs)}.`;
        case "execution-failed":
            return `Case ${failure.caseNumber} could not be carried out, and nothing was changed: ${failure.error}`;
    }
}
const entries = (n, what) => `${n} ${what} ${n === 1 ? "entry" : "entries"}`;
/** An entity ID with the account's name when it still exists: "Tom (?1AAAAABD5)". */
export function named(id, names) {
    const name = names.get(id);
    return name ? `${name} (?${id})` : `?${id}`;
}
export function holdCauseText(cause) {
    switch (cause.kind) {
        case "review":
            return `registration request ${cause.requestId} (${cause.channel}) waits for staff review`;
        case "case":
            return `the account is in case ${cause.other}, opened earlier`;
        case "frozen": {
            const why = cause.reason ? ` (${cause.reason})` : "";
            const since = cause.since !== null ? ` since ${formatUtcMinute(cause.since)}` : "";
            const until = cause.until !== null ? `, until ${formatUtcMinute(cause.until)}` : "";
            return `the account is frozen${since}${until}${why}`;
        }
    }
}
/** One checklist item: what happens to it, and whether it waits for something. */
export function itemText(item, names) {
    switch (item.kind) {
        case "channel": {
            if (item.successor) {
                const how = item.by === "ruling" ? "by ruling" : "by the successor rule";
                return `goes to ${named(item.successor, names)} (${how})${item.unfit ? ": that account can no longer take it, rule again" : ""}`;
            }
            const why = item.by === "ruling"
                ? "by ruling"
                : item.by === "not-active"
                    ? `it is ${item.state}, not active`
                    : item.by === "rule-none"
                        ? "the successor rule is none"
                        : "nobody with enough access can take it over";
            return `dropped (${why})`;
        }
        case "access":
            return `${levelName(item.level)} access removed`;
        case "granted":
            return (`kept, attributed to the entity ID: ${entries(item.granted, "access")} given, ` +
                `${item.notes} ${plural(item.notes, "note")} and ${entries(item.auditEntries, "audit")} written`);
        case "staff": {
            const what = `class ${item.cls} (by ${item.via} "${item.operKey}": ${item.privileges.join(", ") || "no privileges"})`;
            if (!item.revoke)
                return `${what}: needs the ruling revoke`;
            return item.keyListed ? `${what}: revoked by ruling; remove the name key "${item.operKey}" from [opers] first (then REHASH)` : `${what}: revoked by ruling`;
        }
        case "hold":
            return `${item.waived ? "waived" : "holds the case"}: ${holdCauseText(item.cause)}`;
    }
}
export function blockerText(blocker, now) {
    switch (blocker.kind) {
        case "window":
            return `the objection window, until ${formatWhen(blocker.until, now)}`;
        case "manual-hold":
            return `a staff hold (${blocker.reason})`;
        case "hold":
            return `${blocker.key}: ${holdCauseText(blocker.cause)}`;
        case "needs-ruling":
            return `a ruling on ${blocker.key}`;
        case "opers-entry":
            return `the [opers] entry "${blocker.operKey}" to be removed (${blocker.key})`;
    }
}
/** CASE LIST's line for a case. */
export function caseLine(c, blockers, names, now) {
    const who = c.accounts.map((a) => named(a.entityId, names)).join(", ");
    const head = `${c.number}  ${c.state}  ${c.origin}  ${who}`;
    if (c.state !== "open")
        return `${head}  ${c.state} ${c.closedAt !== null ? formatUtcMinute(c.closedAt) : ""}`.trimEnd();
    const waits = blockers.filter((b) => b.kind !== "window");
    const due = `due ${formatWhen(c.windowEndsAt, now)}`;
    return waits.length > 0 ? `${head}  ${due}  waits for: ${waits.map((b) => blockerText(b, now)).join("; ")}` : `${head}  ${due}`;
}
//# sourceMappingURL=deletion-words.js.map