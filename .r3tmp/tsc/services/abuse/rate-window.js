/**
 * Rolling-window counters for X2 REGISTER, kept in SQLite (table registration_attempts): every
 * outcome is a row; the per-host, per-account and global limits count rows in a window that
 * ends now. Old rows are pruned; refusals of one host are capped so that a flood cannot grow
 * the table without bound.
 */
import { isIPv4, isIPv6 } from "node:net";
export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Rows are kept at least this long. */
export const MIN_RETENTION_MS = 2 * DAY_MS;
/** Refusals kept per host at least (the newest ones); see RegistrationAttempts.insert. */
export const MIN_REFUSALS_KEPT = 50;
const PRUNE_EVERY_MS = 60_000;
/**
 * What the per-host limit counts. An IPv4 address as it is; an IPv6 address by its /64 (one
 * customer's allocation, so that a host cannot walk its own subnet); an IPv4-mapped IPv6 address
 * as the IPv4 address; anything else (a spoofed or missing IP) by the lower-cased host name.
 */
export function hostKey(ip, host) {
    const addr = ip.trim();
    if (isIPv4(addr))
        return addr;
    if (isIPv6(addr)) {
        const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
        if (mapped && isIPv4(mapped[1]))
            return mapped[1];
        return `${expandIPv6(addr).slice(0, 4).join(":")}::/64`;
    }
    return `host:${host.trim().toLowerCase()}`;
}
/** The eight 16-bit groups of an IPv6 address, as lower-case hex without leading zeros. */
function expandIPv6(addr) {
    let text = addr.toLowerCase();
    const zone = text.indexOf("%");
    if (zone >= 0)
        text = text.slice(0, zone);
    // A trailing dotted IPv4 part is two groups.
    const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
    if (v4) {
        const [a, b, c, d] = v4.slice(1).map(Number);
        text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
    }
    const [head = "", tail] = text.split("::");
    const left = head === "" ? [] : head.split(":");
    const right = tail === undefined || tail === "" ? [] : tail.split(":");
    const fill = tail === undefined ? [] : new Array(8 - left.length - right.length).fill("0");
    return [...left, ...fill, ...right].map((g) => parseInt(g, 16).toString(16));
}
/**
 * The rolling-window rule: `times` (ascending, all inside the window) against `limit`. When the
 * window is full, one more fits once the (count - limit + 1)-th oldest counted time has left it.
 */
export function windowCheck(times, limit, windowMs, now) {
    const count = times.length;
    if (count < limit)
        return { count, limit, over: false, retryAfterMs: 0 };
    const leaving = times[count - limit];
    return { count, limit, over: true, retryAfterMs: Math.max(1, leaving + windowMs - now) };
}
export class RegistrationAttempts {
    clock;
    /** How long rows are kept (ms). */
    retentionMs;
    /** The newest refusals kept per host. */
    refusalsKept;
    sInsert;
    sCountedByHost;
    sCountedByAccount;
    sAcceptedSince;
    sNegativeByHost;
    sRefusedByHost;
    sTrimRefused;
    sPrune;
    sUpdate;
    tInsert;
    tUpdate;
    lastPrune = Number.NEGATIVE_INFINITY;
    /**
     * @param retentionMs how long rows are kept (at least MIN_RETENTION_MS is used)
     * @param refusalsKept the newest refusals kept per host (at least MIN_REFUSALS_KEPT is used);
     *   must cover the largest `count` of the host_rejections flag rules.
     */
    constructor(db, clock, retentionMs = MIN_RETENTION_MS, refusalsKept = MIN_REFUSALS_KEPT) {
        this.clock = clock;
        this.retentionMs = this.refusalsKept = 0;
        this.keep(retentionMs, refusalsKept);
        this.sInsert = db.prepare(`INSERT INTO registration_attempts (at, ip, ip_key, host, account_id, email_canonical, channel, outcome, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
        this.sCountedByHost = db.prepare(`SELECT at FROM registration_attempts
       WHERE ip_key = ? AND outcome IN ('accepted', 'held') AND at > ? ORDER BY at`);
        this.sCountedByAccount = db.prepare(`SELECT at FROM registration_attempts
       WHERE account_id = ? AND outcome IN ('accepted', 'held') AND at > ? ORDER BY at`);
        this.sAcceptedSince = db.prepare("SELECT count(*) AS n FROM registration_attempts WHERE outcome = 'accepted' AND at > ?");
        this.sNegativeByHost = db.prepare(`SELECT count(*) AS n FROM registration_attempts
       WHERE ip_key = ? AND outcome IN ('refused', 'rejected') AND at > ?`);
        this.sRefusedByHost = db.prepare("SELECT count(*) AS n FROM registration_attempts WHERE ip_key = ? AND outcome = 'refused'");
        this.sTrimRefused = db.prepare(`DELETE FROM registration_attempts WHERE id IN (
         SELECT id FROM registration_attempts WHERE ip_key = ? AND outcome = 'refused'
         ORDER BY at DESC, id DESC LIMIT -1 OFFSET ?)`);
        this.sPrune = db.prepare("DELETE FROM registration_attempts WHERE at <= ?");
        this.sUpdate = db.prepare("UPDATE registration_attempts SET outcome = ?, reason = ? WHERE id = ? RETURNING ip_key");
        this.tInsert = db.transaction((a, key, now) => {
            const id = Number(this.sInsert.run(now, a.ip, key, a.host, a.accountId, a.emailCanonical, a.channel, a.outcome, a.reason).lastInsertRowid);
            if (a.outcome === "refused")
                this.trimRefusals(key);
            return id;
        });
        this.tUpdate = db.transaction((id, outcome, reason) => {
            const row = this.sUpdate.get(outcome, reason, id);
            if (!row)
                return false;
            if (outcome === "refused")
                this.trimRefusals(row.ip_key);
            return true;
        });
    }
    /**
     * Records an outcome now and returns its row id. For refusals only the newest `refusalsKept` of each host are kept,
     * which is all the host_rejections rule needs; rows older than the retention are pruned
     * (at most once a minute).
     */
    insert(attempt) {
        const now = this.clock.now();
        const id = this.tInsert(attempt, hostKey(attempt.ip, attempt.host), now);
        if (now - this.lastPrune >= PRUNE_EVERY_MS)
            this.prune();
        return id;
    }
    /**
     * Changes the outcome of a row `insert` returned (a reservation made when a request was
     * evaluated, now settled). False when the row is gone (pruned or trimmed).
     */
    update(id, outcome, reason) {
        return this.tUpdate(id, outcome, reason);
    }
    trimRefusals(key) {
        if ((this.sRefusedByHost.get(key)?.n ?? 0) > this.refusalsKept)
            this.sTrimRefused.run(key, this.refusalsKept);
    }
    /** Sets how long rows are kept and how many refusals per host (never below the minimums). */
    keep(retentionMs, refusalsKept) {
        this.retentionMs = Math.max(MIN_RETENTION_MS, retentionMs);
        this.refusalsKept = Math.max(MIN_REFUSALS_KEPT, refusalsKept);
    }
    /** Deletes rows older than the retention. Returns how many. */
    prune() {
        const now = this.clock.now();
        this.lastPrune = now;
        return this.sPrune.run(now - this.retentionMs).changes;
    }
    /** Accepted and held registrations from this host in the window ending now. */
    hostWindow(ip, host, limit, windowMs) {
        const now = this.clock.now();
        const times = this.sCountedByHost.all(hostKey(ip, host), now - windowMs).map((r) => r.at);
        return windowCheck(times, limit, windowMs, now);
    }
    /** Accepted and held registrations by this account in the window ending now. */
    accountWindow(accountId, limit, windowMs) {
        const now = this.clock.now();
        const times = this.sCountedByAccount.all(accountId, now - windowMs).map((r) => r.at);
        return windowCheck(times, limit, windowMs, now);
    }
    /** Registrations accepted network-wide in the window ending now. */
    acceptedWithin(windowMs) {
        return this.sAcceptedSince.get(this.clock.now() - windowMs)?.n ?? 0;
    }
    /** Refused and rejected outcomes of this host in the window ending now. */
    negativeWithin(ip, host, windowMs) {
        return this.sNegativeByHost.get(hostKey(ip, host), this.clock.now() - windowMs)?.n ?? 0;
    }
}
//# sourceMappingURL=rate-window.js.map