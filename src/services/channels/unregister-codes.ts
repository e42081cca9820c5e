/**
 * The confirmation codes of X2 UNREGISTER (channel_unregister_codes, migration 0011): one per
 * channel, for the one who asked, until it expires; kept in SQLite so that a restart between the
 * two steps does not lose it. Only the SHA-256 of a code is stored.
 */
import { timingSafeEqual } from "node:crypto";
import type { Statement } from "better-sqlite3";
import type { Database } from "../../db/connection.js";
import { hashCode } from "../accounts/codes.js";

interface CodeRow {
  code_hash: string;
  requested_by: string;
  expires_at: number;
}

/** Codes are typed in any case and may be pasted with spaces or dashes (hashCode normalises them). */
export class UnregisterCodes {
  private readonly sPut: Statement<[number, string, string, number, number]>;
  private readonly sGet: Statement<[number], CodeRow>;
  private readonly sDelete: Statement<[number]>;
  private readonly sPurge: Statement<[number]>;

  constructor(db: Database) {
    this.sPut = db.prepare(
      `INSERT INTO channel_unregister_codes (channel_id, code_hash, requested_by, created_at, expires_at) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (channel_id) DO UPDATE SET code_hash = excluded.code_hash, requested_by = excluded.requested_by,
         created_at = excluded.created_at, expires_at = excluded.expires_at`,
    );
    this.sGet = db.prepare("SELECT code_hash, requested_by, expires_at FROM channel_unregister_codes WHERE channel_id = ?");
    this.sDelete = db.prepare("DELETE FROM channel_unregister_codes WHERE channel_id = ?");
    this.sPurge = db.prepare("DELETE FROM channel_unregister_codes WHERE expires_at < ?");
  }

  /** Stores the code `by` was given for the channel (replacing an earlier one); forgets expired codes. */
  put(channelId: number, code: string, by: string, now: number, expiresAt: number): void {
    this.sPurge.run(now);
    this.sPut.run(channelId, hashCode(code), by, now, expiresAt);
  }

  /** True when `code` is the channel's unexpired code and `by` asked for it. */
  matches(channelId: number, code: string, by: string, now: number): boolean {
    const row = this.sGet.get(channelId);
    if (!row || row.requested_by !== by || row.expires_at < now) return false;
    const stored = Buffer.from(row.code_hash, "hex");
    const given = Buffer.from(hashCode(code), "hex");
    return stored.length === given.length && timingSafeEqual(stored, given);
  }

  delete(channelId: number): void {
    this.sDelete.run(channelId);
  }
}
