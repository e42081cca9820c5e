/**
 * The failed-verification list: addresses whose channel registration was dropped because nobody
 * verified it within the window (docs/architecture.md §3). Such an address cannot register again
 * until staff clear it (OperServ FAILED DEL). Entries are keyed by the canonical address, so
 * `Bob+x@Gmail.com` and `b.o.b@googlemail.com` are the same entry.
 *
 * When the account with that address is deleted, the entry stays but forgets the address: its key
 * becomes the canonical address's hash (address-hash.ts) and its address the account's pseudonym.
 * It still refuses the address, and FAILED DEL finds it by the address or by the pseudonym.
 */
import type { Statement } from "better-sqlite3";
import type { Database } from "../../db/connection.js";
import { mapRow } from "../../db/rows.js";
import type { Clock } from "../../util/clock.js";
import type { AuditLog } from "../audit.js";
import { canonicalEmail } from "../mail/address.js";
import { addressHash, isAddressHash } from "./address-hash.js";

export interface FailedEntry {
  /** The address as it was registered (the latest failure). */
  email: string;
  /** The channel of the latest failure. */
  channel: string;
  /** ms since the Unix epoch: the latest failure. */
  at: number;
  /** How many registrations with this address failed to verify. */
  failures: number;
}

interface Row {
  email: string;
  channel: string;
  failed_at: number;
  failures: number;
}

const toEntry = (r: Row): FailedEntry => ({ email: r.email, channel: r.channel, at: r.failed_at, failures: r.failures });

const DEFAULT_LIST_LIMIT = 100;

export class FailedVerifications {
  private readonly sUpsert: Statement<[string, string, string, number]>;
  private readonly sGet: Statement<[string], Row>;
  private readonly sDelete: Statement<[string]>;
  private readonly sList: Statement<[number], Row>;
  private readonly sCount: Statement<[], { n: number }>;
  private readonly sKeyOfShown: Statement<[string], { email_canonical: string }>;
  private readonly sHash: Statement<[string, string, string]>;

  constructor(
    private readonly db: Database,
    // Kept for symmetry with the other stores: callers pass the failure time explicitly.
    readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {
    this.sUpsert = db.prepare(
      `INSERT INTO failed_verifications (email_canonical, email, channel, failed_at, failures) VALUES (?, ?, ?, ?, 1)
       ON CONFLICT (email_canonical) DO UPDATE SET email = excluded.email, channel = excluded.channel,
         failed_at = max(failed_at, excluded.failed_at), failures = failures + 1`,
    );
    this.sGet = db.prepare(
      "SELECT email, channel, failed_at, failures FROM failed_verifications WHERE email_canonical = ?",
    );
    this.sDelete = db.prepare("DELETE FROM failed_verifications WHERE email_canonical = ?");
    this.sList = db.prepare(
      "SELECT email, channel, failed_at, failures FROM failed_verifications ORDER BY failed_at DESC, email LIMIT ?",
    );
    this.sCount = db.prepare("SELECT count(*) AS n FROM failed_verifications");
    this.sKeyOfShown = db.prepare("SELECT email_canonical FROM failed_verifications WHERE lower(email) = lower(?)");
    // OR REPLACE: an entry hashed by an earlier deletion gives way to the newer one.
    this.sHash = db.prepare("UPDATE OR REPLACE failed_verifications SET email_canonical = ?, email = ? WHERE email_canonical = ?");
  }

  /** Records that the registration of `channel` with `email` was dropped unverified at `at`. */
  add(email: string, channel: string, at: number): void {
    this.sUpsert.run(canonicalEmail(email.trim()), email.trim(), channel, at);
  }

  has(email: string): boolean {
    return this.keyOf(email) !== undefined;
  }

  get(email: string): FailedEntry | undefined {
    const key = this.keyOf(email);
    return key === undefined ? undefined : mapRow(this.sGet.get(key), toEntry);
  }

  /** The key of the address's entry: its canonical form, or (after a deletion) that form's hash. */
  private keyOf(email: string): string | undefined {
    const canonical = canonicalEmail(email.trim());
    return [canonical, addressHash(canonical)].find((key) => this.sGet.get(key) !== undefined);
  }

  /**
   * Staff clear an address (any spelling with the same canonical form) so that it can register
   * again, audited in the same transaction. Returns the entry cleared, or undefined when it was not listed.
   */
  clear(email: string, operId: string): FailedEntry | undefined {
    const given = email.trim();
    return this.db.transaction(() => {
      // By the address, or as FAILED LIST shows it (a deleted account's pseudonym).
      const key = this.keyOf(given) ?? this.sKeyOfShown.get(given)?.email_canonical;
      if (key === undefined) return undefined;
      const entry = mapRow(this.sGet.get(key), toEntry);
      if (!entry || this.sDelete.run(key).changes === 0) return undefined;
      this.audit.record({
        actor: operId,
        action: "failed_verification.del",
        target: entry.email,
        // An entry that had forgotten its address (a deleted account's) does not get it back here.
        details: { channel: entry.channel, failedAt: entry.at, failures: entry.failures, ...(isAddressHash(key) ? {} : { given }) },
      });
      return entry;
    })();
  }

  /** The newest `limit` entries, newest first. */
  list(limit = DEFAULT_LIST_LIMIT): FailedEntry[] {
    return this.sList.all(Math.max(0, Math.floor(limit))).map(toEntry);
  }

  count(): number {
    return this.sCount.get()?.n ?? 0;
  }

  /**
   * Deletion: the entries of these addresses (by canonical form) keep refusing them under the
   * hash of the canonical address, shown as `pseudonym`. Runs in the caller's transaction;
   * returns how many entries it changed.
   */
  hashAddresses(addresses: readonly string[], pseudonym: string): number {
    let changed = 0;
    for (const canonical of new Set(addresses.map((a) => canonicalEmail(a.trim())))) {
      changed += this.sHash.run(addressHash(canonical), pseudonym, canonical).changes;
    }
    return changed;
  }
}
