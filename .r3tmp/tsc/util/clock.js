export const systemClock = { now: () => Date.now() };
/** A clock that only moves when told to; used by tests and by the benchmarks. */
export class ManualClock {
    current;
    constructor(current = Date.UTC(2026, 0, 1)) {
        this.current = current;
    }
    now() {
        return this.current;
    }
    set(ms) {
        this.current = ms;
    }
    advance(ms) {
        this.current += ms;
    }
}
/** A clock offset from another one; lets a running process be moved forward without restarting. */
export class OffsetClock {
    base;
    offset = 0;
    constructor(base = systemClock) {
        this.base = base;
    }
    now() {
        return this.base.now() + this.offset;
    }
    advance(ms) {
        this.offset += ms;
    }
}
//# sourceMappingURL=clock.js.map