/**
 * The email blacklist staff edit at run time (OperServ BLACKLIST): glob masks over addresses,
 * each with a staff reason, a setter and an optional expiry. Matching is on the address as given
 * and on its canonical form (src/services/mail/address.ts). The masks of services.conf
 * ([mail] blacklist) are not stored here; RegistrationPolicy matches those as well.
 *
 * An entry naming exactly the address of an account that is deleted keeps the ban but not the
 * address: its mask becomes the address's hash (address-hash.ts, hashAddresses), which matches
 * the same addresses the plain mask did, and which BLACKLIST DEL and ADD find by the address.
 */
import type { Statement } from "better-sqlite3";
import type { Database } from "../../db/connection.js";
import type { Clock } from "../../util/clock.js";
import { err, ok, type Result } from "../../util/result.js";
import type { AuditLog } from "../audit.js";
import { canonicalEmail, matchesMask } from "../mail/address.js";
import { addressHash, isAddressHash } from "./address-hash.js";

export interface BlacklistEntry {
  id: number;
  /** The mask as stored (lower-cased; "@domain" written as "*@domain"; a deleted account's address as its hash). */
  mask: string;
  /** The staff reason; never shown to the user being refused. */
  reason: string;
  setter: string;
  /** ms since the Unix epoch. */
  createdAt: number;
  /** ms since the Unix epoch; null: until removed. */
  expiresAt: number | null;
}

interface Row {
  id: number;
  mask: string;
  reason: string;
  setter: string;
  created_at: number;
  expires_at: number | null;
}

const toEntry = (r: Row): BlacklistEntry => ({
  id: r.id,
  mask: r.mask,
  reason: r.reason,
  setter: r.setter,
  createdAt: r.created_at,
  expiresAt: r.expires_at,
});

export const MAX_MASK_LENGTH = 254;
export const MAX_REASON_LENGTH = 300;

/** Characters of an email address (RFC 5322 atext, dot, @); `*` and `?` are among them. */
const MASK_CHARS = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.@-]+$/;

/**
 * The stored form of a mask: lower-cased, and a leading "@domain" written "*@domain" so that it
 * matches the way it reads. (A mask without @ already names a domain: see matchesMask.)
 */
export function normaliseMask(mask: string): string {
  const lower = mask.trim().toLowerCase();
  return lower.startsWith("@") ? `*${lower}` : lower;
}

/** A stored mask that names one address exactly (no wildcard): the kind of entry a deletion keeps by its hash. */
const isExactAddress = (key: string): boolean => key.includes("@") && !/[*?]/.test(key);

/** Why a mask is not a usable blacklist mask. */
export type MaskProblem =
  | { kind: "mask-empty" }
  | { kind: "mask-space" }
  | { kind: "mask-too-long"; max: number }
  | { kind: "mask-not-email"; mask: string }
  | { kind: "mask-many-at" }
  | { kind: "mask-chars" }
  | { kind: "mask-too-broad"; mask: string };

/** Why an entry was not added: the mask, the duration or the reason. */
export type BlacklistFailure =
  | MaskProblem
  | { kind: "duration-invalid" }
  | { kind: "reason-missing" }
  | { kind: "reason-too-long"; max: number };

/** Who changes the list: the oper's entity ID for the audit log, their account name as the setter. */
export interface BlacklistOper {
  id: string;
  name: string;
}

/** Why `mask` is not a usable blacklist mask, or null when it is. */
export function maskProblem(mask: string): MaskProblem | null {
  const m = mask.trim();
  if (m.length === 0) return { kind: "mask-empty" };
  if (/[\s\p{Cc}\p{Cf}]/u.test(m)) return { kind: "mask-space" };
  if (m.length > MAX_MASK_LENGTH) return { kind: "mask-too-long", max: MAX_MASK_LENGTH };
  if (!m.includes(".") && !m.includes("@")) return { kind: "mask-not-email", mask: m };
  if (m.indexOf("@") !== m.lastIndexOf("@")) return { kind: "mask-many-at" };
  if (!MASK_CHARS.test(m)) return { kind: "mask-chars" };
  if (!/[A-Za-z0-9]/.test(m.replace(/[*?]/g, ""))) return { kind: "mask-too-broad", mask: m };
  return null;
}

export class EmailBlacklist {
  private readonly sUpsert: Statement<[string, string, string, string, number, number | null]>;
  private readonly sGet: Statement<[string], Row>;
  private readonly sDelete: Statement<[string]>;
  private readonly sActive: Statement<[number], Row>;
  private readonly sPrune: Statement<[number]>;
  private readonly sHash: Statement<[string, string, string]>;

  constructor(
    private readonly db: Database,
    private readonly clock: Clock,
    private readonly audit: AuditLog,
  ) {
    this.sUpsert = db.prepare(
      `INSERT INTO email_blacklist (mask, mask_key, reason, setter, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (mask_key) DO UPDATE SET reason = excluded.reason, setter = excluded.setter,
         created_at = excluded.created_at, expires_at = excluded.expires_at`,
    );
    this.sGet = db.prepare(
      "SELECT id, mask, reason, setter, created_at, expires_at FROM email_blacklist WHERE mask_key = ?",
    );
    this.sDelete = db.prepare("DELETE FROM email_blacklist WHERE mask_key = ?");
    this.sActive = db.prepare(
      `SELECT id, mask, reason, setter, created_at, expires_at FROM email_blacklist
       WHERE expires_at IS NULL OR expires_at > ? ORDER BY created_at, id`,
    );
    this.sPrune = db.prepare("DELETE FROM email_blacklist WHERE expires_at IS NOT NULL AND expires_at <= ?");
    // OR REPLACE: an entry hashed by an earlier deletion gives way to the newer one.
    this.sHash = db.prepare("UPDATE OR REPLACE email_blacklist SET mask = ?, mask_key = ? WHERE mask_key = ?");
  }

  /**
   * Adds `mask` for `durationMs` (null: until removed), audited in the same transaction. Adding a
   * mask that is already listed replaces its reason, setter and expiry (`existed` says so).
   */
  add(
    mask: string,
    durationMs: number | null,
    reason: string,
    oper: BlacklistOper,
  ): Result<{ mask: string; existed: boolean; expiresAt: number | null }, BlacklistFailure> {
    const problem = maskProblem(mask);
    if (problem !== null) return err(problem);
    if (durationMs !== null && (!Number.isSafeInteger(durationMs) || durationMs <= 0)) return err({ kind: "duration-invalid" });
    const why = reason.trim();
    if (why.length === 0) return err({ kind: "reason-missing" });
    if (why.length > MAX_REASON_LENGTH) return err({ kind: "reason-too-long", max: MAX_REASON_LENGTH });
    const key = normaliseMask(mask);
    const now = this.clock.now();
    const expiresAt = durationMs === null ? null : now + durationMs;
    const existed = this.db.transaction(() => {
      const before = this.get(key) !== undefined;
      // Staff typed the address again: its entry kept by hash becomes this one.
      if (isExactAddress(key)) this.sDelete.run(addressHash(key));
      this.sUpsert.run(key, key, why, oper.name, now, expiresAt);
      this.audit.record({
        actor: oper.id,
        action: before ? "blacklist.update" : "blacklist.add",
        target: key,
        details: { reason: why, expiresAt, setter: oper.name },
      });
      return before;
    })();
    return ok({ mask: key, existed, expiresAt });
  }

  /**
   * Removes `mask` (compared case-insensitively; an address also finds its entry kept by hash),
   * audited. Returns the entry removed, or undefined when it was not listed.
   */
  remove(mask: string, oper: BlacklistOper): { mask: string; entry: BlacklistEntry | null } | undefined {
    const key = this.storedKey(normaliseMask(mask));
    return this.db.transaction(() => {
      const entry = this.get(key) ?? null;
      if (this.sDelete.run(key).changes === 0) return undefined;
      this.audit.record({
        actor: oper.id,
        action: "blacklist.del",
        target: key,
        details: entry ? { reason: entry.reason, setter: entry.setter, expiresAt: entry.expiresAt } : {},
      });
      return { mask: key, entry };
    })();
  }

  /** The unexpired entry for exactly this mask (an address: also its entry kept by hash), or undefined. */
  get(mask: string): BlacklistEntry | undefined {
    const row = this.sGet.get(this.storedKey(normaliseMask(mask)));
    if (!row || (row.expires_at !== null && row.expires_at <= this.clock.now())) return undefined;
    return toEntry(row);
  }

  /** The key an entry for `key` is stored under: the key itself, or the hash of an address kept by hash. */
  private storedKey(key: string): string {
    if (!isExactAddress(key) || this.sGet.get(key)) return key;
    const hashed = addressHash(key);
    return this.sGet.get(hashed) ? hashed : key;
  }

  /** The unexpired entries, oldest first. Expired ones are deleted on the way. */
  list(): BlacklistEntry[] {
    const now = this.clock.now();
    this.sPrune.run(now);
    return this.sActive.all(now).map(toEntry);
  }

  /** The first unexpired entry whose mask matches the address as given or in canonical form. */
  match(email: string): BlacklistEntry | undefined {
    for (const entry of this.matches(email)) return entry;
    return undefined;
  }

  /** Every unexpired entry that matches the address (as given or canonical), oldest first. */
  matching(email: string): BlacklistEntry[] {
    return [...this.matches(email)];
  }

  private *matches(email: string): Generator<BlacklistEntry> {
    let hashes: string[] | null = null;
    for (const row of this.sActive.iterate(this.clock.now())) {
      if (isAddressHash(row.mask)) {
        hashes ??= [addressHash(email), addressHash(canonicalEmail(email.trim()))];
        if (!hashes.includes(row.mask)) continue;
      } else if (!matchesMask(email, row.mask)) continue;
      yield toEntry(row);
    }
  }

  /**
   * Deletion (address-hash.ts): the entries that name exactly one of these addresses (as given or
   * canonical) keep their ban under the address's hash instead of the address. Runs in the
   * caller's transaction; returns how many entries it changed.
   */
  hashAddresses(addresses: readonly string[]): number {
    const keys = new Set(addresses.flatMap((a) => [normaliseMask(a), normaliseMask(canonicalEmail(a.trim()))]).filter(isExactAddress));
    let changed = 0;
    for (const key of keys) {
      const hashed = addressHash(key);
      changed += this.sHash.run(hashed, hashed, key).changes;
    }
    return changed;
  }
}
