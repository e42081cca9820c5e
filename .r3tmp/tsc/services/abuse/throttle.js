export class FloodThrottle {
    clock;
    limits;
    recent = new Map();
    ignoredUntil = new Map();
    lastSweep = 0;
    constructor(clock, limits) {
        this.clock = clock;
        this.limits = limits;
    }
    check(key) {
        const now = this.clock.now();
        this.sweep(now);
        const until = this.ignoredUntil.get(key);
        if (until !== undefined) {
            if (now < until)
                return "ignore";
            this.ignoredUntil.delete(key);
            this.recent.delete(key);
        }
        // Runs for every command: the times are in order, so the expired ones are passed over from the
        // front (no copy of the whole window per command, however large [flood] messages is).
        const cutoff = now - this.limits.windowMs;
        let window = this.recent.get(key);
        if (!window) {
            window = { times: [], head: 0 };
            this.recent.set(key, window);
        }
        const { times } = window;
        while (window.head < times.length && times[window.head] <= cutoff)
            window.head++;
        if (window.head > 64 && window.head * 2 > times.length) {
            times.splice(0, window.head);
            window.head = 0;
        }
        times.push(now);
        if (times.length - window.head > this.limits.messages) {
            this.ignoredUntil.set(key, now + this.limits.ignoreMs);
            this.recent.delete(key);
            return "warn";
        }
        return "allow";
    }
    forget(key) {
        this.recent.delete(key);
        this.ignoredUntil.delete(key);
    }
    get trackedKeys() {
        return this.recent.size + this.ignoredUntil.size;
    }
    /** Drops state for keys that have been quiet for a whole window, so memory stays bounded. */
    sweep(now) {
        if (now - this.lastSweep < this.limits.windowMs)
            return;
        this.lastSweep = now;
        const cutoff = now - this.limits.windowMs;
        for (const [key, { times }] of this.recent)
            if ((times[times.length - 1] ?? 0) <= cutoff)
                this.recent.delete(key);
        for (const [key, until] of this.ignoredUntil)
            if (until <= now)
                this.ignoredUntil.delete(key);
    }
}
//# sourceMappingURL=throttle.js.map