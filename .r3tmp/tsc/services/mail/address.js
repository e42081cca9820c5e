/**
 * Email address syntax (a practical subset of RFC 5321), the canonical form used for limits and
 * blacklists, and glob masks.
 *
 * The canonical form is only ever used to count and to match; it is never shown to anyone and
 * never used to send (research/user-asks.md, item 2).
 */
import { globMatch } from "../../util/glob.js";
import { err, ok } from "../../util/result.js";
const MAX_LOCAL = 64;
const MAX_TOTAL = 254;
const MAX_LABEL = 63;
/** dot-atom text characters of RFC 5322 (ASCII letters, digits and these symbols). */
const ATEXT = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$/;
const TLD = /^(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})$/;
/** C0/C1 controls, DEL, format characters (bidi overrides, zero-width), line/paragraph separators. */
const CONTROL = /[\p{Cc}\p{Cf}\u2028\u2029]/u;
const SPACE = /[\s\p{Z}]/u;
/**
 * Checks an address a user typed. On success returns it normalised: the local part as given,
 * the domain lower-cased. On failure says which rule it breaks.
 */
export function validateEmail(input) {
    if (input.length === 0)
        return err({ kind: "empty" });
    if (CONTROL.test(input))
        return err({ kind: "control" });
    if (SPACE.test(input))
        return err({ kind: "space" });
    if (/[<>,;]/.test(input))
        return err({ kind: "list" });
    if (input.includes('"'))
        return err({ kind: "quoted" });
    if (/[^\x21-\x7e]/.test(input))
        return err({ kind: "non-ascii" });
    if (input.length > MAX_TOTAL)
        return err({ kind: "too-long", max: MAX_TOTAL });
    const at = input.indexOf("@");
    if (at < 0)
        return err({ kind: "no-at" });
    if (input.indexOf("@", at + 1) >= 0)
        return err({ kind: "many-at" });
    const local = input.slice(0, at);
    const domainGiven = input.slice(at + 1);
    if (local.length === 0)
        return err({ kind: "local-empty" });
    if (domainGiven.length === 0)
        return err({ kind: "domain-empty" });
    if (local.length > MAX_LOCAL)
        return err({ kind: "local-too-long", max: MAX_LOCAL });
    if (local.startsWith(".") || local.endsWith("."))
        return err({ kind: "local-dot-edge" });
    if (local.includes(".."))
        return err({ kind: "local-double-dot" });
    for (const atom of local.split(".")) {
        if (!ATEXT.test(atom))
            return err({ kind: "local-char" });
    }
    if (domainGiven.startsWith("[") || domainGiven.endsWith("]"))
        return err({ kind: "ip-literal" });
    const domain = domainGiven.toLowerCase();
    const labels = domain.split(".");
    if (labels.length < 2)
        return err({ kind: "not-full-domain", domain });
    for (const label of labels) {
        if (label.length === 0)
            return err({ kind: "empty-label" });
        if (label.length > MAX_LABEL)
            return err({ kind: "label-too-long", max: MAX_LABEL });
        if (!LABEL.test(label))
            return err({ kind: "label-char" });
    }
    const tld = labels[labels.length - 1];
    if (!TLD.test(tld))
        return err({ kind: "bad-tld", domain });
    return ok(`${local}@${domain}`);
}
/** The domain of an address, lower-cased ("" when there is no @). Safe to log. */
export function emailDomain(address) {
    const at = address.lastIndexOf("@");
    return at < 0 ? "" : address.slice(at + 1).toLowerCase();
}
const GMAIL_DOMAINS = new Set(["gmail.com", "googlemail.com"]);
/**
 * The form used to count per-address limits and to match blacklists: lower-cased, `+tag`
 * removed, and for gmail.com/googlemail.com the dots removed and the domain mapped to gmail.com.
 * Never shown, never sent to.
 */
export function canonicalEmail(address) {
    const lower = address.toLowerCase();
    const at = lower.lastIndexOf("@");
    if (at < 0)
        return lower;
    let local = lower.slice(0, at);
    let domain = lower.slice(at + 1);
    const plus = local.indexOf("+");
    if (plus > 0)
        local = local.slice(0, plus);
    if (GMAIL_DOMAINS.has(domain)) {
        domain = "gmail.com";
        const undotted = local.replace(/\./g, "");
        if (undotted.length > 0)
            local = undotted;
    }
    return `${local}@${domain}`;
}
/** A mask as a whole-address glob: lower-cased, and a mask without @ names a domain. */
function maskGlob(mask) {
    const full = mask.toLowerCase();
    return full.includes("@") ? full : `*@${full}`;
}
/**
 * True when `mask` (a case-insensitive glob: `*` any run, `?` one character, over the whole
 * address) matches the address as given or its canonical form. A mask without `@` names a
 * domain: `mailinator.com` is `*@mailinator.com`. Matching takes time linear in the address
 * for any mask (util/glob.ts).
 */
export function matchesMask(address, mask) {
    const glob = maskGlob(mask);
    return globMatch(glob, address.toLowerCase()) || globMatch(glob, canonicalEmail(address));
}
/** The first mask of `masks` that matches the address (see matchesMask), or undefined. */
export function matchingMask(address, masks) {
    return masks.find((mask) => matchesMask(address, mask));
}
//# sourceMappingURL=address.js.map