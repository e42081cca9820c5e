import type { Clock } from "../util/clock.js";
import type { AuditLog } from "./audit.js";
import type { OperAlert } from "./messages.js";

export interface TrippedLoop {
  loop: string;
  /** Rows the loop wanted to change when it tripped. */
  wanted: number;
  at: number;
}

/**
 * The safety breaker of time-driven loops (docs/architecture.md §5): a run that would change more than
 * `limit` rows does nothing, tells opers once, and waits until an oper confirms with
 * OperServ BREAKER CONFIRM <loop>; the confirmation lets exactly one larger run through.
 */
export class LoopBreaker {
  private readonly tripped = new Map<string, TrippedLoop>();
  private readonly confirmed = new Set<string>();

  constructor(
    /** The most rows a run may change; read on each run (a REHASH may change it). */
    private readonly limitOf: () => number,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
    private readonly alertOpers: (alert: OperAlert) => void,
  ) {}

  /**
   * Asks whether `loop` may change `count` rows now. When it may not, opers are told the first
   * time only (until an oper confirms or the count falls back under the limit).
   */
  allow(loop: string, count: number): boolean {
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
    } else {
      const entry = this.tripped.get(loop) as TrippedLoop;
      entry.wanted = count;
    }
    return false;
  }

  /** An oper lets the next run of `loop` through. Returns false when the loop is not held. */
  confirm(loop: string, oper: string): boolean {
    if (!this.tripped.has(loop)) return false;
    this.confirmed.add(loop);
    this.audit.record({ actor: oper, action: "breaker.confirmed", target: loop });
    return true;
  }

  held(): TrippedLoop[] {
    return [...this.tripped.values()];
  }
}
