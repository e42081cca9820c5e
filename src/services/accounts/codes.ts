/**
 * Single-use codes mailed to an account's owner (account_codes): registration, email change,
 * password reset, deletion. Only the SHA-256 of a code is stored; the code itself exists only in
 * the mail. Checking compares hashes in constant time.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import type { Database } from "../../db/connection.js";
import { err, ok, type Result } from "../../util/result.js";
import { generateCode } from "./password.js";

export type CodePurpose = "register" | "email" | "resetpass" | "delete";

export type CodeFailure = "none" | "wrong" | "expired" | "used" | "replaced";

export interface IssuedCode {
  id: number;
  /** The code to mail; never stored, never logged. */
  code: string;
  expiresAt: number;
}

interface CodeRow {
  id: number;
  code_hash: string;
  data: string | null;
  created_at: number;
  expires_at: number;
  used_at: number | null;
  voided_at: number | null;
}

/** Codes are typed case-insensitively and may be pasted with spaces or dashes. */
export function normaliseCode(input: string): string {
  return input.replace(/[\s-]+/g, "").toUpperCase();
}

export function hashCode(code: string): string {
  return createHash("sha256").update(normaliseCode(code), "utf8").digest("hex");
}

/** How many of the latest codes of a purpose are compared (so an old code gets a precise answer). */
const LOOKBACK = 20;

export class CodeStore {
  private readonly q;

  constructor(readonly db: Database) {
    this.q = {
      insert: db.prepare(
        "INSERT INTO account_codes (account_id, purpose, code_hash, data, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)",
      ),
      voidActive: db.prepare(
        "UPDATE account_codes SET voided_at = ? WHERE account_id = ? AND purpose = ? AND used_at IS NULL AND voided_at IS NULL",
      ),
      latest: db.prepare<[string, string, number], CodeRow>(
        `SELECT id, code_hash, data, created_at, expires_at, used_at, voided_at FROM account_codes
         WHERE account_id = ? AND purpose = ? ORDER BY id DESC LIMIT ?`,
      ),
      use: db.prepare("UPDATE account_codes SET used_at = ? WHERE id = ? AND used_at IS NULL"),
      issuedSince: db.prepare<[string, string, number], { created_at: number; data: string | null }>(
        "SELECT created_at, data FROM account_codes WHERE account_id = ? AND purpose = ? AND created_at > ? ORDER BY created_at",
      ),
      active: db.prepare<[string, string, number], CodeRow>(
        `SELECT id, code_hash, data, created_at, expires_at, used_at, voided_at FROM account_codes
         WHERE account_id = ? AND purpose = ? AND used_at IS NULL AND voided_at IS NULL AND expires_at > ?
         ORDER BY id DESC LIMIT 1`,
      ),
    };
  }

  /**
   * Issues a new code, voiding the unused ones of the same purpose (one live code per purpose).
   * `data` is stored with it (e.g. the new address of an email change; a marker such as "resend").
   */
  issue(accountId: string, purpose: CodePurpose, now: number, lifetimeMs: number, data: string | null = null): IssuedCode {
    const code = generateCode();
    const expiresAt = now + lifetimeMs;
    const id = this.db.transaction(() => {
      this.q.voidActive.run(now, accountId, purpose);
      return Number(this.q.insert.run(accountId, purpose, hashCode(code), data, now, expiresAt).lastInsertRowid);
    })();
    return { id, code, expiresAt };
  }

  /** Voids the live code of a purpose (e.g. the account's email changed meanwhile). */
  voidActive(accountId: string, purpose: CodePurpose, now: number): void {
    this.q.voidActive.run(now, accountId, purpose);
  }

  /** The live code of a purpose, if any: its data and expiry (not the code). */
  active(accountId: string, purpose: CodePurpose, now: number): { id: number; data: string | null; createdAt: number; expiresAt: number } | undefined {
    const row = this.q.active.get(accountId, purpose, now);
    return row ? { id: row.id, data: row.data, createdAt: row.created_at, expiresAt: row.expires_at } : undefined;
  }

  /**
   * Checks a code the user typed and, when it is the live one, marks it used (single use).
   * Every recent code is compared in constant time; the answer says why a code was refused.
   */
  consume(accountId: string, purpose: CodePurpose, input: string, now: number): Result<{ data: string | null }, CodeFailure> {
    const rows = this.q.latest.all(accountId, purpose, LOOKBACK);
    if (rows.length === 0) return err("none");
    const given = Buffer.from(hashCode(input), "hex");
    let match: CodeRow | undefined;
    for (const row of rows) {
      const stored = Buffer.from(row.code_hash, "hex");
      if (stored.length === given.length && timingSafeEqual(stored, given) && !match) match = row;
    }
    if (!match) return err("wrong");
    if (match.used_at !== null) return err("used");
    if (match.voided_at !== null) return err("replaced");
    if (match.expires_at <= now) return err("expired");
    const changed = this.q.use.run(now, match.id).changes;
    if (changed === 0) return err("used");
    return ok({ data: match.data });
  }

  /** Codes of a purpose issued after `since`, oldest first (for the resend limits). */
  issuedSince(accountId: string, purpose: CodePurpose, since: number): { createdAt: number; data: string | null }[] {
    return this.q.issuedSince.all(accountId, purpose, since).map((r) => ({ createdAt: r.created_at, data: r.data }));
  }
}
