/**
 * The words of a freeze that users read: the refusal of a frozen account (with the staff's reason
 * for whoever proved to own it, without it for anyone else) and X2's notice about a suspended
 * channel. The sentences are services.conf's [freeze] messages; this fills in their placeholders.
 */
import { FREEZE_DEFAULTS } from "../config/schema.js";
import { shown } from "../util/text.js";
import { formatWhen } from "./words.js";
/** Longest staff reason quoted in a notice. */
const REASON_SHOWN = 300;
/** The [freeze] messages of `w` (the shipped ones when the wording was made without them). */
export function freezeWording(w) {
    return (w.freeze ?? {
        url: `mailto:${w.contact}`,
        message: FREEZE_DEFAULTS.message,
        publicMessage: FREEZE_DEFAULTS.public_message,
        channelNotice: FREEZE_DEFAULTS.channel_notice,
    });
}
/** Replaces each {name} of `template` by its value; the config allows only known names. */
export function fillTemplate(template, values) {
    return template.replace(/\{([a-z]+)\}/g, (whole, name) => values[name] ?? whole);
}
/** The refusal of anything a frozen account may not do. */
export function frozenText(failure, w) {
    const f = freezeWording(w);
    const values = { account: failure.account, url: f.url, contact: w.contact };
    if (failure.reason === null)
        return fillTemplate(f.publicMessage, values);
    return fillTemplate(f.message, { ...values, reason: shown(failure.reason, REASON_SHOWN) });
}
/** X2's notice about a channel suspended by a freeze. */
export function suspendedText(channel, owner, w) {
    const f = freezeWording(w);
    return fillTemplate(f.channelNotice, { channel, owner: owner ?? "its owner", url: f.url, contact: w.contact });
}
/** The freeze as opers see it in NickServ INFO: since when, by whom, until when, why. */
export function freezeInfo(f, now) {
    const until = f.expiresAt === null ? "until lifted" : `until ${formatWhen(f.expiresAt, now)}`;
    return `since ${formatWhen(f.frozenAt, now)} by ${f.frozenByName}, ${until}: ${f.reason}`;
}
//# sourceMappingURL=freeze-words.js.map