import { foldName } from "../accounts/names.js";
/** Kicks within the window that keep X2 out. */
export const KICKS_TO_STAY_OUT = 3;
export const KICK_WINDOW_MS = 10 * 60_000;
/** The wait before rejoining after the first, second... kick within the window. */
export const KICK_REJOIN_DELAYS_MS = [2_000, 30_000];
export class KickGuard {
    clock;
    kicks = new Map();
    out = new Map();
    constructor(clock) {
        this.clock = clock;
    }
    /** X2 was kicked from `channel` by `kicker`: rejoin (after the delay) or stay out. */
    kicked(channel, kicker = "") {
        const key = foldName(channel);
        const now = this.clock.now();
        const existing = this.out.get(key);
        if (existing)
            return { action: "stay-out", kicks: KICKS_TO_STAY_OUT, tellOpers: false };
        const recent = (this.kicks.get(key) ?? []).filter((t) => now - t < KICK_WINDOW_MS);
        recent.push(now);
        this.kicks.set(key, recent);
        if (recent.length >= KICKS_TO_STAY_OUT) {
            this.kicks.delete(key);
            this.out.set(key, { channel, since: now, lastKicker: kicker });
            return { action: "stay-out", kicks: recent.length, tellOpers: true };
        }
        const delayMs = KICK_REJOIN_DELAYS_MS[Math.min(recent.length, KICK_REJOIN_DELAYS_MS.length) - 1];
        return { action: "rejoin", delayMs, kicks: recent.length };
    }
    /** True while X2 stays out of `channel` (no rejoin, not even in a relink's burst). */
    isKeptOut(channel) {
        return this.out.has(foldName(channel));
    }
    keptOut() {
        return [...this.out.values()];
    }
    /** An oper asked X2 back in: forget the kicks. Returns what was kept out, or undefined. */
    release(channel) {
        const key = foldName(channel);
        const was = this.out.get(key);
        this.out.delete(key);
        this.kicks.delete(key);
        return was;
    }
    /** Forgets a channel (it was dropped or unregistered). */
    forget(channel) {
        const key = foldName(channel);
        this.out.delete(key);
        this.kicks.delete(key);
    }
}
//# sourceMappingURL=kick-guard.js.map