/** Attempts that may wait on one key; one more is refused (with a short wait) rather than queued. */
export const MAX_WAITING_PER_KEY = 1000;
/** The wait suggested to an attempt refused because too many already wait. */
const BUSY_RETRY_MS = 5_000;
const MINUTE = 60_000;
/** The address key: IPv4 as is, IPv6 reduced to its /64 (one host usually holds a whole /64). */
export function addressKey(ip) {
    if (!ip.includes(":"))
        return ip;
    const [head = "", tail = ""] = ip.split("::");
    const headParts = head === "" ? [] : head.split(":");
    const tailParts = tail === "" ? [] : tail.split(":");
    const missing = ip.includes("::") ? 8 - headParts.length - tailParts.length : 0;
    const groups = [...headParts, ...Array(Math.max(0, missing)).fill("0"), ...tailParts];
    return `${groups
        .slice(0, 4)
        .map((g) => (g.replace(/^0+/, "") || "0").toLowerCase())
        .join(":")}::/64`;
}
export class LoginThrottle {
    clock;
    limits;
    keys = new Map();
    /** Checks in flight, by key. */
    inflight = new Map();
    /** Attempts waiting for a check in flight on a key to end, oldest first. */
    waiting = new Map();
    alerts = new Map();
    base;
    max;
    alertWindow;
    lastSweep = 0;
    constructor(clock, limits) {
        this.clock = clock;
        this.limits = limits;
        this.base = limits.baseLockoutMs ?? 30_000;
        this.max = limits.maxLockoutMs ?? 3_600_000;
        this.alertWindow = limits.alertWindowMs ?? 600_000;
    }
    /** May a login to `accountId` (null: not known yet) from `ip` be tried now? */
    check(accountId, ip) {
        const now = this.clock.now();
        this.sweep(now);
        let worst = { ok: true };
        const candidates = [["address", `ip:${addressKey(ip)}`]];
        if (accountId !== null)
            candidates.unshift(["account", `acct:${accountId}`]);
        for (const [scope, key] of candidates) {
            const state = this.keys.get(key);
            if (!state || state.lockedUntil <= now)
                continue;
            const retryAfterMs = state.lockedUntil - now;
            if (worst.ok || retryAfterMs > worst.retryAfterMs)
                worst = { ok: false, scope, retryAfterMs };
        }
        return worst;
    }
    /** Records a failed login; returns the alerts it raises (usually none). */
    recordFailure(accountId, ip) {
        return this.recordFailures(accountId === null ? [] : [accountId], ip);
    }
    /**
     * Records one failed login that was checked against several accounts at once (the degraded
     * accounts that once had the name given): one failure for the address, one for each account.
     */
    recordFailures(accountIds, ip) {
        const now = this.clock.now();
        this.fail(`ip:${addressKey(ip)}`, now);
        const raised = [];
        for (const accountId of new Set(accountIds)) {
            this.fail(`acct:${accountId}`, now);
            const alert = this.countAlert(`acct:${accountId}`, now);
            if (alert !== null)
                raised.push({ scope: "account", accountId, failures: alert, windowMs: this.alertWindow });
        }
        const network = this.countAlert("network", now);
        if (network !== null)
            raised.push({ scope: "network", failures: network, windowMs: this.alertWindow });
        return raised;
    }
    /** A successful login clears the account's failures (not the address's). */
    recordSuccess(accountId) {
        this.keys.delete(`acct:${accountId}`);
    }
    /**
     * Reserves one password check for `accountId` (null: no such account, the address alone) from
     * `ip`. Resolves at once when both keys have room, after waiting when a key is full of checks in
     * flight, or with a refusal and the time to wait when a key is locked (or too many wait).
     * An aborted `signal` withdraws a waiting attempt (resolves refused with retryAfterMs 0).
     * A list of accounts reserves one check against all of them (a name several degraded accounts
     * once had): a wrong password then counts once for the address and once for each account.
     */
    async reserve(accountId, ip, signal) {
        const accountIds = accountId === null ? [] : typeof accountId === "string" ? [accountId] : [...new Set(accountId)];
        const keys = [...accountIds.map((id) => ["account", `acct:${id}`]), ["address", `ip:${addressKey(ip)}`]];
        for (;;) {
            const now = this.clock.now();
            this.sweep(now);
            let fullKey = null;
            for (const [scope, key] of keys) {
                const state = this.keys.get(key);
                if (state && state.lockedUntil > now)
                    return { ok: false, scope, retryAfterMs: state.lockedUntil - now };
                const failures = state ? state.recent.filter((t) => t > now - MINUTE).length : 0;
                const inflight = this.inflight.get(key) ?? 0;
                if (failures + inflight < this.limits.attemptsPerMinute)
                    continue;
                if (inflight === 0) {
                    // Full of failures alone (a lockout normally comes first): wait for the oldest to age out.
                    const oldest = Math.min(...(state?.recent ?? [now]));
                    return { ok: false, scope, retryAfterMs: Math.max(1, oldest + MINUTE - now) };
                }
                if ((this.waiting.get(key)?.length ?? 0) >= MAX_WAITING_PER_KEY)
                    return { ok: false, scope, retryAfterMs: BUSY_RETRY_MS };
                fullKey ??= key;
            }
            if (fullKey === null)
                return { ok: true, reservation: this.grant(accountIds, ip, keys.map(([, key]) => key)) };
            if (signal?.aborted)
                return { ok: false, scope: fullKey.startsWith("acct:") ? "account" : "address", retryAfterMs: 0 };
            await this.waitOn(fullKey, signal);
        }
    }
    grant(accountIds, ip, keys) {
        for (const key of keys)
            this.inflight.set(key, (this.inflight.get(key) ?? 0) + 1);
        let settled = false;
        const settle = () => {
            if (settled)
                return false;
            settled = true;
            for (const key of keys) {
                const left = (this.inflight.get(key) ?? 1) - 1;
                if (left > 0)
                    this.inflight.set(key, left);
                else
                    this.inflight.delete(key);
            }
            return true;
        };
        const wakeAll = () => {
            for (const key of keys)
                this.wake(key);
        };
        return {
            succeeded: (matched) => {
                if (!settle())
                    return;
                for (const id of matched !== undefined ? [matched] : accountIds)
                    this.recordSuccess(id);
                wakeAll();
            },
            failed: () => {
                if (!settle())
                    return [];
                const alerts = this.recordFailures(accountIds, ip);
                wakeAll();
                return alerts;
            },
            cancel: () => {
                if (settle())
                    wakeAll();
            },
        };
    }
    waitOn(key, signal) {
        return new Promise((resolve) => {
            const queue = this.waiting.get(key) ?? [];
            this.waiting.set(key, queue);
            const onAbort = () => {
                const i = queue.indexOf(waiter);
                if (i >= 0)
                    queue.splice(i, 1);
                if (queue.length === 0 && this.waiting.get(key) === queue)
                    this.waiting.delete(key);
                resolve();
            };
            const waiter = {
                wake: () => {
                    signal?.removeEventListener("abort", onAbort);
                    resolve();
                },
            };
            signal?.addEventListener("abort", onAbort, { once: true });
            queue.push(waiter);
        });
    }
    /** A check on `key` ended: every attempt waiting on it looks again (in order). */
    wake(key) {
        const queue = this.waiting.get(key);
        if (!queue)
            return;
        this.waiting.delete(key);
        for (const waiter of queue)
            waiter.wake();
    }
    /** Checks in flight on an account and on an address (for tests and stats). */
    inFlight(accountId, ip) {
        return {
            account: accountId === null ? 0 : (this.inflight.get(`acct:${accountId}`) ?? 0),
            address: this.inflight.get(`ip:${addressKey(ip)}`) ?? 0,
        };
    }
    /** Keys held in memory (for tests and stats). */
    get size() {
        return this.keys.size + this.alerts.size;
    }
    fail(key, now) {
        let state = this.keys.get(key);
        if (!state || now - Math.max(state.lastFailureAt, state.lockedUntil) >= this.max) {
            state = { recent: [], lockedUntil: 0, level: 0, lastFailureAt: now };
            this.keys.set(key, state);
        }
        state.lastFailureAt = now;
        state.recent = state.recent.filter((t) => t > now - MINUTE);
        state.recent.push(now);
        if (state.recent.length >= this.limits.attemptsPerMinute) {
            const lockout = Math.min(this.base * 2 ** state.level, this.max);
            state.lockedUntil = now + lockout;
            state.level += 1;
            state.recent = [];
        }
    }
    /** Counts a failure toward an alert; returns the count when an alert is due now, else null. */
    countAlert(key, now) {
        let state = this.alerts.get(key);
        if (!state) {
            state = { failures: [], alertedUntil: 0 };
            this.alerts.set(key, state);
        }
        state.failures = state.failures.filter((t) => t > now - this.alertWindow);
        state.failures.push(now);
        if (state.failures.length < this.limits.alertThreshold || now < state.alertedUntil)
            return null;
        state.alertedUntil = now + this.alertWindow;
        return state.failures.length;
    }
    /** Forgets keys that have been quiet long enough to start over, so memory stays bounded. */
    sweep(now) {
        if (now - this.lastSweep < MINUTE)
            return;
        this.lastSweep = now;
        for (const [key, state] of this.keys) {
            if (now - Math.max(state.lastFailureAt, state.lockedUntil) >= this.max)
                this.keys.delete(key);
        }
        for (const [key, state] of this.alerts) {
            const last = state.failures[state.failures.length - 1] ?? 0;
            if (now - last >= this.alertWindow && now >= state.alertedUntil)
                this.alerts.delete(key);
        }
    }
}
//# sourceMappingURL=login-throttle.js.map