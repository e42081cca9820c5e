/**
 * RFC 1459 case folding, as Debian's InspIRCd uses by default: nicks, account names and channel
 * names are equal when their folded forms are. The one implementation the IRC layer (ircLower) and
 * the domain (foldName) both use.
 */
const RFC1459_UPPER = { "[": "{", "]": "}", "\\": "|", "~": "^" };
export function rfc1459Fold(text) {
    return text.toLowerCase().replace(/[[\]\\~]/g, (c) => RFC1459_UPPER[c]);
}
//# sourceMappingURL=casefold.js.map