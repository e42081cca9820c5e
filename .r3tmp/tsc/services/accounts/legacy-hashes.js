/**
 * Password hashes written by other services (Atheme), kept as they were on import and checked on
 * login; a successful login replaces them with Custodian's scrypt (the caller rehashes).
 *
 * Formats (facts from Atheme's crypto modules):
 * - pbkdf2v2, Atheme's default since 7.1: `$z$<prf>$<iterations>$<salt>$<digest>`; the PRF number
 *   names the digest (MD5, SHA-1, SHA-256, SHA-512) and whether the salt is stored in base64
 *   (23-26) or raw (3-6). The SCRAM forms (44-46 raw, 64-66 base64) store
 *   `$<ServerKey>$<StoredKey>` instead of the digest, over the SASLprep'd password.
 * - pbkdf2 (v1): a 16-character salt followed by 128 hex digits of PBKDF2-HMAC-SHA512, 128000 rounds.
 * - crypt(3): `$6$` SHA-512 and `$5$` SHA-256 (Drepper's specification; the unixcrypt library),
 *   `$1$` MD5 (md5crypt.ts).
 */
import { createHash, createHmac, pbkdf2 as pbkdf2Callback, timingSafeEqual } from "node:crypto";
import { md5crypt, md5cryptSalt } from "./md5crypt.js";
const DIGEST_BYTES = { md5: 16, sha1: 20, sha256: 32, sha512: 64 };
/** Atheme's accepted iteration range for pbkdf2v2. */
const PBKDF2V2_MIN_ROUNDS = 10_000;
const PBKDF2V2_MAX_ROUNDS = 5_000_000;
/**
 * SHA-crypt rounds run on the event loop (the library is synchronous): hashes with more rounds
 * than this are not accepted (the account logs in after RESETPASS). glibc's default is 5000.
 */
export const SHA_CRYPT_MAX_ROUNDS = 100_000;
const SALT_MIN = 8;
const SALT_MAX = 64;
const PRF = {
    3: { digest: "md5", scram: false, base64Salt: false },
    4: { digest: "sha1", scram: false, base64Salt: false },
    5: { digest: "sha256", scram: false, base64Salt: false },
    6: { digest: "sha512", scram: false, base64Salt: false },
    23: { digest: "md5", scram: false, base64Salt: true },
    24: { digest: "sha1", scram: false, base64Salt: true },
    25: { digest: "sha256", scram: false, base64Salt: true },
    26: { digest: "sha512", scram: false, base64Salt: true },
    44: { digest: "sha1", scram: true, base64Salt: false },
    45: { digest: "sha256", scram: true, base64Salt: false },
    46: { digest: "sha512", scram: true, base64Salt: false },
    64: { digest: "sha1", scram: true, base64Salt: true },
    65: { digest: "sha256", scram: true, base64Salt: true },
    66: { digest: "sha512", scram: true, base64Salt: true },
};
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;
function decodeBase64(text) {
    return BASE64.test(text) ? Buffer.from(text, "base64") : null;
}
/** Parses a `$z$` hash, or explains why it cannot be checked. */
function parsePbkdf2v2(hash) {
    const parts = hash.split("$");
    // ["", "z", prf, rounds, salt, digest] or SCRAM [..., serverKey, storedKey]
    if (parts.length !== 6 && parts.length !== 7)
        return "a $z$ (pbkdf2v2) hash with the wrong number of fields";
    const [, , prfText, roundsText, saltText, ...keys] = parts;
    if (!/^\d{1,3}$/.test(prfText) || !/^\d{1,8}$/.test(roundsText))
        return "a $z$ (pbkdf2v2) hash with a malformed PRF or iteration count";
    const prf = PRF[Number(prfText)];
    if (!prf)
        return `a $z$ (pbkdf2v2) hash with the unknown PRF ${prfText}`;
    if (prf.scram !== (keys.length === 2))
        return "a $z$ (pbkdf2v2) hash whose fields do not fit its PRF";
    const rounds = Number(roundsText);
    if (rounds < PBKDF2V2_MIN_ROUNDS || rounds > PBKDF2V2_MAX_ROUNDS)
        return `a $z$ (pbkdf2v2) hash with ${rounds} iterations (Atheme accepts ${PBKDF2V2_MIN_ROUNDS} to ${PBKDF2V2_MAX_ROUNDS})`;
    const salt = prf.base64Salt ? decodeBase64(saltText) : Buffer.from(saltText, "latin1");
    if (!salt || salt.length < SALT_MIN || salt.length > SALT_MAX)
        return "a $z$ (pbkdf2v2) hash with a malformed salt";
    const expected = keys.map(decodeBase64);
    if (expected.some((k) => k === null || k.length !== DIGEST_BYTES[prf.digest]))
        return "a $z$ (pbkdf2v2) hash with a malformed digest";
    return { digest: prf.digest, scram: prf.scram, rounds, salt, expected: expected };
}
const PBKDF2_V1 = /^([A-Za-z0-9]{16})([0-9a-f]{128})$/;
const SHA_CRYPT = /^\$([56])\$(?:rounds=(\d{1,9})\$)?([^$]{0,16})\$([./0-9A-Za-z]+)$/;
const MD5_CRYPT = /^\$1\$[^$]{0,8}\$[./0-9A-Za-z]{22}$/;
/** The scheme of a stored hash, or why it cannot be checked (a reason fit for the import report). */
export function legacyScheme(hash) {
    if (hash.startsWith("$z$")) {
        const parsed = parsePbkdf2v2(hash);
        if (typeof parsed === "string")
            return { ok: false, reason: parsed };
        return { ok: true, scheme: parsed.scram ? "pbkdf2v2-scram" : "pbkdf2v2" };
    }
    const sha = SHA_CRYPT.exec(hash);
    if (sha) {
        const rounds = sha[2] === undefined ? 5000 : Number(sha[2]);
        if (rounds > SHA_CRYPT_MAX_ROUNDS)
            return { ok: false, reason: `a $${sha[1]}$ crypt hash with ${rounds} rounds (at most ${SHA_CRYPT_MAX_ROUNDS} are checked)` };
        return { ok: true, scheme: sha[1] === "6" ? "sha512-crypt" : "sha256-crypt" };
    }
    if (MD5_CRYPT.test(hash))
        return { ok: true, scheme: "md5-crypt" };
    if (PBKDF2_V1.test(hash))
        return { ok: true, scheme: "pbkdf2" };
    return { ok: false, reason: describeUnknown(hash) };
}
/** Names a format we do not check, without quoting the hash. */
function describeUnknown(hash) {
    const prefix = /^\$([A-Za-z0-9-]{1,16})\$/.exec(hash);
    if (prefix)
        return `a $${prefix[1]}$ hash (a format Custodian does not check)`;
    return "a password hash of unknown format";
}
function pbkdf2(password, salt, rounds, bytes, digest) {
    return new Promise((resolve, reject) => pbkdf2Callback(password, salt, rounds, bytes, digest, (e, key) => (e ? reject(e) : resolve(key))));
}
const equal = (a, b) => a.length === b.length && timingSafeEqual(a, b);
/**
 * The mapping and normalisation steps of SASLprep (RFC 4013) that SCRAM hashes were made over:
 * non-ASCII spaces become a space, the "commonly mapped to nothing" characters go, then NFKC.
 * (A password with characters SASLprep prohibits could not have been set, so they need no check.)
 */
export function saslprepMap(password) {
    return password
        .replace(/[\u00A0\u1680\u2000-\u200A\u202F\u205F\u3000]/g, " ")
        .replace(/[\u00AD\u034F\u1806\u180B-\u180D\u200B-\u200D\u2060\uFE00-\uFE0F\uFEFF]/g, "")
        .normalize("NFKC");
}
/** Atheme copies the password into a 4096-byte buffer: longer input is cut at 4095 bytes. */
const athemeKey = (password) => Buffer.from(password, "utf8").subarray(0, 4095);
async function verifyPbkdf2v2(password, p) {
    const key = athemeKey(p.scram ? saslprepMap(password) : password);
    if (key.length === 0)
        return false;
    const salted = await pbkdf2(key, p.salt, p.rounds, DIGEST_BYTES[p.digest], p.digest);
    if (!p.scram)
        return equal(salted, p.expected[0]);
    const serverKey = createHmac(p.digest, salted).update("Server Key").digest();
    const storedKey = createHash(p.digest).update(createHmac(p.digest, salted).update("Client Key").digest()).digest();
    return equal(serverKey, p.expected[0]) && equal(storedKey, p.expected[1]);
}
/** True when `password` matches a hash in one of the legacy formats (false for any other string). */
export async function verifyLegacyPassword(password, hash) {
    const scheme = legacyScheme(hash);
    if (!scheme.ok)
        return false;
    switch (scheme.scheme) {
        case "pbkdf2v2":
        case "pbkdf2v2-scram":
            return verifyPbkdf2v2(password, parsePbkdf2v2(hash));
        case "pbkdf2": {
            const [, salt, hex] = PBKDF2_V1.exec(hash);
            const key = athemeKey(password);
            if (key.length === 0)
                return false;
            const derived = await pbkdf2(key, Buffer.from(salt, "latin1"), 128_000, 64, "sha512");
            return equal(derived, Buffer.from(hex, "hex"));
        }
        case "sha512-crypt":
        case "sha256-crypt": {
            // Loaded when an imported SHA-crypt hash is first checked, not at every start-up.
            const { verify } = await import("unixcrypt");
            try {
                return verify(password, hash);
            }
            catch {
                return false;
            }
        }
        case "md5-crypt": {
            const computed = md5crypt(password, md5cryptSalt(hash) ?? "");
            return equal(Buffer.from(computed, "latin1"), Buffer.from(hash, "latin1"));
        }
    }
}
//# sourceMappingURL=legacy-hashes.js.map