/**
 * Address masks: `192.0.2.0/24`, `2001:db8::/32`, or a bare address (one host), parsed strictly
 * (host bits must be zero, so a typo such as 127.0.0.1/8 is caught, with the mask meant), and a
 * set of them to test addresses against (node:net's BlockList, which also matches an
 * IPv4-mapped IPv6 address such as ::ffff:127.0.0.1 against the IPv4 masks).
 */
import { BlockList, isIPv4, isIPv6 } from "node:net";
import { err, ok } from "./result.js";
/** The 4 or 16 bytes of an address already known to be valid. */
function bytesOf(address, family) {
    if (family === "ipv4")
        return address.split(".").map(Number);
    let text = address;
    const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
    let tail = [];
    if (v4) {
        tail = bytesOf(v4[1], "ipv4");
        text = text.slice(0, v4.index).replace(/:$/, "") || ":";
        if (text.endsWith(":") && !text.endsWith("::"))
            text += ":";
    }
    const [head = "", rest] = text.split("::");
    const groups = (s) => (s ? s.split(":").filter((g) => g !== "").map((g) => parseInt(g, 16)) : []);
    const left = groups(head);
    const right = groups(rest);
    const fill = rest === undefined ? 0 : 8 - tail.length / 2 - left.length - right.length;
    const words = [...left, ...new Array(fill).fill(0), ...right];
    return [...words.flatMap((w) => [w >> 8, w & 0xff]), ...tail];
}
/** The mask with the bits beyond the prefix cleared, as text. */
function networkOf(bytes, prefix, family) {
    const masked = bytes.map((b, i) => {
        const bits = Math.max(0, Math.min(8, prefix - i * 8));
        return bits === 0 ? 0 : b & (0xff << (8 - bits)) & 0xff;
    });
    if (family === "ipv4")
        return masked.join(".");
    const words = [];
    for (let i = 0; i < 16; i += 2)
        words.push(((masked[i] << 8) | masked[i + 1]).toString(16));
    return words.join(":").replace(/(^|:)0(:0)+(:|$)/, "::");
}
/**
 * Parses a mask. Errors complete "expected an IPv4 or IPv6 address or mask ...": they say what
 * is wrong ("a prefix of /0 would match every address", "host bits set: did you mean ...").
 */
export function parseCidr(text) {
    const trimmed = text.trim();
    const [address = "", prefixText, extra] = trimmed.split("/");
    if (extra !== undefined)
        return err("more than one /");
    const family = isIPv4(address) ? "ipv4" : isIPv6(address) && !address.includes("%") ? "ipv6" : null;
    if (family === null)
        return err(`${address === "" ? "no address" : `${address} is not an IP address`}`);
    const max = family === "ipv4" ? 32 : 128;
    if (prefixText !== undefined && !/^\d{1,3}$/.test(prefixText))
        return err(`/${prefixText} is not a prefix length (0 to ${max})`);
    const prefix = prefixText === undefined ? max : Number(prefixText);
    if (prefix > max)
        return err(`/${prefix} is longer than ${max} bits`);
    if (prefix === 0)
        return err("a prefix of /0 would match every address");
    const bytes = bytesOf(address, family);
    const network = networkOf(bytes, prefix, family);
    if (bytesOf(network, family).some((b, i) => b !== bytes[i]))
        return err(`host bits set: did you mean ${network}/${prefix}?`);
    return ok({ family, address, prefix });
}
/** A set of masks; `has` tells whether an address falls in one. */
export class AddressSet {
    list = new BlockList();
    size;
    constructor(masks) {
        for (const m of masks)
            this.list.addSubnet(m.address, m.prefix, m.family);
        this.size = masks.length;
    }
    /** Parses masks already validated (the config's); an invalid one throws (a bug). */
    static of(texts) {
        return new AddressSet(texts.map((t) => {
            const parsed = parseCidr(t);
            if (!parsed.ok)
                throw new Error(`invalid address mask ${JSON.stringify(t)}: ${parsed.error}`);
            return parsed.value;
        }));
    }
    has(ip) {
        if (this.size === 0)
            return false;
        const address = ip.trim();
        if (isIPv4(address))
            return this.list.check(address, "ipv4");
        if (isIPv6(address))
            return this.list.check(address, "ipv6");
        return false;
    }
}
//# sourceMappingURL=cidr.js.map