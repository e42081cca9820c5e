/**
 * The email blacklist staff edit at run time (OperServ BLACKLIST): glob masks over addresses,
 * each with a staff reason, a setter and an optional expiry. Matching is on the address as given
 * and on its canonical form (src/services/mail/address.ts). The masks of services.conf
 * ([mail] blacklist) are not stored here; RegistrationPolicy matches those as well.
 */
import type { Statement } from "better-sqlite3";
import type { Database } from "../../db/connection.js";
import type { Clock } from "../../util/clock.js";
import { err, ok, type Result } from "../../util/result.js";
import { matchesMask } from "../mail/address.js";

export interface BlacklistEntry {
  id: number;
  /** The mask as stored (lower-cased; "@domain" written as "*@domain"). */
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

/** Why `mask` is not a usable blacklist mask, or null when it is. Messages are fit for an oper. */
export function maskProblem(mask: string): string | null {
  const m = mask.trim();
  if (m.length === 0) return "Give a mask such as *@mailinator.com or mailinator.com.";
  if (/[\s\p{Cc}\p{Cf}]/u.test(m)) return "A mask cannot contain spaces or control characters.";
  if (m.length > MAX_MASK_LENGTH) return `A mask can be at most ${MAX_MASK_LENGTH} characters long.`;
  if (!m.includes(".") && !m.includes("@")) {
    return `${m} is not an email mask: it needs an @ or a dot (e.g. *@mailinator.com, mailinator.com or spam*@*.example).`;
  }
  if (m.indexOf("@") !== m.lastIndexOf("@")) return "A mask has at most one @.";
  if (!MASK_CHARS.test(m)) {
    return "A mask may contain only the characters of an email address and the wildcards * and ?.";
  }
  if (!/[A-Za-z0-9]/.test(m.replace(/[*?]/g, ""))) {
    return `${m} would match nearly every address; name at least part of a domain or a mailbox.`;
  }
  return null;
}

export class EmailBlacklist {
  private readonly sUpsert: Statement<[string, string, string, string, number, number | null]>;
  private readonly sGet: Statement<[string], Row>;
  private readonly sDelete: Statement<[string]>;
  private readonly sActive: Statement<[number], Row>;
  private readonly sPrune: Statement<[number]>;

  constructor(
    db: Database,
    private readonly clock: Clock,
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
  }

  /**
   * Adds `mask` for `durationMs` (null: until removed). Adding a mask that is already listed
   * replaces its reason, setter and expiry (see `get` to tell the two apart beforehand).
   */
  add(mask: string, durationMs: number | null, reason: string, setter: string): Result<void, string> {
    const problem = maskProblem(mask);
    if (problem !== null) return err(problem);
    if (durationMs !== null && (!Number.isSafeInteger(durationMs) || durationMs <= 0)) {
      return err("The duration must be positive (e.g. 30d), or left out for a permanent entry.");
    }
    const why = reason.trim();
    if (why.length === 0) return err("Give a reason (staff see it; the user does not).");
    if (why.length > MAX_REASON_LENGTH) return err(`A reason can be at most ${MAX_REASON_LENGTH} characters long.`);
    const key = normaliseMask(mask);
    const now = this.clock.now();
    this.sUpsert.run(key, key, why, setter, now, durationMs === null ? null : now + durationMs);
    return ok(undefined);
  }

  /** Removes `mask` (compared case-insensitively). False when it was not listed. */
  remove(mask: string): boolean {
    return this.sDelete.run(normaliseMask(mask)).changes > 0;
  }

  /** The unexpired entry for exactly this mask, or undefined. */
  get(mask: string): BlacklistEntry | undefined {
    const row = this.sGet.get(normaliseMask(mask));
    if (!row || (row.expires_at !== null && row.expires_at <= this.clock.now())) return undefined;
    return toEntry(row);
  }

  /** The unexpired entries, oldest first. Expired ones are deleted on the way. */
  list(): BlacklistEntry[] {
    const now = this.clock.now();
    this.sPrune.run(now);
    return this.sActive.all(now).map(toEntry);
  }

  /** The first unexpired entry whose mask matches the address as given or in canonical form. */
  match(email: string): BlacklistEntry | undefined {
    for (const row of this.sActive.iterate(this.clock.now())) {
      if (matchesMask(email, row.mask)) return toEntry(row);
    }
    return undefined;
  }
}
