import { describe, expect, it } from "vitest";
import { KickGuard } from "../../src/services/channels/kick-guard.js";
import { ManualClock } from "../../src/util/clock.js";

const MINUTE = 60_000;

describe("X2 kicked from a registered channel", () => {
  it("rejoins after 2 s, then after 30 s, and stays out after the third kick within 10 minutes, telling opers once", () => {
    const clock = new ManualClock();
    const guard = new KickGuard(clock);
    expect(guard.kicked("#war", "Angry")).toEqual({ action: "rejoin", delayMs: 2_000, kicks: 1 });
    clock.advance(MINUTE);
    expect(guard.kicked("#War", "Angry")).toEqual({ action: "rejoin", delayMs: 30_000, kicks: 2 });
    clock.advance(MINUTE);
    expect(guard.kicked("#war", "Angrier")).toEqual({ action: "stay-out", kicks: 3, tellOpers: true });
    expect(guard.isKeptOut("#WAR")).toBe(true);
    expect(guard.keptOut()).toEqual([{ channel: "#war", since: clock.now(), lastKicker: "Angrier" }]);
    // Kicked again somehow (an oper let it in by hand): still out, opers not told twice.
    expect(guard.kicked("#war", "Angry")).toEqual({ action: "stay-out", kicks: 3, tellOpers: false });
    expect(guard.isKeptOut("#other")).toBe(false);
  });

  it("starts the count over after ten quiet minutes", () => {
    const clock = new ManualClock();
    const guard = new KickGuard(clock);
    guard.kicked("#slow", "A");
    clock.advance(6 * MINUTE);
    guard.kicked("#slow", "A");
    clock.advance(6 * MINUTE);
    // The first kick is 12 minutes old: this is the second within the window, not the third.
    expect(guard.kicked("#slow", "A")).toMatchObject({ action: "rejoin", kicks: 2 });
  });

  it("lets an oper bring it back, with a fresh count", () => {
    const clock = new ManualClock();
    const guard = new KickGuard(clock);
    for (let i = 0; i < 3; i++) guard.kicked("#c", "K");
    expect(guard.release("#C")).toMatchObject({ channel: "#c", lastKicker: "K" });
    expect(guard.isKeptOut("#c")).toBe(false);
    expect(guard.kicked("#c", "K")).toMatchObject({ action: "rejoin", kicks: 1 });
    expect(guard.release("#never")).toBeUndefined();
  });
});
