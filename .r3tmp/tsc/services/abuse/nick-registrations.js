import { DAY_MS, hostKey, MIN_RETENTION_MS, windowCheck } from "./rate-window.js";
const PRUNE_EVERY_MS = 60_000;
export class NickRegistrations {
    clock;
    sInsert;
    sByKey;
    sPrune;
    lastPrune = Number.NEGATIVE_INFINITY;
    constructor(db, clock) {
        this.clock = clock;
        this.sInsert = db.prepare("INSERT INTO nickserv_registrations (at, ip_key, account_id) VALUES (?, ?, ?)");
        this.sByKey = db.prepare("SELECT at FROM nickserv_registrations WHERE ip_key = ? AND at > ? ORDER BY at");
        this.sPrune = db.prepare("DELETE FROM nickserv_registrations WHERE at <= ?");
    }
    /** Counts a registration made now from this address; prunes old rows (at most once a minute). */
    record(ip, host, accountId) {
        const now = this.clock.now();
        this.sInsert.run(now, hostKey(ip, host), accountId);
        if (now - this.lastPrune >= PRUNE_EVERY_MS)
            this.prune();
    }
    /** Registrations from this address in the 24 hours ending now, against `limit`. */
    check(ip, host, limit) {
        const now = this.clock.now();
        const times = this.sByKey.all(hostKey(ip, host), now - DAY_MS).map((r) => r.at);
        return windowCheck(times, limit, DAY_MS, now);
    }
    /** Deletes rows older than the retention (two days). Returns how many. */
    prune() {
        const now = this.clock.now();
        this.lastPrune = now;
        return this.sPrune.run(now - MIN_RETENTION_MS).changes;
    }
}
//# sourceMappingURL=nick-registrations.js.map