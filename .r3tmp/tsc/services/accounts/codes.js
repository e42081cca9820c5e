/**
 * Single-use codes mailed to an account's owner (account_codes): registration, email change,
 * password reset, deletion. Only the SHA-256 of a code is stored; the code itself exists only in
 * the mail. Checking compares hashes in constant time.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { err, ok } from "../../util/result.js";
import { generateCode } from "./password.js";
/** Codes are typed case-insensitively and may be pasted with spaces or dashes. */
export function normaliseCode(input) {
    return input.replace(/[\s-]+/g, "").toUpperCase();
}
export function hashCode(code) {
    return createHash("sha256").update(normaliseCode(code), "utf8").digest("hex");
}
/** How many of the latest codes of a purpose are compared (so an old code gets a precise answer). */
const LOOKBACK = 20;
export class CodeStore {
    db;
    q;
    constructor(db) {
        this.db = db;
        this.q = {
            insert: db.prepare("INSERT INTO account_codes (account_id, purpose, code_hash, data, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)"),
            voidActive: db.prepare("UPDATE account_codes SET voided_at = ? WHERE account_id = ? AND purpose = ? AND used_at IS NULL AND voided_at IS NULL"),
            latest: db.prepare(`SELECT id, code_hash, data, created_at, expires_at, used_at, voided_at FROM account_codes
         WHERE account_id = ? AND purpose = ? ORDER BY id DESC LIMIT ?`),
            use: db.prepare("UPDATE account_codes SET used_at = ? WHERE id = ? AND used_at IS NULL"),
            issuedSince: db.prepare("SELECT created_at, data FROM account_codes WHERE account_id = ? AND purpose = ? AND created_at > ? ORDER BY created_at"),
            active: db.prepare(`SELECT id, code_hash, data, created_at, expires_at, used_at, voided_at FROM account_codes
         WHERE account_id = ? AND purpose = ? AND used_at IS NULL AND voided_at IS NULL AND expires_at > ?
         ORDER BY id DESC LIMIT 1`),
        };
    }
    /**
     * Issues a new code, voiding the unused ones of the same purpose (one live code per purpose).
     * `data` is stored with it (e.g. the new address of an email change; a marker such as "resend").
     */
    issue(accountId, purpose, now, lifetimeMs, data = null) {
        const code = generateCode();
        const expiresAt = now + lifetimeMs;
        const id = this.db.transaction(() => {
            this.q.voidActive.run(now, accountId, purpose);
            return Number(this.q.insert.run(accountId, purpose, hashCode(code), data, now, expiresAt).lastInsertRowid);
        })();
        return { id, code, expiresAt };
    }
    /** Voids the live code of a purpose (e.g. the account's email changed meanwhile). */
    voidActive(accountId, purpose, now) {
        this.q.voidActive.run(now, accountId, purpose);
    }
    /** The live code of a purpose, if any: its data and expiry (not the code). */
    active(accountId, purpose, now) {
        const row = this.q.active.get(accountId, purpose, now);
        return row ? { id: row.id, data: row.data, createdAt: row.created_at, expiresAt: row.expires_at } : undefined;
    }
    /**
     * Checks a code the user typed and, when it is the live one, marks it used (single use).
     * Every recent code is compared in constant time; the answer says why a code was refused.
     */
    consume(accountId, purpose, input, now) {
        const rows = this.q.latest.all(accountId, purpose, LOOKBACK);
        if (rows.length === 0)
            return err("none");
        const given = Buffer.from(hashCode(input), "hex");
        let match;
        for (const row of rows) {
            const stored = Buffer.from(row.code_hash, "hex");
            if (stored.length === given.length && timingSafeEqual(stored, given) && !match)
                match = row;
        }
        if (!match)
            return err("wrong");
        if (match.used_at !== null)
            return err("used");
        if (match.voided_at !== null)
            return err("replaced");
        if (match.expires_at <= now)
            return err("expired");
        const changed = this.q.use.run(now, match.id).changes;
        if (changed === 0)
            return err("used");
        return ok({ data: match.data });
    }
    /** Codes of a purpose issued after `since`, oldest first (for the resend limits). */
    issuedSince(accountId, purpose, since) {
        return this.q.issuedSince.all(accountId, purpose, since).map((r) => ({ createdAt: r.created_at, data: r.data }));
    }
}
//# sourceMappingURL=codes.js.map