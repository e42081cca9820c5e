/**
 * The SQL of account expiry (expiry.ts): the due queries and their counts on the partial indexes
 * of migration 0008, each named so that the planner cannot walk a wider one, paginated by keyset
 * on (last_seen_at, rowid); and the few writes of degradation and the "seen" refresh.
 */
import type { Statement } from "better-sqlite3";
import type { Database } from "../../db/connection.js";

export interface DueRow {
  rowid: number;
  id: string;
  last_seen_at: number;
}

/** The WHERE of the partial indexes in 0008, repeated so SQLite uses them. */
const NICK_EXPIRY = "status = 'active' AND degraded_at IS NULL AND noexpire = 0 AND frozen = 0";
const ACCOUNT_EXPIRY = "status = 'active' AND noexpire = 0 AND frozen = 0";
/**
 * The indexes named, so the planner never walks the wider account-expiry index (which also holds
 * every degraded account) for the degradation queries. INDEXED BY fails loudly if unusable.
 */
const NICK_INDEX = "accounts INDEXED BY accounts_nick_expiry";
const ACCOUNT_INDEX = "accounts INDEXED BY accounts_account_expiry";
/** Keyset pagination on the index order. */
const AFTER = "(last_seen_at, rowid) > (@afterSeen, @afterRowid)";

export interface ExpiryQueries {
  countExpire: Statement<{ expireBy: number }, { n: number }>;
  countDegrade: Statement<{ expireBy: number; degradeBy: number }, { n: number }>;
  countWarn: Statement<{ degradeBy: number; warnBy: number }, { n: number }>;
  dueExpire: Statement<{ expireBy: number; afterSeen: number; afterRowid: number; limit: number }, DueRow>;
  dueDegrade: Statement<{ expireBy: number; degradeBy: number; afterSeen: number; afterRowid: number; limit: number }, DueRow>;
  dueWarn: Statement<{ degradeBy: number; warnBy: number; afterSeen: number; afterRowid: number; limit: number }, DueRow>;
  insertExpiredNick: Statement<[string, string, number, number]>;
  deleteNicks: Statement<[string]>;
  setDegraded: Statement<[string, number, string]>;
  setWarned: Statement<[number, string]>;
  refreshSeen: Statement<[number, string, number]>;
  expiredNicks: Statement<[string], { nick: string; registered_at: number | null; expired_at: number }>;
  upcoming: Statement<{ degradeBy: number; expireBy: number; nickExpire: number; accountExpire: number }, { id: string; name: string; event: "degrade" | "expire"; at: number }>;
}

export function prepareExpiryQueries(db: Database): ExpiryQueries {
  return {
    countExpire: db.prepare(`SELECT COUNT(*) AS n FROM ${ACCOUNT_INDEX} WHERE ${ACCOUNT_EXPIRY} AND last_seen_at <= @expireBy`),
    countDegrade: db.prepare(
      `SELECT COUNT(*) AS n FROM ${NICK_INDEX} WHERE ${NICK_EXPIRY} AND last_seen_at <= @degradeBy AND last_seen_at > @expireBy`,
    ),
    countWarn: db.prepare(
      `SELECT COUNT(*) AS n FROM ${NICK_INDEX} WHERE ${NICK_EXPIRY} AND last_seen_at <= @warnBy AND last_seen_at > @degradeBy
         AND expmail = 1 AND (warned_at IS NULL OR warned_at < last_seen_at)`,
    ),
    dueExpire: db.prepare(
      `SELECT rowid, id, last_seen_at FROM ${ACCOUNT_INDEX} WHERE ${ACCOUNT_EXPIRY} AND last_seen_at <= @expireBy AND ${AFTER}
       ORDER BY last_seen_at, rowid LIMIT @limit`,
    ),
    dueDegrade: db.prepare(
      `SELECT rowid, id, last_seen_at FROM ${NICK_INDEX} WHERE ${NICK_EXPIRY} AND last_seen_at <= @degradeBy AND last_seen_at > @expireBy
         AND ${AFTER} ORDER BY last_seen_at, rowid LIMIT @limit`,
    ),
    dueWarn: db.prepare(
      `SELECT rowid, id, last_seen_at FROM ${NICK_INDEX} WHERE ${NICK_EXPIRY} AND last_seen_at <= @warnBy AND last_seen_at > @degradeBy
         AND expmail = 1 AND (warned_at IS NULL OR warned_at < last_seen_at) AND ${AFTER}
       ORDER BY last_seen_at, rowid LIMIT @limit`,
    ),
    insertExpiredNick: db.prepare("INSERT INTO expired_nicks (account_id, nick, registered_at, expired_at) VALUES (?, ?, ?, ?)"),
    deleteNicks: db.prepare("DELETE FROM account_nicks WHERE account_id = ?"),
    setDegraded: db.prepare("UPDATE accounts SET original_name = ?, degraded_at = ? WHERE id = ?"),
    setWarned: db.prepare("UPDATE accounts SET warned_at = ? WHERE id = ?"),
    refreshSeen: db.prepare("UPDATE accounts SET last_seen_at = ? WHERE id = ? AND last_seen_at < ?"),
    expiredNicks: db.prepare("SELECT nick, registered_at, expired_at FROM expired_nicks WHERE account_id = ? ORDER BY expired_at, id"),
    upcoming: db.prepare(
      `SELECT id, name, 'degrade' AS event, last_seen_at + @nickExpire AS at FROM ${NICK_INDEX}
         WHERE ${NICK_EXPIRY} AND last_seen_at <= @degradeBy
       UNION ALL
       SELECT id, name, 'expire' AS event, last_seen_at + @accountExpire AS at FROM ${ACCOUNT_INDEX}
         WHERE ${ACCOUNT_EXPIRY} AND last_seen_at <= @expireBy
       ORDER BY at, id`,
    ),
  };
}

/** EXPLAIN QUERY PLAN of the due queries, by name (tests and the benchmark check index use). */
export function expiryQueryPlans(db: Database, q: ExpiryQueries): Record<string, string> {
  const params = { expireBy: 0, degradeBy: 0, warnBy: 0, afterSeen: 0, afterRowid: 0, limit: 1, nickExpire: 0, accountExpire: 0 };
  const names = ["countExpire", "countDegrade", "countWarn", "dueExpire", "dueDegrade", "dueWarn", "upcoming"] as const;
  const plans: Record<string, string> = {};
  for (const name of names) {
    const rows = db.prepare(`EXPLAIN QUERY PLAN ${q[name].source}`).all(params) as { detail: string }[];
    plans[name] = rows.map((r) => r.detail).join("; ");
  }
  return plans;
}
