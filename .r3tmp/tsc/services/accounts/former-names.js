/**
 * Finding a degraded account by the name its owner remembers (issue 19; shared/seeds/003: "people
 * don't write down their UID"). RECLAIM, IDENTIFY and SASL given a name that is not registered now
 * (or, for RECLAIM, any name) look at the degraded accounts whose original name it is and check
 * the password against each.
 *
 * Nothing leaks: whether no degraded account had the name or the password matched none of them,
 * the caller gets the same answer, and the check costs at least one password hash either way (a
 * hash against a fixed dummy when there is no candidate). The login throttle is kept in the loop:
 * one check is reserved on every candidate's account key and the address, and a miss counts one
 * failure for the address and one for each candidate, so guessing by the old name spends the same
 * budget as guessing by the entity ID. At most MAX_FORMER_NAME_CANDIDATES
 * accounts, the most recently degraded first, are looked at: older ones are still found by entity
 * ID, which their degradation mail gives.
 */
import { randomBytes } from "node:crypto";
import { err, ok } from "../../util/result.js";
import { scryptOf } from "./context.js";
import { hashPassword, verifyPassword } from "./password.js";
import { verifyStoredPassword } from "./stored-password.js";
/** Most degraded accounts of one original name whose password is checked. */
export const MAX_FORMER_NAME_CANDIDATES = 5;
/** A hash of a random password per scrypt setting, checked when no account had the name. */
const dummyHashes = new Map();
function dummyHash(params) {
    const key = `${params.N}:${params.r}:${params.p}`;
    let hash = dummyHashes.get(key);
    if (!hash) {
        hash = hashPassword(randomBytes(16).toString("hex"), params);
        dummyHashes.set(key, hash);
    }
    return hash;
}
/**
 * The degraded account that once had the name `name` and has the password `password`, or null
 * when none has (no such account, or a wrong password: the same answer). Refused only by the
 * login throttle.
 */
export async function matchFormerName(deps, name, password, ip) {
    const { store, throttle, config } = deps;
    const candidates = store.degradedByOriginalName(name, MAX_FORMER_NAME_CANDIDATES);
    // One check reserved against every candidate and the address (LoginThrottle.reserve).
    const verdict = await throttle.reserve(candidates.length > 0 ? candidates.map((c) => c.id) : null, ip);
    if (!verdict.ok) {
        return err({ kind: "throttled", retryAfterMs: verdict.retryAfterMs, scope: verdict.scope, limit: config.security.login_attempts_per_minute });
    }
    const { reservation } = verdict;
    const scrypt = scryptOf(config);
    let match = null;
    try {
        if (candidates.length === 0) {
            await verifyPassword(password, await dummyHash(scrypt), scrypt);
        }
        else {
            // Every candidate is checked, so the time taken does not tell which one matched.
            for (const candidate of candidates) {
                // Imported accounts may still hold their former services' hash (stored-password.ts).
                const checked = await verifyStoredPassword(password, candidate.passwordHash, scrypt);
                if (checked.valid && match === null)
                    match = candidate;
            }
        }
    }
    catch (error) {
        // No check took place (the hashing queue is full, say): it counts for nothing.
        reservation.cancel();
        throw error;
    }
    if (match === null) {
        deps.alert(reservation.failed(), ip);
        return ok(null);
    }
    reservation.succeeded(match.id);
    // Fresh: the hashes took a while (it may have been reclaimed or dropped meanwhile).
    const fresh = store.byId(match.id);
    return ok(fresh && fresh.degradedAt !== null ? fresh : null);
}
//# sourceMappingURL=former-names.js.map