import type { Statement } from "better-sqlite3";
import type { Database } from "../../db/connection.js";
import { mapRow } from "../../db/rows.js";
import { legacyIdReference } from "./legacy-ids.js";
import { entityIdReference, foldName } from "./names.js";

export type AccountStatus = "unverified" | "active";

export interface Account {
  id: string;
  name: string;
  originalName: string | null;
  passwordHash: string;
  passwordGenerated: boolean;
  email: string;
  emailCanonical: string;
  status: AccountStatus;
  origin: "nickserv" | "x2";
  createdAt: number;
  verifiedAt: number | null;
  lastSeenAt: number;
  lastLoginAt: number | null;
  lastMask: string | null;
  lastRealMask: string | null;
  degradedAt: number | null;
  expmail: boolean;
  hideEmail: boolean;
  noexpire: boolean;
  frozen: boolean;
}

export interface AccountNick {
  nick: string;
  accountId: string;
  registeredAt: number;
  lastSeenAt: number;
}

/** What registration stores; the rest of an Account starts empty or at its default. */
export type NewAccount = Pick<Account, "id" | "name" | "passwordHash" | "passwordGenerated" | "email" | "emailCanonical" | "status" | "origin"> & {
  now: number;
};

interface AccountRow {
  id: string;
  name: string;
  original_name: string | null;
  password_hash: string;
  password_generated: number;
  email: string;
  email_canonical: string;
  status: AccountStatus;
  origin: "nickserv" | "x2";
  created_at: number;
  verified_at: number | null;
  last_seen_at: number;
  last_login_at: number | null;
  last_mask: string | null;
  last_real_mask: string | null;
  degraded_at: number | null;
  expmail: number;
  hide_email: number;
  noexpire: number;
  frozen: number;
}

function toAccount(row: AccountRow): Account {
  return {
    id: row.id,
    name: row.name,
    originalName: row.original_name,
    passwordHash: row.password_hash,
    passwordGenerated: row.password_generated === 1,
    email: row.email,
    emailCanonical: row.email_canonical,
    status: row.status,
    origin: row.origin,
    createdAt: row.created_at,
    verifiedAt: row.verified_at,
    lastSeenAt: row.last_seen_at,
    lastLoginAt: row.last_login_at,
    lastMask: row.last_mask,
    lastRealMask: row.last_real_mask,
    degradedAt: row.degraded_at,
    expmail: row.expmail === 1,
    hideEmail: row.hide_email === 1,
    noexpire: row.noexpire === 1,
    frozen: row.frozen === 1,
  };
}

/**
 * The original name of a degraded account, folded as foldName folds it (names are nicknames, so
 * ASCII): the indexed expression of migration 0017, repeated so that SQLite uses the index.
 */
const ORIGINAL_NAME_KEY = "lower(replace(replace(replace(replace(original_name, '[', '{'), ']', '}'), '\\', '|'), '~', '^'))";

/** Settable flags, by column. */
const ACCOUNT_FLAGS = ["expmail", "hide_email", "noexpire", "frozen"] as const;
export type AccountFlag = (typeof ACCOUNT_FLAGS)[number];

/** Rows of accounts and their nicks. Synchronous; multi-row changes run in transactions. */
export class AccountStore {
  private readonly q;

  constructor(readonly db: Database) {
    this.q = {
      byId: db.prepare<[string], AccountRow>("SELECT * FROM accounts WHERE id = ?"),
      byNameKey: db.prepare<[string], AccountRow>("SELECT * FROM accounts WHERE name_key = ?"),
      byLegacyId: db.prepare<[string], AccountRow>(
        "SELECT a.* FROM account_legacy_ids l JOIN accounts a ON a.id = l.account_id WHERE l.legacy_id = ?",
      ),
      legacyIdOf: db.prepare<[string], { legacy_id: string; source: string }>("SELECT legacy_id, source FROM account_legacy_ids WHERE account_id = ?"),
      nameById: db.prepare<[string], string>("SELECT name FROM accounts WHERE id = ?").pluck(),
      byNick: db.prepare<[string], AccountRow>(
        "SELECT a.* FROM account_nicks n JOIN accounts a ON a.id = n.account_id WHERE n.nick_key = ?",
      ),
      insert: db.prepare(
        `INSERT INTO accounts (id, name, name_key, password_hash, password_generated, email, email_canonical, status, origin, created_at, last_seen_at)
         VALUES (@id, @name, @nameKey, @passwordHash, @passwordGenerated, @email, @emailCanonical, @status, @origin, @now, @now)`,
      ),
      insertNick: db.prepare(
        "INSERT INTO account_nicks (nick_key, nick, account_id, registered_at, last_seen_at) VALUES (?, ?, ?, ?, ?)",
      ),
      deleteNick: db.prepare("DELETE FROM account_nicks WHERE nick_key = ?"),
      nickOwner: db.prepare<[string], { account_id: string; nick: string }>("SELECT account_id, nick FROM account_nicks WHERE nick_key = ?"),
      nicksOf: db.prepare<[string], { nick: string; account_id: string; registered_at: number; last_seen_at: number }>(
        "SELECT nick, account_id, registered_at, last_seen_at FROM account_nicks WHERE account_id = ? ORDER BY registered_at",
      ),
      degradedByOriginalName: db.prepare<[string, number], AccountRow>(
        `SELECT * FROM accounts WHERE degraded_at IS NOT NULL AND ${ORIGINAL_NAME_KEY} = ? ORDER BY degraded_at DESC, id LIMIT ?`,
      ),
      countByEmail: db.prepare<[string], { n: number }>("SELECT COUNT(*) AS n FROM accounts WHERE email_canonical = ?"),
      setPassword: db.prepare("UPDATE accounts SET password_hash = ?, password_generated = ? WHERE id = ?"),
      setEmail: db.prepare("UPDATE accounts SET email = ?, email_canonical = ? WHERE id = ?"),
      setStatus: db.prepare("UPDATE accounts SET status = ?, verified_at = ? WHERE id = ?"),
      rename: db.prepare("UPDATE accounts SET name = ?, name_key = ? WHERE id = ?"),
      // A quit knows no mask (the user is gone): the last one stays.
      seen: db.prepare("UPDATE accounts SET last_seen_at = ?, last_mask = COALESCE(?, last_mask), last_real_mask = COALESCE(?, last_real_mask) WHERE id = ?"),
      login: db.prepare("UPDATE accounts SET last_seen_at = ?, last_login_at = ?, last_mask = ?, last_real_mask = ? WHERE id = ?"),
      nickSeen: db.prepare("UPDATE account_nicks SET last_seen_at = ? WHERE nick_key = ?"),
      clearDegradation: db.prepare("UPDATE accounts SET original_name = NULL, degraded_at = NULL, warned_at = NULL WHERE id = ?"),
      delete: db.prepare<[string]>("DELETE FROM accounts WHERE id = ?"),
      retire: db.prepare<[string, number, string | null, string | null]>(
        "INSERT OR IGNORE INTO retired_entity_ids (entity_id, retired_at, legacy_id, legacy_source) VALUES (?, ?, ?, ?)",
      ),
      count: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM accounts"),
      countUnverified: db.prepare<[], { n: number }>("SELECT COUNT(*) AS n FROM accounts WHERE status = 'unverified'"),
      // One statement per flag column; the column names come from ACCOUNT_FLAGS, never from input.
      setFlag: Object.fromEntries(ACCOUNT_FLAGS.map((flag) => [flag, db.prepare(`UPDATE accounts SET ${flag} = ? WHERE id = ?`)])) as Record<
        AccountFlag,
        Statement<[number, string]>
      >,
    };
  }

  create(account: NewAccount): Account {
    const nameKey = foldName(account.name);
    this.db.transaction(() => {
      this.q.insert.run({ ...account, nameKey, passwordGenerated: account.passwordGenerated ? 1 : 0 });
      this.q.insertNick.run(nameKey, account.name, account.id, account.now, account.now);
    })();
    return this.byId(account.id) as Account;
  }

  byId(id: string): Account | undefined {
    return mapRow(this.q.byId.get(id), toAccount);
  }

  /** Only the name of an account (cheaper than byId when that is all a caller needs). */
  nameOf(id: string): string | undefined {
    return this.q.nameById.get(id);
  }

  byName(name: string): Account | undefined {
    return mapRow(this.q.byNameKey.get(foldName(name)), toAccount);
  }

  byNick(nick: string): Account | undefined {
    return mapRow(this.q.byNick.get(foldName(nick)), toAccount);
  }

  /**
   * Finds an account however the user named it: `?<entity id>`, a bare entity ID, `?<legacy id>`
   * (an imported account's Atheme ID), the account name (including a degraded name) or one of its nicks.
   */
  resolve(reference: string): Account | undefined {
    // `?AAAAAAAAB`: the ID the account had in the services it was imported from (Atheme).
    const legacy = legacyIdReference(reference);
    if (legacy) return mapRow(this.q.byLegacyId.get(legacy), toAccount);
    const id = entityIdReference(reference);
    if (id) {
      const byId = this.byId(id);
      if (byId || reference.startsWith("?")) return byId;
    }
    return this.byName(reference) ?? this.byNick(reference);
  }

  /** The ID an imported account had in its former services, and which services they were. */
  legacyIdOf(accountId: string): { legacyId: string; source: string } | undefined {
    const row = this.q.legacyIdOf.get(accountId);
    return row ? { legacyId: row.legacy_id, source: row.source } : undefined;
  }

  /** The degraded accounts whose original name is `name` (case-folded), most recently degraded first, at most `limit`. */
  degradedByOriginalName(name: string, limit: number): Account[] {
    return this.q.degradedByOriginalName.all(foldName(name), limit).map(toAccount);
  }

  nickOwner(nick: string): { accountId: string; nick: string } | undefined {
    const row = this.q.nickOwner.get(foldName(nick));
    return row ? { accountId: row.account_id, nick: row.nick } : undefined;
  }

  nicksOf(accountId: string): AccountNick[] {
    return this.q.nicksOf.all(accountId).map((r) => ({ nick: r.nick, accountId: r.account_id, registeredAt: r.registered_at, lastSeenAt: r.last_seen_at }));
  }

  addNick(accountId: string, nick: string, now: number): void {
    this.q.insertNick.run(foldName(nick), nick, accountId, now, now);
  }

  removeNick(nick: string): void {
    this.q.deleteNick.run(foldName(nick));
  }

  countByEmail(emailCanonical: string): number {
    return this.q.countByEmail.get(emailCanonical)?.n ?? 0;
  }

  setPassword(id: string, hash: string, generated: boolean): void {
    this.q.setPassword.run(hash, generated ? 1 : 0, id);
  }

  setEmail(id: string, email: string, canonical: string): void {
    this.q.setEmail.run(email, canonical, id);
  }

  setStatus(id: string, status: AccountStatus, at: number | null): void {
    this.q.setStatus.run(status, at, id);
  }

  /** Renames the account; the caller ensures the new name is free (the UNIQUE key guards it too). */
  rename(id: string, name: string): void {
    this.q.rename.run(name, foldName(name), id);
  }

  setFlag(id: string, flag: AccountFlag, value: boolean): void {
    this.q.setFlag[flag].run(value ? 1 : 0, id);
  }

  /** A reclaimed account is no longer degraded: its original name, degradation and warning are forgotten. */
  clearDegradation(id: string): void {
    this.q.clearDegradation.run(id);
  }

  markSeen(id: string, now: number, mask: string | null, realMask: string | null, nick?: string): void {
    this.q.seen.run(now, mask, realMask, id);
    if (nick) this.q.nickSeen.run(now, foldName(nick));
  }

  markLogin(id: string, now: number, mask: string, realMask: string, nick?: string): void {
    this.q.login.run(now, now, mask, realMask, id);
    if (nick) this.q.nickSeen.run(now, foldName(nick));
  }

  /**
   * Deletes the account row and retires its entity ID in one transaction: every way an account
   * goes (a deletion case, expiry, the unverified drop, an X2-made account with its channel)
   * comes through here, and an entity ID is never given to another account (docs/architecture.md §2).
   * An imported account's former-services ID is kept with it, so that a re-import does not bring
   * the account back.
   */
  delete(id: string, at: number): void {
    this.db.transaction(() => {
      const legacy = this.legacyIdOf(id);
      if (this.q.delete.run(id).changes > 0) this.q.retire.run(id, at, legacy?.legacyId ?? null, legacy?.source ?? null);
    })();
  }

  count(): number {
    return this.q.count.get()?.n ?? 0;
  }

  countUnverified(): number {
    return this.q.countUnverified.get()?.n ?? 0;
  }
}
