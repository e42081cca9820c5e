/**
 * What X2 does when it is kicked from a registered channel (pure: time from the injected clock).
 *
 * It goes back in, waiting longer after each kick (KICK_REJOIN_DELAYS_MS), so that a kick war is
 * not fought at line speed. The third kick within ten minutes means the channel's people do not
 * want it there for now: it stays out, opers are told once, and it comes back at the next start
 * of services or when an oper asks (OperServ REJOIN). A quiet ten minutes start the count over.
 * What it remembers is in memory on purpose: a restart is one of the ways back in.
 */
import type { Clock } from "../../util/clock.js";
import { foldName } from "../accounts/names.js";

/** Kicks within the window that keep X2 out. */
export const KICKS_TO_STAY_OUT = 3;
export const KICK_WINDOW_MS = 10 * 60_000;
/** The wait before rejoining after the first, second... kick within the window. */
export const KICK_REJOIN_DELAYS_MS = [2_000, 30_000] as const;

export type KickVerdict =
  | { action: "rejoin"; delayMs: number; kicks: number }
  /** `tellOpers` is true only the first time a channel keeps X2 out. */
  | { action: "stay-out"; kicks: number; tellOpers: boolean };

export interface KeptOut {
  channel: string;
  since: number;
  /** The nick of the last kicker, as the network showed it ("" when unknown). */
  lastKicker: string;
}

export class KickGuard {
  private readonly kicks = new Map<string, number[]>();
  private readonly out = new Map<string, KeptOut>();

  constructor(private readonly clock: Clock) {}

  /** X2 was kicked from `channel` by `kicker`: rejoin (after the delay) or stay out. */
  kicked(channel: string, kicker = ""): KickVerdict {
    const key = foldName(channel);
    const now = this.clock.now();
    const existing = this.out.get(key);
    if (existing) return { action: "stay-out", kicks: KICKS_TO_STAY_OUT, tellOpers: false };
    const recent = (this.kicks.get(key) ?? []).filter((t) => now - t < KICK_WINDOW_MS);
    recent.push(now);
    this.kicks.set(key, recent);
    if (recent.length >= KICKS_TO_STAY_OUT) {
      this.kicks.delete(key);
      this.out.set(key, { channel, since: now, lastKicker: kicker });
      return { action: "stay-out", kicks: recent.length, tellOpers: true };
    }
    const delayMs = KICK_REJOIN_DELAYS_MS[Math.min(recent.length, KICK_REJOIN_DELAYS_MS.length) - 1] as number;
    return { action: "rejoin", delayMs, kicks: recent.length };
  }

  /** True while X2 stays out of `channel` (no rejoin, not even in a relink's burst). */
  isKeptOut(channel: string): boolean {
    return this.out.has(foldName(channel));
  }

  keptOut(): KeptOut[] {
    return [...this.out.values()];
  }

  /** An oper asked X2 back in: forget the kicks. Returns what was kept out, or undefined. */
  release(channel: string): KeptOut | undefined {
    const key = foldName(channel);
    const was = this.out.get(key);
    this.out.delete(key);
    this.kicks.delete(key);
    return was;
  }

  /** Forgets a channel (it was dropped or unregistered). */
  forget(channel: string): void {
    const key = foldName(channel);
    this.out.delete(key);
    this.kicks.delete(key);
  }
}
