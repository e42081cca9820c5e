/**
 * The safety breaker of time-driven loops (docs/architecture.md §5): a run that would change more than
 * `limit` rows does nothing, tells opers once, and waits until an oper confirms with
 * OperServ BREAKER CONFIRM <loop>; the confirmation lets exactly one larger run through.
 */
export class LoopBreaker {
    limitOf;
    clock;
    audit;
    alertOpers;
    tripped = new Map();
    confirmed = new Set();
    constructor(
    /** The most rows a run may change; read on each run (a REHASH may change it). */
    limitOf, clock, audit, alertOpers) {
        this.limitOf = limitOf;
        this.clock = clock;
        this.audit = audit;
        this.alertOpers = alertOpers;
    }
    /**
     * Asks whether `loop` may change `count` rows now. When it may not, opers are told the first
     * time only (until an oper confirms or the count falls back under the limit).
     */
    allow(loop, count) {
        const limit = this.limitOf();
        if (count <= limit) {
            this.tripped.delete(loop);
            return true;
        }
        if (this.confirmed.delete(loop)) {
            this.tripped.delete(loop);
            this.audit.record({ actor: "system", action: "breaker.released", target: loop, details: { count } });
            return true;
        }
        if (!this.tripped.has(loop)) {
            this.tripped.set(loop, { loop, wanted: count, at: this.clock.now() });
            this.audit.record({ actor: "system", action: "breaker.tripped", target: loop, details: { count, limit } });
            this.alertOpers({ kind: "breaker-tripped", loop, count, limit });
        }
        else {
            const entry = this.tripped.get(loop);
            entry.wanted = count;
        }
        return false;
    }
    /** An oper lets the next run of `loop` through. Returns false when the loop is not held. */
    confirm(loop, oper) {
        if (!this.tripped.has(loop))
            return false;
        this.confirmed.add(loop);
        this.audit.record({ actor: oper, action: "breaker.confirmed", target: loop });
        return true;
    }
    held() {
        return [...this.tripped.values()];
    }
}
//# sourceMappingURL=breaker.js.map