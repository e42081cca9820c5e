import { describe, expect, it, vi } from "vitest";
import { MaintenanceScheduler, type MaintenanceLoop } from "../../src/loops/scheduler.js";
import type { Services } from "../../src/services/registry.js";
import { silentLogger } from "../../src/util/logger.js";

describe("maintenance scheduler", () => {
  it("runs once more for a call made during a run, so the run it waits for sees what changed before the call", async () => {
    let state = "before";
    const seen: string[] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const loop: MaintenanceLoop = {
      name: "probe",
      async run() {
        seen.push(state);
        if (seen.length === 1) await gate;
        return { changed: 0 };
      },
    };
    const scheduler = new MaintenanceScheduler({} as Services, [loop], silentLogger());

    const first = scheduler.runOnce();
    state = "after";
    const second = scheduler.runOnce();
    const third = scheduler.runOnce();
    expect(third).toBe(second);
    release();
    await Promise.all([first, second]);
    expect(seen).toEqual(["before", "after"]);
    // Idle again: a new call starts a new run at once.
    await scheduler.runOnce();
    expect(seen).toEqual(["before", "after", "after"]);
  });
});

/** Resolves after every promise job queued now has run (a macrotask later): what stop() would have reached by then if it did not wait. */
const afterPendingJobs = (): Promise<"later"> => new Promise((resolve) => setImmediate(() => resolve("later")));

describe("maintenance scheduler stop()", () => {
  function blockedWorld() {
    const runs: string[] = [];
    let entered: () => void = () => {};
    const inside = new Promise<void>((resolve) => (entered = resolve));
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const blocking: MaintenanceLoop = {
      name: "blocking",
      async run() {
        runs.push("blocking");
        entered();
        await gate;
        runs.push("blocking done");
        return { changed: 0 };
      },
    };
    const next: MaintenanceLoop = {
      name: "next",
      run() {
        runs.push("next");
        return { changed: 0 };
      },
    };
    const scheduler = new MaintenanceScheduler({} as Services, [blocking, next], silentLogger());
    return { runs, inside, release, scheduler };
  }

  it("resolves only after the loop running now has finished, and starts nothing after it", async () => {
    const { runs, inside, release, scheduler } = blockedWorld();
    const run = scheduler.runOnce();
    await inside;
    // A call made during the run would normally run once more after it: stop() cancels that too.
    const followUp = scheduler.runOnce();

    const stopping = scheduler.stop().then(() => "stopped" as const);
    expect(await Promise.race([stopping, afterPendingJobs()])).toBe("later");
    expect(runs).toEqual(["blocking"]);

    release();
    expect(await stopping).toBe("stopped");
    expect(runs).toEqual(["blocking", "blocking done"]);
    expect(Object.keys(await run)).toEqual(["blocking"]);
    expect(await followUp).toEqual({});
    expect(await scheduler.runOnce()).toEqual({});
    expect(runs).toEqual(["blocking", "blocking done"]);
  });

  it("sets no timer again after it (a REHASH of the interval during shutdown)", async () => {
    vi.useFakeTimers();
    try {
      const { runs, release, scheduler } = blockedWorld();
      release();
      scheduler.start(1000);
      await scheduler.stop();
      scheduler.start(1000);
      await vi.advanceTimersByTimeAsync(10_000);
      expect(runs).toEqual([]);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });

  it("resolves at once when no run is in progress", async () => {
    const { scheduler } = blockedWorld();
    expect(await Promise.race([scheduler.stop().then(() => "stopped" as const), afterPendingJobs()])).toBe("stopped");
  });
});
