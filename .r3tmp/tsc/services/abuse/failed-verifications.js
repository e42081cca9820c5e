import { mapRow } from "../../db/rows.js";
import { canonicalEmail } from "../mail/address.js";
const toEntry = (r) => ({ email: r.email, channel: r.channel, at: r.failed_at, failures: r.failures });
const DEFAULT_LIST_LIMIT = 100;
export class FailedVerifications {
    db;
    clock;
    audit;
    sUpsert;
    sGet;
    sDelete;
    sList;
    sCount;
    constructor(db, 
    // Kept for symmetry with the other stores: callers pass the failure time explicitly.
    clock, audit) {
        this.db = db;
        this.clock = clock;
        this.audit = audit;
        this.sUpsert = db.prepare(`INSERT INTO failed_verifications (email_canonical, email, channel, failed_at, failures) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (email_canonical) DO UPDATE SET email = excluded.email, channel = excluded.channel,
         failed_at = max(failed_at, excluded.failed_at), failures = failures + 1`);
        this.sGet = db.prepare("SELECT email, channel, failed_at, failures FROM failed_verifications WHERE email_canonical = ?");
        this.sDelete = db.prepare("DELETE FROM failed_verifications WHERE email_canonical = ?");
        this.sList = db.prepare("SELECT email, channel, failed_at, failures FROM failed_verifications ORDER BY failed_at DESC, email LIMIT ?");
        this.sCount = db.prepare("SELECT count(*) AS n FROM failed_verifications");
    }
    /** Records that the registration of `channel` with `email` was dropped unverified at `at`. */
    add(email, channel, at) {
        this.sUpsert.run(canonicalEmail(email.trim()), email.trim(), channel, at);
    }
    has(email) {
        return this.sGet.get(canonicalEmail(email.trim())) !== undefined;
    }
    get(email) {
        return mapRow(this.sGet.get(canonicalEmail(email.trim())), toEntry);
    }
    /**
     * Staff clear an address (any spelling with the same canonical form) so that it can register
     * again, audited in the same transaction. Returns the entry cleared, or undefined when it was not listed.
     */
    clear(email, operId) {
        const given = email.trim();
        return this.db.transaction(() => {
            const entry = this.get(given);
            if (!entry || this.sDelete.run(canonicalEmail(given)).changes === 0)
                return undefined;
            this.audit.record({
                actor: operId,
                action: "failed_verification.del",
                target: entry.email,
                details: { channel: entry.channel, failedAt: entry.at, failures: entry.failures, given },
            });
            return entry;
        })();
    }
    /** The newest `limit` entries, newest first. */
    list(limit = DEFAULT_LIST_LIMIT) {
        return this.sList.all(Math.max(0, Math.floor(limit))).map(toEntry);
    }
    count() {
        return this.sCount.get()?.n ?? 0;
    }
}
//# sourceMappingURL=failed-verifications.js.map