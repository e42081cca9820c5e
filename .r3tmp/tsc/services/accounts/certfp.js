import { err, ok } from "../../util/result.js";
/** Most fingerprints one account may hold. */
export const MAX_CERTFPS_PER_ACCOUNT = 10;
/**
 * Normalises a fingerprint as users paste it (any case, optional colons) to lowercase hex, or
 * says why it is not one.
 */
export function normaliseFingerprint(input) {
    const hex = input.trim().replace(/:/g, "").toLowerCase();
    if (!/^[0-9a-f]+$/.test(hex))
        return err({ kind: "fingerprint-chars", input });
    if (![32, 40, 64, 128].includes(hex.length))
        return err({ kind: "fingerprint-length", input });
    return ok(hex);
}
const toFingerprint = (r) => ({ fingerprint: r.fingerprint, accountId: r.account_id, addedAt: r.added_at, addedBy: r.added_by });
export class CertFingerprints {
    db;
    clock;
    audit;
    q;
    constructor(db, clock, audit) {
        this.db = db;
        this.clock = clock;
        this.audit = audit;
        this.q = {
            owner: db.prepare("SELECT * FROM account_certfps WHERE fingerprint = ?"),
            list: db.prepare("SELECT * FROM account_certfps WHERE account_id = ? ORDER BY added_at, fingerprint"),
            count: db.prepare("SELECT COUNT(*) AS n FROM account_certfps WHERE account_id = ?"),
            insert: db.prepare("INSERT INTO account_certfps (fingerprint, account_id, added_at, added_by) VALUES (?, ?, ?, ?)"),
            remove: db.prepare("DELETE FROM account_certfps WHERE fingerprint = ? AND account_id = ?"),
        };
    }
    /** The account a fingerprint belongs to. */
    owner(fingerprint) {
        const normal = normaliseFingerprint(fingerprint);
        if (!normal.ok)
            return undefined;
        return this.q.owner.get(normal.value)?.account_id;
    }
    list(accountId) {
        return this.q.list.all(accountId).map(toFingerprint);
    }
    /** Adds a fingerprint to an account (audited). */
    add(accountId, input, actor) {
        const normal = normaliseFingerprint(input);
        if (!normal.ok)
            return normal;
        const fingerprint = normal.value;
        return this.db.transaction(() => {
            const existing = this.q.owner.get(fingerprint);
            if (existing)
                return err({ kind: existing.account_id === accountId ? "fingerprint-yours" : "fingerprint-taken", fingerprint });
            if ((this.q.count.get(accountId)?.n ?? 0) >= MAX_CERTFPS_PER_ACCOUNT)
                return err({ kind: "fingerprint-list-full", max: MAX_CERTFPS_PER_ACCOUNT });
            const now = this.clock.now();
            this.q.insert.run(fingerprint, accountId, now, actor);
            this.audit.record({ actor, action: "account.certfp.add", target: accountId, details: { fingerprint } });
            return ok({ fingerprint, accountId, addedAt: now, addedBy: actor });
        })();
    }
    /** Removes a fingerprint from an account (audited). */
    remove(accountId, input, actor) {
        const normal = normaliseFingerprint(input);
        if (!normal.ok)
            return normal;
        const fingerprint = normal.value;
        return this.db.transaction(() => {
            if (this.q.remove.run(fingerprint, accountId).changes === 0)
                return err({ kind: "fingerprint-not-listed", fingerprint });
            this.audit.record({ actor, action: "account.certfp.del", target: accountId, details: { fingerprint } });
            return ok(fingerprint);
        })();
    }
}
//# sourceMappingURL=certfp.js.map