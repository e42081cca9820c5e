/**
 * Login throttles (pure: no I/O, time from the injected clock).
 *
 * Two kinds of key are throttled: each account and each source address (IPv6 by /64). A key may
 * fail `attemptsPerMinute` times within a minute; that last failure locks it for `baseLockoutMs`,
 * and every further lockout of the same key doubles that, up to `maxLockoutMs`. A key that stays
 * quiet for `maxLockoutMs` after its last failure or lockout starts over. A success on an account
 * clears the account's key (never the address key: one's own account must not reset a guesser's
 * address).
 *
 * Alerts: `alertThreshold` failures within `alertWindowMs` on one account, or network-wide,
 * produce one alert per account (or one network-wide) per window, not one per attempt.
 */
import type { Clock } from "../../util/clock.js";

export interface LoginThrottleLimits {
  /** Failures a key may have within a minute before it is locked. */
  attemptsPerMinute: number;
  /** The first lockout. Default 30 s. */
  baseLockoutMs?: number;
  /** The longest lockout; also how long a key must stay quiet to start over. Default 1 h. */
  maxLockoutMs?: number;
  /** Failures within the alert window that alert opers. */
  alertThreshold: number;
  /** Default 10 minutes. */
  alertWindowMs?: number;
}

export type ThrottleScope = "account" | "address";

export type ThrottleVerdict = { ok: true } | { ok: false; scope: ThrottleScope; retryAfterMs: number };

export interface LoginAlert {
  scope: "account" | "network";
  /** Set for scope "account". */
  accountId?: string;
  /** Failures counted within the window when the alert fired. */
  failures: number;
  windowMs: number;
}

interface KeyState {
  /** Failure times within the last minute (since the last lockout). */
  recent: number[];
  lockedUntil: number;
  /** Lockouts so far; the next one lasts base * 2^level. */
  level: number;
  lastFailureAt: number;
}

interface AlertState {
  failures: number[];
  /** The end of the window in which an alert was already sent. */
  alertedUntil: number;
}

const MINUTE = 60_000;

/** The address key: IPv4 as is, IPv6 reduced to its /64 (one host usually holds a whole /64). */
export function addressKey(ip: string): string {
  if (!ip.includes(":")) return ip;
  const [head = "", tail = ""] = ip.split("::");
  const headParts = head === "" ? [] : head.split(":");
  const tailParts = tail === "" ? [] : tail.split(":");
  const missing = ip.includes("::") ? 8 - headParts.length - tailParts.length : 0;
  const groups = [...headParts, ...Array<string>(Math.max(0, missing)).fill("0"), ...tailParts];
  return `${groups
    .slice(0, 4)
    .map((g) => (g.replace(/^0+/, "") || "0").toLowerCase())
    .join(":")}::/64`;
}

export class LoginThrottle {
  private readonly keys = new Map<string, KeyState>();
  private readonly alerts = new Map<string, AlertState>();
  private readonly base: number;
  private readonly max: number;
  private readonly alertWindow: number;
  private lastSweep = 0;

  constructor(
    private readonly clock: Clock,
    private readonly limits: LoginThrottleLimits,
  ) {
    this.base = limits.baseLockoutMs ?? 30_000;
    this.max = limits.maxLockoutMs ?? 3_600_000;
    this.alertWindow = limits.alertWindowMs ?? 600_000;
  }

  /** May a login to `accountId` (null: not known yet) from `ip` be tried now? */
  check(accountId: string | null, ip: string): ThrottleVerdict {
    const now = this.clock.now();
    this.sweep(now);
    let worst: ThrottleVerdict = { ok: true };
    const candidates: [ThrottleScope, string][] = [["address", `ip:${addressKey(ip)}`]];
    if (accountId !== null) candidates.unshift(["account", `acct:${accountId}`]);
    for (const [scope, key] of candidates) {
      const state = this.keys.get(key);
      if (!state || state.lockedUntil <= now) continue;
      const retryAfterMs = state.lockedUntil - now;
      if (worst.ok || retryAfterMs > worst.retryAfterMs) worst = { ok: false, scope, retryAfterMs };
    }
    return worst;
  }

  /** Records a failed login; returns the alerts it raises (usually none). */
  recordFailure(accountId: string | null, ip: string): LoginAlert[] {
    const now = this.clock.now();
    this.fail(`ip:${addressKey(ip)}`, now);
    const raised: LoginAlert[] = [];
    if (accountId !== null) {
      this.fail(`acct:${accountId}`, now);
      const alert = this.countAlert(`acct:${accountId}`, now);
      if (alert !== null) raised.push({ scope: "account", accountId, failures: alert, windowMs: this.alertWindow });
    }
    const network = this.countAlert("network", now);
    if (network !== null) raised.push({ scope: "network", failures: network, windowMs: this.alertWindow });
    return raised;
  }

  /** A successful login clears the account's failures (not the address's). */
  recordSuccess(accountId: string): void {
    this.keys.delete(`acct:${accountId}`);
  }

  /** Keys held in memory (for tests and stats). */
  get size(): number {
    return this.keys.size + this.alerts.size;
  }

  private fail(key: string, now: number): void {
    let state = this.keys.get(key);
    if (!state || now - Math.max(state.lastFailureAt, state.lockedUntil) >= this.max) {
      state = { recent: [], lockedUntil: 0, level: 0, lastFailureAt: now };
      this.keys.set(key, state);
    }
    state.lastFailureAt = now;
    state.recent = state.recent.filter((t) => t > now - MINUTE);
    state.recent.push(now);
    if (state.recent.length >= this.limits.attemptsPerMinute) {
      const lockout = Math.min(this.base * 2 ** state.level, this.max);
      state.lockedUntil = now + lockout;
      state.level += 1;
      state.recent = [];
    }
  }

  /** Counts a failure toward an alert; returns the count when an alert is due now, else null. */
  private countAlert(key: string, now: number): number | null {
    let state = this.alerts.get(key);
    if (!state) {
      state = { failures: [], alertedUntil: 0 };
      this.alerts.set(key, state);
    }
    state.failures = state.failures.filter((t) => t > now - this.alertWindow);
    state.failures.push(now);
    if (state.failures.length < this.limits.alertThreshold || now < state.alertedUntil) return null;
    state.alertedUntil = now + this.alertWindow;
    return state.failures.length;
  }

  /** Forgets keys that have been quiet long enough to start over, so memory stays bounded. */
  private sweep(now: number): void {
    if (now - this.lastSweep < MINUTE) return;
    this.lastSweep = now;
    for (const [key, state] of this.keys) {
      if (now - Math.max(state.lastFailureAt, state.lockedUntil) >= this.max) this.keys.delete(key);
    }
    for (const [key, state] of this.alerts) {
      const last = state.failures[state.failures.length - 1] ?? 0;
      if (now - last >= this.alertWindow && now >= state.alertedUntil) this.alerts.delete(key);
    }
  }
}
