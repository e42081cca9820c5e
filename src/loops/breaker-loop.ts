/**
 * The common shape of a time-driven loop that drops or expires rows: find what is due, ask the
 * breaker (docs/architecture.md §5) whether that many rows may change at once, then act on each.
 */
import type { Services } from "../services/registry.js";
import type { LoopReport, MaintenanceLoop } from "./scheduler.js";

export interface BreakerLoopSpec<T> {
  /** The loop's name, which is also its breaker's (OperServ BREAKER CONFIRM <name>). */
  name: string;
  due(services: Services): T[];
  /** What the loop would have done, for the report of a held run. */
  held(count: number, services: Services): string;
  /** Changes one row; false when it had changed meanwhile and nothing was done. */
  act(row: T, services: Services): boolean;
  /** The key under which the report's details count the rows changed ("dropped", "expired"). */
  counted: string;
}

export function breakerLoop<T>(spec: BreakerLoopSpec<T>): MaintenanceLoop {
  return {
    name: spec.name,
    run(services: Services): LoopReport {
      const due = spec.due(services);
      if (due.length === 0) return { changed: 0 };
      if (!services.breaker.allow(spec.name, due.length)) return { changed: 0, held: spec.held(due.length, services) };
      let changed = 0;
      for (const row of due) if (spec.act(row, services)) changed++;
      return { changed, details: { [spec.counted]: changed } };
    },
  };
}
