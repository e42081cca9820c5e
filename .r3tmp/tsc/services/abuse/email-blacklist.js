import { err, ok } from "../../util/result.js";
import { matchesMask } from "../mail/address.js";
const toEntry = (r) => ({
    id: r.id,
    mask: r.mask,
    reason: r.reason,
    setter: r.setter,
    createdAt: r.created_at,
    expiresAt: r.expires_at,
});
export const MAX_MASK_LENGTH = 254;
export const MAX_REASON_LENGTH = 300;
/** Characters of an email address (RFC 5322 atext, dot, @); `*` and `?` are among them. */
const MASK_CHARS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.@-]+$/;
/**
 * The stored form of a mask: lower-cased, and a leading "@domain" written "*@domain" so that it
 * matches the way it reads. (A mask without @ already names a domain: see matchesMask.)
 */
export function normaliseMask(mask) {
    const lower = mask.trim().toLowerCase();
    return lower.startsWith("@") ? `*${lower}` : lower;
}
/** Why `mask` is not a usable blacklist mask, or null when it is. */
export function maskProblem(mask) {
    const m = mask.trim();
    if (m.length === 0)
        return { kind: "mask-empty" };
    if (/[\s\p{Cc}\p{Cf}]/u.test(m))
        return { kind: "mask-space" };
    if (m.length > MAX_MASK_LENGTH)
        return { kind: "mask-too-long", max: MAX_MASK_LENGTH };
    if (!m.includes(".") && !m.includes("@"))
        return { kind: "mask-not-email", mask: m };
    if (m.indexOf("@") !== m.lastIndexOf("@"))
        return { kind: "mask-many-at" };
    if (!MASK_CHARS.test(m))
        return { kind: "mask-chars" };
    if (!/[A-Za-z0-9]/.test(m.replace(/[*?]/g, "")))
        return { kind: "mask-too-broad", mask: m };
    return null;
}
export class EmailBlacklist {
    db;
    clock;
    audit;
    sUpsert;
    sGet;
    sDelete;
    sActive;
    sPrune;
    constructor(db, clock, audit) {
        this.db = db;
        this.clock = clock;
        this.audit = audit;
        this.sUpsert = db.prepare(`INSERT INTO email_blacklist (mask, mask_key, reason, setter, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (mask_key) DO UPDATE SET reason = excluded.reason, setter = excluded.setter,
         created_at = excluded.created_at, expires_at = excluded.expires_at`);
        this.sGet = db.prepare("SELECT id, mask, reason, setter, created_at, expires_at FROM email_blacklist WHERE mask_key = ?");
        this.sDelete = db.prepare("DELETE FROM email_blacklist WHERE mask_key = ?");
        this.sActive = db.prepare(`SELECT id, mask, reason, setter, created_at, expires_at FROM email_blacklist
       WHERE expires_at IS NULL OR expires_at > ? ORDER BY created_at, id`);
        this.sPrune = db.prepare("DELETE FROM email_blacklist WHERE expires_at IS NOT NULL AND expires_at <= ?");
    }
    /**
     * Adds `mask` for `durationMs` (null: until removed), audited in the same transaction. Adding a
     * mask that is already listed replaces its reason, setter and expiry (`existed` says so).
     */
    add(mask, durationMs, reason, oper) {
        const problem = maskProblem(mask);
        if (problem !== null)
            return err(problem);
        if (durationMs !== null && (!Number.isSafeInteger(durationMs) || durationMs <= 0))
            return err({ kind: "duration-invalid" });
        const why = reason.trim();
        if (why.length === 0)
            return err({ kind: "reason-missing" });
        if (why.length > MAX_REASON_LENGTH)
            return err({ kind: "reason-too-long", max: MAX_REASON_LENGTH });
        const key = normaliseMask(mask);
        const now = this.clock.now();
        const expiresAt = durationMs === null ? null : now + durationMs;
        const existed = this.db.transaction(() => {
            const before = this.get(key) !== undefined;
            this.sUpsert.run(key, key, why, oper.name, now, expiresAt);
            this.audit.record({
                actor: oper.id,
                action: before ? "blacklist.update" : "blacklist.add",
                target: key,
                details: { reason: why, expiresAt, setter: oper.name },
            });
            return before;
        })();
        return ok({ mask: key, existed, expiresAt });
    }
    /** Removes `mask` (compared case-insensitively), audited. Returns the entry removed, or undefined when it was not listed. */
    remove(mask, oper) {
        const key = normaliseMask(mask);
        return this.db.transaction(() => {
            const entry = this.get(key) ?? null;
            if (this.sDelete.run(key).changes === 0)
                return undefined;
            this.audit.record({
                actor: oper.id,
                action: "blacklist.del",
                target: key,
                details: entry ? { reason: entry.reason, setter: entry.setter, expiresAt: entry.expiresAt } : {},
            });
            return { mask: key, entry };
        })();
    }
    /** The unexpired entry for exactly this mask, or undefined. */
    get(mask) {
        const row = this.sGet.get(normaliseMask(mask));
        if (!row || (row.expires_at !== null && row.expires_at <= this.clock.now()))
            return undefined;
        return toEntry(row);
    }
    /** The unexpired entries, oldest first. Expired ones are deleted on the way. */
    list() {
        const now = this.clock.now();
        this.sPrune.run(now);
        return this.sActive.all(now).map(toEntry);
    }
    /** The first unexpired entry whose mask matches the address as given or in canonical form. */
    match(email) {
        for (const row of this.sActive.iterate(this.clock.now())) {
            if (matchesMask(email, row.mask))
                return toEntry(row);
        }
        return undefined;
    }
}
//# sourceMappingURL=email-blacklist.js.map