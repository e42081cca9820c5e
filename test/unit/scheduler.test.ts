import { describe, expect, it } from "vitest";
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
