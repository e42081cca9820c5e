/**
 * The MD5-based crypt(3) of FreeBSD and glibc (`$1$salt$hash`, Poul-Henning Kamp's md5crypt),
 * which Atheme's crypto/posix module wrote before pbkdf2v2 became its default. Written from the
 * algorithm's description; checked against OpenSSL's `passwd -1` and Atheme's own output.
 */
import { createHash } from "node:crypto";
const ITOA64 = "./0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const MAGIC = "$1$";
/** `count` characters of the crypt base64 alphabet for the low bits of `value`, least significant first. */
function to64(value, count) {
    let out = "";
    for (let i = 0; i < count; i++) {
        out += ITOA64[value & 0x3f];
        value >>>= 6;
    }
    return out;
}
const md5 = (...parts) => {
    const h = createHash("md5");
    for (const p of parts)
        h.update(p);
    return h.digest();
};
/** The salt of a `$1$` hash: up to 8 characters after the magic, ending at the next `$`. */
export function md5cryptSalt(hash) {
    if (!hash.startsWith(MAGIC))
        return null;
    const rest = hash.slice(MAGIC.length);
    const end = rest.indexOf("$");
    return (end < 0 ? rest : rest.slice(0, end)).slice(0, 8);
}
/** md5crypt of `password` with `salt` (at most 8 characters are used): the full `$1$salt$hash` string. */
export function md5crypt(password, salt) {
    const pw = Buffer.from(password, "utf8");
    const s = Buffer.from(salt.slice(0, 8), "utf8");
    const magic = Buffer.from(MAGIC, "latin1");
    const alternate = md5(pw, s, pw);
    const ctx = createHash("md5");
    ctx.update(pw);
    ctx.update(magic);
    ctx.update(s);
    for (let left = pw.length; left > 0; left -= 16)
        ctx.update(alternate.subarray(0, Math.min(left, 16)));
    // One byte per bit of the length: a zero byte for a set bit, the password's first byte otherwise.
    for (let bits = pw.length; bits > 0; bits >>>= 1)
        ctx.update(bits & 1 ? Buffer.alloc(1) : pw.subarray(0, 1));
    let final = ctx.digest();
    for (let i = 0; i < 1000; i++) {
        const parts = [i & 1 ? pw : final];
        if (i % 3)
            parts.push(s);
        if (i % 7)
            parts.push(pw);
        parts.push(i & 1 ? final : pw);
        final = md5(...parts);
    }
    const f = final;
    const b = (i) => f[i];
    const encoded = to64((b(0) << 16) | (b(6) << 8) | b(12), 4) +
        to64((b(1) << 16) | (b(7) << 8) | b(13), 4) +
        to64((b(2) << 16) | (b(8) << 8) | b(14), 4) +
        to64((b(3) << 16) | (b(9) << 8) | b(15), 4) +
        to64((b(4) << 16) | (b(10) << 8) | b(5), 4) +
        to64(b(11), 2);
    return `${MAGIC}${salt.slice(0, 8)}$${encoded}`;
}
//# sourceMappingURL=md5crypt.js.map