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
 *
 * Reservations: a password check takes a reservation on its keys before the hash starts, so
 * that checks arriving at once cannot all slip past the budget. A key has room for
 * `attemptsPerMinute` checks: its failures of the last minute plus its checks in flight. Past
 * that, an attempt waits for a check in flight to end (a right password frees its place, a wrong
 * one becomes a failure and may lock the key) and is then looked at again; a locked key refuses
 * at once, with the time to wait. So at most `attemptsPerMinute` wrong passwords are checked per
 * account and per address however many arrive together, while right passwords use no budget:
 * many clients of one address logging in at once all get in, a few at a time.
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

/** A password check reserved against the budgets of an account and an address; settle it once. */
export interface LoginReservation {
  /**
   * The password was right: the check used no budget (and the account's failures are cleared:
   * `accountId`'s, for a check reserved on several accounts).
   */
  succeeded(accountId?: string): void;
  /** The password was wrong: it counts as a failure; returns the alerts it raises. */
  failed(): LoginAlert[];
  /** No check happened after all (the hashing queue refused, the client left): nothing counts. */
  cancel(): void;
}

export type ReservationVerdict = { ok: true; reservation: LoginReservation } | { ok: false; scope: ThrottleScope; retryAfterMs: number };

/** Attempts that may wait on one key; one more is refused (with a short wait) rather than queued. */
export const MAX_WAITING_PER_KEY = 1000;
/** The wait suggested to an attempt refused because too many already wait. */
const BUSY_RETRY_MS = 5_000;

interface Waiter {
  wake: () => void;
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
  /** Checks in flight, by key. */
  private readonly inflight = new Map<string, number>();
  /** Attempts waiting for a check in flight on a key to end, oldest first. */
  private readonly waiting = new Map<string, Waiter[]>();
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
    return this.recordFailures(accountId === null ? [] : [accountId], ip);
  }

  /**
   * Records one failed login that was checked against several accounts at once (the degraded
   * accounts that once had the name given): one failure for the address, one for each account.
   */
  recordFailures(accountIds: readonly string[], ip: string): LoginAlert[] {
    const now = this.clock.now();
    this.fail(`ip:${addressKey(ip)}`, now);
    const raised: LoginAlert[] = [];
    for (const accountId of new Set(accountIds)) {
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

  /**
   * Reserves one password check for `accountId` (null: no such account, the address alone) from
   * `ip`. Resolves at once when both keys have room, after waiting when a key is full of checks in
   * flight, or with a refusal and the time to wait when a key is locked (or too many wait).
   * An aborted `signal` withdraws a waiting attempt (resolves refused with retryAfterMs 0).
   * A list of accounts reserves one check against all of them (a name several degraded accounts
   * once had): a wrong password then counts once for the address and once for each account.
   */
  async reserve(accountId: string | null | readonly string[], ip: string, signal?: AbortSignal): Promise<ReservationVerdict> {
    const accountIds = accountId === null ? [] : typeof accountId === "string" ? [accountId] : [...new Set(accountId)];
    const keys: [ThrottleScope, string][] = [...accountIds.map((id): [ThrottleScope, string] => ["account", `acct:${id}`]), ["address", `ip:${addressKey(ip)}`]];
    for (;;) {
      const now = this.clock.now();
      this.sweep(now);
      let fullKey: string | null = null;
      for (const [scope, key] of keys) {
        const state = this.keys.get(key);
        if (state && state.lockedUntil > now) return { ok: false, scope, retryAfterMs: state.lockedUntil - now };
        const failures = state ? state.recent.filter((t) => t > now - MINUTE).length : 0;
        const inflight = this.inflight.get(key) ?? 0;
        if (failures + inflight < this.limits.attemptsPerMinute) continue;
        if (inflight === 0) {
          // Full of failures alone (a lockout normally comes first): wait for the oldest to age out.
          const oldest = Math.min(...(state?.recent ?? [now]));
          return { ok: false, scope, retryAfterMs: Math.max(1, oldest + MINUTE - now) };
        }
        if ((this.waiting.get(key)?.length ?? 0) >= MAX_WAITING_PER_KEY) return { ok: false, scope, retryAfterMs: BUSY_RETRY_MS };
        fullKey ??= key;
      }
      if (fullKey === null) return { ok: true, reservation: this.grant(accountIds, ip, keys.map(([, key]) => key)) };
      if (signal?.aborted) return { ok: false, scope: fullKey.startsWith("acct:") ? "account" : "address", retryAfterMs: 0 };
      await this.waitOn(fullKey, signal);
    }
  }

  private grant(accountIds: readonly string[], ip: string, keys: string[]): LoginReservation {
    for (const key of keys) this.inflight.set(key, (this.inflight.get(key) ?? 0) + 1);
    let settled = false;
    const settle = (): boolean => {
      if (settled) return false;
      settled = true;
      for (const key of keys) {
        const left = (this.inflight.get(key) ?? 1) - 1;
        if (left > 0) this.inflight.set(key, left);
        else this.inflight.delete(key);
      }
      return true;
    };
    const wakeAll = (): void => {
      for (const key of keys) this.wake(key);
    };
    return {
      succeeded: (matched) => {
        if (!settle()) return;
        for (const id of matched !== undefined ? [matched] : accountIds) this.recordSuccess(id);
        wakeAll();
      },
      failed: () => {
        if (!settle()) return [];
        const alerts = this.recordFailures(accountIds, ip);
        wakeAll();
        return alerts;
      },
      cancel: () => {
        if (settle()) wakeAll();
      },
    };
  }

  private waitOn(key: string, signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const queue = this.waiting.get(key) ?? [];
      this.waiting.set(key, queue);
      const onAbort = (): void => {
        const i = queue.indexOf(waiter);
        if (i >= 0) queue.splice(i, 1);
        if (queue.length === 0 && this.waiting.get(key) === queue) this.waiting.delete(key);
        resolve();
      };
      const waiter: Waiter = {
        wake: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      signal?.addEventListener("abort", onAbort, { once: true });
      queue.push(waiter);
    });
  }

  /** A check on `key` ended: every attempt waiting on it looks again (in order). */
  private wake(key: string): void {
    const queue = this.waiting.get(key);
    if (!queue) return;
    this.waiting.delete(key);
    for (const waiter of queue) waiter.wake();
  }

  /** Checks in flight on an account and on an address (for tests and stats). */
  inFlight(accountId: string | null, ip: string): { account: number; address: number } {
    return {
      account: accountId === null ? 0 : (this.inflight.get(`acct:${accountId}`) ?? 0),
      address: this.inflight.get(`ip:${addressKey(ip)}`) ?? 0,
    };
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
