import { EventEmitter } from "node:events";
import { errorStack, type Logger } from "../util/logger.js";
import type { Services } from "../services/registry.js";

/** One maintenance loop: a function of the clock and the stores that reports what it did. */
export interface MaintenanceLoop {
  name: string;
  run(services: Services): LoopReport | Promise<LoopReport>;
}

export interface LoopReport {
  /** Rows changed (expired, dropped, sent...). */
  changed: number;
  /** Set when the loop's breaker stopped it: what it would have done. */
  held?: string;
  details?: Record<string, unknown>;
}

/** How a loop's run ended: it ran, the breaker held it, or it threw. */
export type LoopOutcome = "ok" | "held" | "error";

/** Runs every loop on an interval, one run at a time, logs what each did and emits `ran`. */
export class MaintenanceScheduler extends EventEmitter<{ ran: [loop: string, outcome: LoopOutcome] }> {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<Record<string, LoopReport>> | null = null;
  private follow: Promise<Record<string, LoopReport>> | null = null;
  private stopped = false;

  constructor(
    private readonly services: Services,
    private readonly loops: MaintenanceLoop[],
    private readonly log: Logger,
  ) {
    super();
  }

  add(loop: MaintenanceLoop): void {
    this.loops.push(loop);
  }

  /** The names of the loops, in run order. */
  names(): string[] {
    return this.loops.map((loop) => loop.name);
  }

  /** Runs the loops every `intervalMs` (again with the new interval when called again); not after stop(). */
  start(intervalMs: number): void {
    this.clearTimer();
    if (this.stopped) return;
    this.timer = setInterval(() => {
      if (!this.running) void this.runOnce();
    }, intervalMs);
    this.timer.unref();
  }

  /**
   * Stops for good: no run starts after this call (a run in progress skips its remaining loops),
   * and the promise resolves once the loop running now has finished, so that the caller may close
   * the database after it.
   */
  async stop(): Promise<void> {
    this.stopped = true;
    this.clearTimer();
    await this.running?.catch(() => {});
  }

  private clearTimer(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
  }

  /**
   * Runs all loops now (also what tests call after moving the clock). Runs never overlap: a call
   * during a run waits for it and then runs once more, so what changed before the call is seen
   * (concurrent callers share that second run). After stop() it runs nothing and reports nothing.
   */
  runOnce(): Promise<Record<string, LoopReport>> {
    if (this.stopped) return Promise.resolve({});
    if (!this.running) {
      const run = this.runAll().finally(() => {
        if (this.running === run) this.running = null;
      });
      this.running = run;
      return run;
    }
    this.follow ??= this.running.then(() => {
      this.follow = null;
      return this.runOnce();
    });
    return this.follow;
  }

  private async runAll(): Promise<Record<string, LoopReport>> {
    const reports: Record<string, LoopReport> = {};
    for (const loop of this.loops) {
      if (this.stopped) break;
      const started = performance.now();
      try {
        const report = await loop.run(this.services);
        reports[loop.name] = report;
        const ms = +(performance.now() - started).toFixed(1);
        if (report.changed > 0 || report.held) this.log.info({ loop: loop.name, ms, ...report }, "maintenance loop ran");
        this.emit("ran", loop.name, report.held ? "held" : "ok");
      } catch (error) {
        this.log.error({ loop: loop.name, err: errorStack(error) }, "maintenance loop failed");
        this.emit("ran", loop.name, "error");
      }
    }
    return reports;
  }
}
