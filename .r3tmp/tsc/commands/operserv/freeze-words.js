/** OperServ's words for freezes: refusals, records and what UNFREEZE restored and skipped. */
import { levelName } from "../../services/channels/levels.js";
import { formatDuration } from "../../util/duration.js";
import { shown } from "../../util/text.js";
import { formatWhen } from "../words.js";
import { when } from "./common.js";
/** "owner (500)" */
const level = (n) => `${levelName(n)} (${n})`;
/** "#a owner (500), #b op (200)", or "none". */
export function accessList(entries) {
    return entries.length === 0 ? "none" : entries.map((e) => `${e.channel} ${level(e.level)}`).join(", ");
}
export function freezeFailureText(failure, now, operserv) {
    switch (failure.kind) {
        case "unknown-account":
            return `There is no account ${shown(failure.reference, 64)}.`;
        case "unverified":
            return `${failure.account} is not verified: it has no login, access or channels to take away (unverified accounts are dropped by themselves).`;
        case "own-account":
            return "You cannot freeze your own account.";
        case "reason-missing":
            return "Give a reason: the account's owner is told it, and it is mailed to them.";
        case "reason-too-long":
            return `A reason can be at most ${failure.max} characters long.`;
        case "already-frozen": {
            const r = failure.record;
            return (`${r.accountName} is already frozen (since ${formatWhen(r.frozenAt, now)} by ${r.frozenByName}: ${r.reason}); nothing changed. ` +
                `To freeze it on other terms, /msg ${operserv} UNFREEZE ${r.accountName} first.`);
        }
        case "not-frozen": {
            const last = failure.last;
            const lifted = last?.liftedAt != null ? ` Its last freeze was lifted ${formatWhen(last.liftedAt, now)} by ${last.liftedByName ?? "?"}.` : "";
            return `${failure.account} is not frozen; nothing changed.${lifted}`;
        }
    }
}
/** How long a freeze lasts, as a line ends it. */
export function endText(record, now) {
    return record.expiresAt === null ? "until lifted with UNFREEZE" : `until ${formatWhen(record.expiresAt, now)}`;
}
/** Why UNFREEZE left an access entry out. */
export function skipText(why, account, now, nameOf) {
    if (why.kind === "entry-changed") {
        return `${nameOf(why.addedBy)} gave ${account} ${level(why.level)} there ${formatWhen(why.addedAt, now)}; that entry stays`;
    }
    if (why.state === null)
        return "the channel's registration no longer exists";
    const at = why.endedAt !== null ? ` ${formatWhen(why.endedAt, now)}` : "";
    return `the channel was ${why.state}${at}${why.reason ? ` (${why.reason})` : ""}`;
}
/** What UNFREEZE did (its reply, and FREEZE SHOW of a lifted freeze). */
export function reportLines(report, account, now, nameOf, indent = "") {
    const lines = [`${indent}Access restored: ${accessList(report.restored)}`];
    for (const s of report.skipped)
        lines.push(`${indent}Not restored: ${s.channel} ${level(s.level)} - ${skipText(s.why, account, now, nameOf)}.`);
    lines.push(`${indent}Channels resumed: ${report.resumed.length > 0 ? report.resumed.join(", ") : "none"}`);
    if (report.ended.length > 0)
        lines.push(`${indent}Suspended channels that ended meanwhile: ${report.ended.join(", ")}`);
    if (report.note)
        lines.push(`${indent}Note: ${report.note}`);
    return lines;
}
/** A freeze record in full (FREEZE SHOW). */
export function recordLines(record, count, now, nameOf) {
    const lasting = record.liftedAt === null;
    const lines = [
        `Freeze #${record.id} of ${record.accountName} (${record.accountId}): ${lasting ? "in force" : "lifted"}`,
        `  Frozen:      ${formatWhen(record.frozenAt, now)} by ${record.frozenByName}`,
        `  Reason:      ${record.reason}`,
        `  Lasts:       ${record.expiresAt === null ? "until lifted with UNFREEZE" : `until ${formatWhen(record.expiresAt, now)} (${formatDuration(record.expiresAt - record.frozenAt)} in all)`}`,
        `  Logged out:  ${record.sessions.length > 0 ? record.sessions.join(", ") : "nobody was logged in"}`,
        `  Access taken: ${accessList(record.access.map((a) => ({ channel: a.channelName, level: a.level })))}`,
        `  Suspended:   ${record.channels.length > 0 ? record.channels.map((c) => c.channelName).join(", ") : "none"}`,
    ];
    if (!lasting && record.liftedAt !== null) {
        const how = record.liftReport?.expired ? "ended by itself (its time was up)" : `lifted by ${record.liftedByName ?? "?"}`;
        lines.push(`  Ended:       ${formatWhen(record.liftedAt, now)}, ${how}`);
        if (record.liftReport)
            lines.push(...reportLines(record.liftReport, record.accountName, now, nameOf, "  "));
    }
    lines.push(`  Freezes of this account: ${count}`);
    return lines;
}
/** One line of FREEZE LIST. */
export function listLine(record, now) {
    return `${record.accountName} (${record.accountId}) since ${when(record.frozenAt)} by ${record.frozenByName}, ${endText(record, now)}: ${record.reason}`;
}
//# sourceMappingURL=freeze-words.js.map