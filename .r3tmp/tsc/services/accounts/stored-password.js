/**
 * Checks a password against whatever an account stores: Custodian's scrypt, or a hash imported
 * from other services (legacy-hashes.ts). A legacy hash that matches always needs a rehash, so
 * that the next login uses scrypt.
 */
import { legacyScheme, verifyLegacyPassword } from "./legacy-hashes.js";
import { passwordHashQueue, verifyPassword } from "./password.js";
export async function verifyStoredPassword(password, stored, current) {
    if (stored.startsWith("scrypt$"))
        return { ...(await verifyPassword(password, stored, current)), legacy: null };
    const scheme = legacyScheme(stored);
    if (!scheme.ok)
        return { valid: false, needsRehash: false, legacy: null };
    // Imported hashes cost as much CPU as ours (PBKDF2 up to millions of rounds): they take a slot
    // of the same hashing queue, so a burst of them is bounded the same way.
    const valid = await passwordHashQueue().run(() => verifyLegacyPassword(password, stored));
    return { valid, needsRehash: valid, legacy: valid ? scheme.scheme : null };
}
//# sourceMappingURL=stored-password.js.map