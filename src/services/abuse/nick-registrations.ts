/**
 * The per-address limit of NickServ REGISTER ([nickserv] registrations_per_host_per_day,
 * docs/architecture.md §4), kept in SQLite (table nickserv_registrations): every successful
 * registration is a row, and the limit counts the rows of the address in the rolling 24 hours
 * that end now. Addresses are counted as X2's per-host limit counts them (hostKey: an IPv6
 * address by its /64), with the same rolling-window rule (windowCheck). Old rows are pruned.
 */
import type { Statement } from "better-sqlite3";
import type { Database } from "../../db/connection.js";
import type { Clock } from "../../util/clock.js";
import { DAY_MS, hostKey, MIN_RETENTION_MS, windowCheck, type WindowCheck } from "./rate-window.js";

const PRUNE_EVERY_MS = 60_000;

export class NickRegistrations {
  private readonly sInsert: Statement<[number, string, string]>;
  private readonly sByKey: Statement<[string, number], { at: number }>;
  private readonly sPrune: Statement<[number]>;
  private lastPrune = Number.NEGATIVE_INFINITY;

  constructor(
    db: Database,
    private readonly clock: Clock,
  ) {
    this.sInsert = db.prepare("INSERT INTO nickserv_registrations (at, ip_key, account_id) VALUES (?, ?, ?)");
    this.sByKey = db.prepare("SELECT at FROM nickserv_registrations WHERE ip_key = ? AND at > ? ORDER BY at");
    this.sPrune = db.prepare("DELETE FROM nickserv_registrations WHERE at <= ?");
  }

  /** Counts a registration made now from this address; prunes old rows (at most once a minute). */
  record(ip: string, host: string, accountId: string): void {
    const now = this.clock.now();
    this.sInsert.run(now, hostKey(ip, host), accountId);
    if (now - this.lastPrune >= PRUNE_EVERY_MS) this.prune();
  }

  /** Registrations from this address in the 24 hours ending now, against `limit`. */
  check(ip: string, host: string, limit: number): WindowCheck {
    const now = this.clock.now();
    const times = this.sByKey.all(hostKey(ip, host), now - DAY_MS).map((r) => r.at);
    return windowCheck(times, limit, DAY_MS, now);
  }

  /** Deletes rows older than the retention (two days). Returns how many. */
  prune(): number {
    const now = this.clock.now();
    this.lastPrune = now;
    return this.sPrune.run(now - MIN_RETENTION_MS).changes;
  }
}
