/**
 * Rolling-window counters for X2 REGISTER, kept in SQLite (table registration_attempts): every
 * outcome is a row; the per-host, per-account and global limits count rows in a window that
 * ends now. Old rows are pruned; refusals of one host are capped so that a flood cannot grow
 * the table without bound.
 */
import { isIPv4, isIPv6 } from "node:net";
import type { Statement } from "better-sqlite3";
import type { Database } from "../../db/connection.js";
import type { Clock } from "../../util/clock.js";

export type AttemptOutcome = "accepted" | "held" | "refused" | "rejected";

export interface NewAttempt {
  ip: string;
  host: string;
  accountId: string | null;
  /** Null when the address given was not valid. */
  emailCanonical: string | null;
  channel: string;
  outcome: AttemptOutcome;
  reason: string | null;
}

export interface WindowCheck {
  /** Rows counted in the window. */
  count: number;
  limit: number;
  /** count >= limit: one more would exceed the limit. */
  over: boolean;
  /** When over: how long until enough counted rows leave the window for one more to fit (ms). */
  retryAfterMs: number;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** Rows are kept at least this long. */
export const MIN_RETENTION_MS = 2 * DAY_MS;
/** Refusals kept per host at least (the newest ones); see RegistrationAttempts.insert. */
export const MIN_REFUSALS_KEPT = 50;
const PRUNE_EVERY_MS = 60_000;

/**
 * What the per-host limit counts. An IPv4 address as it is; an IPv6 address by its /64 (one
 * customer's allocation, so that a host cannot walk its own subnet); an IPv4-mapped IPv6 address
 * as the IPv4 address; anything else (a spoofed or missing IP) by the lower-cased host name.
 */
export function hostKey(ip: string, host: string): string {
  const addr = ip.trim();
  if (isIPv4(addr)) return addr;
  if (isIPv6(addr)) {
    const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
    if (mapped && isIPv4(mapped[1] as string)) return mapped[1] as string;
    return `${expandIPv6(addr).slice(0, 4).join(":")}::/64`;
  }
  return `host:${host.trim().toLowerCase()}`;
}

/** The eight 16-bit groups of an IPv6 address, as lower-case hex without leading zeros. */
function expandIPv6(addr: string): string[] {
  let text = addr.toLowerCase();
  const zone = text.indexOf("%");
  if (zone >= 0) text = text.slice(0, zone);
  // A trailing dotted IPv4 part is two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number) as [number, number, number, number];
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head = "", tail] = text.split("::");
  const left = head === "" ? [] : head.split(":");
  const right = tail === undefined || tail === "" ? [] : tail.split(":");
  const fill = tail === undefined ? [] : new Array<string>(8 - left.length - right.length).fill("0");
  return [...left, ...fill, ...right].map((g) => parseInt(g, 16).toString(16));
}

/**
 * The rolling-window rule: `times` (ascending, all inside the window) against `limit`. When the
 * window is full, one more fits once the (count - limit + 1)-th oldest counted time has left it.
 */
export function windowCheck(times: readonly number[], limit: number, windowMs: number, now: number): WindowCheck {
  const count = times.length;
  if (count < limit) return { count, limit, over: false, retryAfterMs: 0 };
  const leaving = times[count - limit] as number;
  return { count, limit, over: true, retryAfterMs: Math.max(1, leaving + windowMs - now) };
}

export class RegistrationAttempts {
  /** How long rows are kept (ms). */
  retentionMs: number;
  /** The newest refusals kept per host. */
  refusalsKept: number;
  private readonly sInsert: Statement<
    [number, string, string, string, string | null, string | null, string, AttemptOutcome, string | null]
  >;
  private readonly sCountedByHost: Statement<[string, number], { at: number }>;
  private readonly sCountedByAccount: Statement<[string, number], { at: number }>;
  private readonly sAcceptedSince: Statement<[number], { n: number }>;
  private readonly sNegativeByHost: Statement<[string, number], { n: number }>;
  private readonly sRefusedByHost: Statement<[string], { n: number }>;
  private readonly sTrimRefused: Statement<[string, number]>;
  private readonly sPrune: Statement<[number]>;
  private readonly sUpdate: Statement<[AttemptOutcome, string | null, number], { ip_key: string }>;
  private readonly tInsert: (a: NewAttempt, key: string, now: number) => number;
  private readonly tUpdate: (id: number, outcome: AttemptOutcome, reason: string | null) => boolean;
  private lastPrune = Number.NEGATIVE_INFINITY;

  /**
   * @param retentionMs how long rows are kept (at least MIN_RETENTION_MS is used)
   * @param refusalsKept the newest refusals kept per host (at least MIN_REFUSALS_KEPT is used);
   *   must cover the largest `count` of the host_rejections flag rules.
   */
  constructor(
    db: Database,
    private readonly clock: Clock,
    retentionMs: number = MIN_RETENTION_MS,
    refusalsKept: number = MIN_REFUSALS_KEPT,
  ) {
    this.retentionMs = this.refusalsKept = 0;
    this.keep(retentionMs, refusalsKept);
    this.sInsert = db.prepare(
      `INSERT INTO registration_attempts (at, ip, ip_key, host, account_id, email_canonical, channel, outcome, reason)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.sCountedByHost = db.prepare(
      `SELECT at FROM registration_attempts
       WHERE ip_key = ? AND outcome IN ('accepted', 'held') AND at > ? ORDER BY at`,
    );
    this.sCountedByAccount = db.prepare(
      `SELECT at FROM registration_attempts
       WHERE account_id = ? AND outcome IN ('accepted', 'held') AND at > ? ORDER BY at`,
    );
    this.sAcceptedSince = db.prepare(
      "SELECT count(*) AS n FROM registration_attempts WHERE outcome = 'accepted' AND at > ?",
    );
    this.sNegativeByHost = db.prepare(
      `SELECT count(*) AS n FROM registration_attempts
       WHERE ip_key = ? AND outcome IN ('refused', 'rejected') AND at > ?`,
    );
    this.sRefusedByHost = db.prepare(
      "SELECT count(*) AS n FROM registration_attempts WHERE ip_key = ? AND outcome = 'refused'",
    );
    this.sTrimRefused = db.prepare(
      `DELETE FROM registration_attempts WHERE id IN (
         SELECT id FROM registration_attempts WHERE ip_key = ? AND outcome = 'refused'
         ORDER BY at DESC, id DESC LIMIT -1 OFFSET ?)`,
    );
    this.sPrune = db.prepare("DELETE FROM registration_attempts WHERE at <= ?");
    this.sUpdate = db.prepare("UPDATE registration_attempts SET outcome = ?, reason = ? WHERE id = ? RETURNING ip_key");
    this.tInsert = db.transaction((a: NewAttempt, key: string, now: number) => {
      const id = Number(
        this.sInsert.run(now, a.ip, key, a.host, a.accountId, a.emailCanonical, a.channel, a.outcome, a.reason).lastInsertRowid,
      );
      if (a.outcome === "refused") this.trimRefusals(key);
      return id;
    });
    this.tUpdate = db.transaction((id: number, outcome: AttemptOutcome, reason: string | null) => {
      const row = this.sUpdate.get(outcome, reason, id);
      if (!row) return false;
      if (outcome === "refused") this.trimRefusals(row.ip_key);
      return true;
    });
  }

  /**
   * Records an outcome now and returns its row id. For refusals only the newest `refusalsKept` of each host are kept,
   * which is all the host_rejections rule needs; rows older than the retention are pruned
   * (at most once a minute).
   */
  insert(attempt: NewAttempt): number {
    const now = this.clock.now();
    const id = this.tInsert(attempt, hostKey(attempt.ip, attempt.host), now);
    if (now - this.lastPrune >= PRUNE_EVERY_MS) this.prune();
    return id;
  }

  /**
   * Changes the outcome of a row `insert` returned (a reservation made when a request was
   * evaluated, now settled). False when the row is gone (pruned or trimmed).
   */
  update(id: number, outcome: AttemptOutcome, reason: string | null): boolean {
    return this.tUpdate(id, outcome, reason);
  }

  private trimRefusals(key: string): void {
    if ((this.sRefusedByHost.get(key)?.n ?? 0) > this.refusalsKept) this.sTrimRefused.run(key, this.refusalsKept);
  }

  /** Sets how long rows are kept and how many refusals per host (never below the minimums). */
  keep(retentionMs: number, refusalsKept: number): void {
    this.retentionMs = Math.max(MIN_RETENTION_MS, retentionMs);
    this.refusalsKept = Math.max(MIN_REFUSALS_KEPT, refusalsKept);
  }

  /** Deletes rows older than the retention. Returns how many. */
  prune(): number {
    const now = this.clock.now();
    this.lastPrune = now;
    return this.sPrune.run(now - this.retentionMs).changes;
  }

  /** Accepted and held registrations from this host in the window ending now. */
  hostWindow(ip: string, host: string, limit: number, windowMs: number): WindowCheck {
    const now = this.clock.now();
    const times = this.sCountedByHost.all(hostKey(ip, host), now - windowMs).map((r) => r.at);
    return windowCheck(times, limit, windowMs, now);
  }

  /** Accepted and held registrations by this account in the window ending now. */
  accountWindow(accountId: string, limit: number, windowMs: number): WindowCheck {
    const now = this.clock.now();
    const times = this.sCountedByAccount.all(accountId, now - windowMs).map((r) => r.at);
    return windowCheck(times, limit, windowMs, now);
  }

  /** Registrations accepted network-wide in the window ending now. */
  acceptedWithin(windowMs: number): number {
    return this.sAcceptedSince.get(this.clock.now() - windowMs)?.n ?? 0;
  }

  /** Refused and rejected outcomes of this host in the window ending now. */
  negativeWithin(ip: string, host: string, windowMs: number): number {
    return this.sNegativeByHost.get(hostKey(ip, host), this.clock.now() - windowMs)?.n ?? 0;
  }
}
