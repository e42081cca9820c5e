import type { Clock } from "../../util/clock.js";

export interface FloodLimits {
  /** Commands allowed within the window. */
  messages: number;
  windowMs: number;
  /** How long an offender is ignored. */
  ignoreMs: number;
}

export type FloodVerdict = "allow" | "warn" | "ignore";

/**
 * Per-key command throttle: more than `messages` within `windowMs` and the key is ignored for
 * `ignoreMs`. The first refused message gets "warn" (so the user is told once), the rest "ignore".
 */
export class FloodThrottle {
  private readonly recent = new Map<string, number[]>();
  private readonly ignoredUntil = new Map<string, number>();
  private lastSweep = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limits: FloodLimits,
  ) {}

  check(key: string): FloodVerdict {
    const now = this.clock.now();
    this.sweep(now);
    const until = this.ignoredUntil.get(key);
    if (until !== undefined) {
      if (now < until) return "ignore";
      this.ignoredUntil.delete(key);
      this.recent.delete(key);
    }
    const cutoff = now - this.limits.windowMs;
    const times = (this.recent.get(key) ?? []).filter((t) => t > cutoff);
    times.push(now);
    this.recent.set(key, times);
    if (times.length > this.limits.messages) {
      this.ignoredUntil.set(key, now + this.limits.ignoreMs);
      this.recent.delete(key);
      return "warn";
    }
    return "allow";
  }

  forget(key: string): void {
    this.recent.delete(key);
    this.ignoredUntil.delete(key);
  }

  get trackedKeys(): number {
    return this.recent.size + this.ignoredUntil.size;
  }

  /** Drops state for keys that have been quiet for a whole window, so memory stays bounded. */
  private sweep(now: number): void {
    if (now - this.lastSweep < this.limits.windowMs) return;
    this.lastSweep = now;
    const cutoff = now - this.limits.windowMs;
    for (const [key, times] of this.recent) if ((times[times.length - 1] ?? 0) <= cutoff) this.recent.delete(key);
    for (const [key, until] of this.ignoredUntil) if (until <= now) this.ignoredUntil.delete(key);
  }
}
