import { formatDuration, formatUtcMinute } from "../util/duration.js";
import { shown } from "../util/text.js";
import { frozenText, suspendedText } from "./freeze-words.js";
import { saslFailureText } from "./nickserv/failures.js";
import { describeOutcome } from "./x2/failures.js";
/** The pseudo-client that tells a user this. */
export function messageService(message) {
    switch (message.kind) {
        case "identify-warning":
        case "guest-renamed":
        case "account-dropped":
        case "sasl-failed":
        case "account-frozen":
        case "account-unfrozen":
        case "account-degraded":
            return "nickserv";
        case "registration-held":
            return "operserv";
        default:
            return "x2";
    }
}
export function messageText(message, w) {
    const ns = w.nicks.nickserv;
    switch (message.kind) {
        case "identify-warning": {
            const seconds = Math.max(1, Math.round(message.graceMs / 1000));
            return (`The nickname ${message.nick} is registered. If it is yours, identify within ${seconds} seconds with ` +
                `/msg ${ns} IDENTIFY <password>; otherwise your nick will be changed.`);
        }
        case "guest-renamed": {
            const { from, guest, holdMs } = message;
            const held = holdMs > 0 ? ` ${from} is held for ${formatDuration(holdMs)}; if it is yours, take it back with /msg ${ns} REGAIN ${from} <password>.` : "";
            return `You did not identify for ${from} in time; your nick is being changed to ${guest}.${held}`;
        }
        case "account-dropped":
            return `Your account has been dropped (${message.reason}); you are now logged out.`;
        case "sasl-failed":
            return saslFailureText(message.failure, message.reference, w);
        case "account-degraded": {
            const was = message.formerName ? ` (it was named ${message.formerName})` : "";
            return (`Your account ${message.account} is degraded: its nicknames expired${was}. It keeps its channels and access. ` +
                `To give it a name again, one of your nicknames: /msg ${ns} RECLAIM ${message.entityId} <password> [<new name>]`);
        }
        case "channel-activated":
            return `${message.channel} is now verified and active. You are its owner.`;
        case "registration-approved":
            return `Staff approved your registration of ${message.channel}. ${describeOutcome(message.outcome, w)}`;
        case "registration-rejected":
            return `Staff rejected your registration of ${message.channel}: ${message.reason}`;
        case "registration-dropped":
            return `Your registration of ${message.channel} was dropped: it was not verified within ${formatDuration(message.windowMs)}.`;
        case "review-expired":
            return (`Your registration request for ${message.channel} expired: staff did not review it within ${formatDuration(message.windowMs)}. ` +
                "You may register it again.");
        case "channel-unestablished":
            return `${message.channel} was dropped: the owner did not visit it ${formatDuration(message.visitAfterMs)} or more after registration.`;
        case "channel-inactive":
            return `${message.channel} expired: nobody with access visited it for ${formatDuration(message.periodMs)}.`;
        case "account-frozen":
            return `You have been logged out (you stay connected and can still talk to anyone). ${frozenText(message.failure, w)}`;
        case "account-unfrozen":
            return `The account ${message.account} is no longer frozen. You can log in again: /msg ${ns} IDENTIFY ${message.account} <password>`;
        case "channel-suspended":
            return suspendedText(message.channel, message.owner, w);
        case "registration-held": {
            const os = w.nicks.operserv;
            const quiet = message.quietMs !== null ? ` Further holds for the hourly limit are not announced for ${formatDuration(message.quietMs)}: /msg ${os} REVIEW LIST held.` : "";
            return (`The registration of ${message.channel} by ${message.nick} is held for review (${message.reasons.join("; ")}): ` +
                `/msg ${os} REVIEW SHOW ${message.id}.${quiet}`);
        }
        case "channel-inherited":
            return `You are now the owner of ${message.channel}: the account of its previous owner was deleted.`;
    }
}
export function operAlertText(alert, w) {
    const os = w.nicks.operserv;
    switch (alert.kind) {
        case "login-failures": {
            const window = formatDuration(alert.windowMs);
            return alert.scope === "account" && alert.account
                ? `Login failures: ${alert.failures} failed logins to account ${alert.account.name} (${alert.account.id}) within ${window}; latest from ${alert.ip}.`
                : `Login failures: ${alert.failures} failed logins network-wide within ${window}; latest from ${alert.ip}.`;
        }
        case "breaker-tripped":
            return (`Maintenance loop ${alert.loop} wants to change ${alert.count} rows at once (limit ${alert.limit}) and is held. ` +
                `If this is expected, confirm with /msg ${os} BREAKER CONFIRM ${alert.loop}.`);
        case "hourly-registration-limit":
            return (`${w.nicks.x2} registrations reached the hourly limit (${alert.accepted} accepted in the last hour, limit ${alert.limit}): ` +
                `new requests are held for review. See /msg ${os} REVIEW LIST held ` +
                `(this notice is sent at most once every ${formatDuration(alert.alertWindowMs)}).`);
        // The reply is the mail server's text: quoted cut short and without control characters.
        case "mail-refused":
            return `Mail to ${alert.address} was refused for good: ${shown(alert.reply, 200)}`;
        case "mail-given-up":
            return `Gave up delivering mail to ${alert.address}: ${shown(alert.reply, 200)}`;
        case "mail-server-down":
            return (`The mail server has been failing since ${new Date(alert.since).toISOString()} (${shown(alert.reply, 200)}); ` +
                `${alert.waiting} mail(s) wait and will be sent when it is back.`);
        case "x2-kept-out":
            return (`${w.nicks.x2} was kicked from ${alert.channel} ${alert.kicks} times within ${formatDuration(alert.windowMs)}` +
                `${alert.kicker ? ` (last by ${shown(alert.kicker, 30)})` : ""}; it stays out until services restart or an oper types ` +
                `/msg ${os} REJOIN ${alert.channel}.`);
        case "mail-server-back":
            return `The mail server accepts mail again after ${formatDuration(alert.downForMs)}; waiting mail is going out.`;
        case "deletion-opened": {
            const who = alert.accounts.map((a) => `${a.name} (?${a.id})`).join(", ");
            const when = alert.executeAt === null ? "carried out at once (nothing to hand over)" : `carried out from ${formatUtcMinute(alert.executeAt)}`;
            return `Deletion case ${alert.caseNumber} opened ${alert.origin === "member" ? "by the member" : "by staff"} for ${who}: ${when}. See /msg ${os} CASE SHOW ${alert.caseNumber}`;
        }
        case "deletion-executed":
            return (`Deletion case ${alert.caseNumber} carried out: ${alert.accounts.map((id) => `?${id}`).join(", ")} deleted` +
                ` (${alert.succeeded} channel${alert.succeeded === 1 ? "" : "s"} handed over, ${alert.dropped} dropped).`);
        case "deletion-cancelled":
            return `Deletion case ${alert.caseNumber} was cancelled ${alert.by === "member" ? "by the member" : "by staff"}.`;
        case "deletion-failed":
            return `Deletion case ${alert.caseNumber} could not be carried out and nothing was changed: ${shown(alert.error, 200)}`;
        case "staff-revoked":
            return (`The staff privileges (class ${alert.cls}) of ?${alert.accountId} ended with its deletion (case ${alert.caseNumber}); ` +
                `remove its [opers] entry "${alert.operKey}" from services.conf, then REHASH.`);
    }
}
export function killReasonText(reason) {
    return `${reason.kind === "ghost" ? "GHOST" : "REGAIN"} command used by ${reason.by}`;
}
export function holdReasonText(reason, w) {
    return `Held after a guest rename. If it is yours: /msg ${w.nicks.nickserv} REGAIN ${reason.nick} <password>`;
}
export function partReasonText(reason) {
    if (reason.kind === "channel-suspended")
        return "Channel suspended: ask its owner to contact the network staff";
    switch (reason.state) {
        case "unregistered":
            return "Channel unregistered";
        case "rejected":
            return "Registration rejected";
        case "expired":
            return "Channel registration expired";
        default:
            return "Channel registration dropped";
    }
}
/** The one warning a user flooding services gets before being ignored. */
export function floodWarningText(limits) {
    return (`You are sending commands too fast (the limit is ${limits.messages} in ${formatDuration(limits.windowMs)}); ` +
        `you will be ignored for ${Math.round(limits.ignoreMs / 1000)} seconds.`);
}
//# sourceMappingURL=notices.js.map