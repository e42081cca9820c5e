import { formatDuration, formatUtcMinute } from "../util/duration.js";
import { shown } from "../util/text.js";
export function serviceNicks(config) {
    const p = config.pseudoclients;
    return { x2: p.x2.nick, nickserv: p.nickserv.nick, operserv: p.operserv.nick };
}
export function wording(config, nicks = serviceNicks(config)) {
    const contact = () => config.mail.contact || config.mail.from;
    return {
        nicks,
        // Read when used: a REHASH may change the contact address and the [freeze] messages.
        get contact() {
            return contact();
        },
        get freeze() {
            const f = config.freeze;
            return {
                url: f.url || config.mail.url || `mailto:${contact()}`,
                message: f.message,
                publicMessage: f.public_message,
                channelNotice: f.channel_notice,
            };
        },
    };
}
/** A wait as users read it: whole seconds, rounded up, never "0s". */
export function wait(ms) {
    return formatDuration(Math.max(1000, Math.ceil(ms / 1000) * 1000));
}
/** A name as the user typed it, fit to quote in a reply (an account name is at most 40 characters). */
export const quoted = (typed) => shown(typed, 64);
/** "1 channel", "2 channels". */
export const plural = (n, word) => (n === 1 ? word : `${word}s`);
/** "2026-01-03 14:05 UTC (2d4h ago)", "(now)" or "(in 3d)". */
export function formatWhen(at, now) {
    const stamp = formatUtcMinute(at);
    const delta = now - at;
    if (Math.abs(delta) < 1000)
        return `${stamp} (now)`;
    return delta > 0 ? `${stamp} (${formatDuration(delta)} ago)` : `${stamp} (in ${formatDuration(-delta)})`;
}
/** The words' context of a command: the pseudo-client nicks as the router resolved them, and the staff contact. */
export function wordsOf(ctx) {
    return wording(ctx.services.config, ctx.nicks);
}
//# sourceMappingURL=words.js.map