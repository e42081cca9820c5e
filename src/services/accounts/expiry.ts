/**
 * Account expiry by degradation (issue 5; docs/architecture.md §2-§3).
 *
 * - An account unseen for `nickserv.nick_expire` loses its nicknames (recorded in expired_nicks)
 *   and is renamed `<entity id>-<old name>`. Nothing else changes: password, email, channel access
 *   and founder rights stay, because everything refers to the account by entity ID.
 * - `nick_expire_warning` before that, the owner gets one warning mail per absence; at
 *   degradation a nick_expired mail. Both only while EXPMAIL is on.
 * - After `account_expire` (0: never) the account is dropped, with an audit record.
 * - An account unfrozen after it was last seen counts its absence from the unfreeze: the time it
 *   was frozen (it could not log in) does not count against it (FreezeLookup.lastLiftedAt).
 * - Exempt: NOEXPIRE, frozen, accounts with an open deletion case, and staff: an account [opers]
 *   gives a class never degrades or expires, so that its name and privileges cannot pass to a
 *   stranger (shared/DESIGN.md §5; see isExempt).
 *
 * "Seen" is last_seen_at: set at login (logins.ts) and refreshed here, at most once per hour,
 * for accounts with logged-in users (refreshSeen), so long-connected users never expire; a clean
 * shutdown writes it for every logged-in user (recordSessionsSeen).
 *
 * Every due query walks a partial index of migration 0008 (keyset pagination on
 * (last_seen_at, rowid)); each batch runs in its own transaction. The loop that drives this is
 * src/loops/account-expiry.ts.
 */
import type { Database } from "../../db/connection.js";
import { errorMessage } from "../../util/logger.js";
import type { AccountContext } from "./context.js";
import { expiryQueryPlans, prepareExpiryQueries, type ExpiryQueries } from "./expiry-queries.js";
import { degradedName } from "./names.js";
import type { StaffClass } from "../staff-directory.js";
import type { Account } from "./store.js";

export interface ExpiryDeps extends Pick<AccountContext, "store" | "sessions" | "audit" | "config" | "log" | "mail" | "events" | "freezes" | "staff"> {
  /** Drops an account (AccountService.drop): nicks, codes and marks go; sessions end; `dropped` fires. */
  drop(accountId: string, reason: string, actor: string): boolean;
}

/** The breaker's name for this loop (OperServ BREAKER CONFIRM account-expiry). */
export const EXPIRY_LOOP = "account-expiry";

/** How often a logged-in account's last_seen_at is refreshed. */
export const SEEN_REFRESH_MS = 3_600_000;

export type ExpiryKind = "expire" | "degrade" | "warn";

/** What is due now, by kind; the three sets do not overlap (see cutoffs). */
export interface DueCounts {
  expire: number;
  degrade: number;
  warn: number;
  total: number;
}

export interface Cutoffs {
  /** Accounts last seen at or before this are dropped (null: account_expire = 0, never). */
  expire: number | null;
  /** ...at or before this (and after `expire`) lose their nicks. */
  degrade: number;
  /** ...at or before this (and after `degrade`) get the warning mail. */
  warn: number;
}

/** A position in the (last_seen_at, rowid) order of a due query. */
export interface Cursor {
  lastSeenAt: number;
  rowid: number;
}

export interface BatchResult {
  /** Rows the batch read from the index (0: the kind is done). */
  scanned: number;
  /** Accounts warned, degraded or dropped. */
  changed: number;
  /** Accounts skipped: exempt (open deletion case) or logged in right now. */
  exempt: number;
  /** Accounts whose drop a non-cascading reference refused (account expiry only). */
  blocked: number;
  /** Where the next batch starts, or null when this one was the last. */
  next: Cursor | null;
}

export interface UpcomingEntry {
  accountId: string;
  name: string;
  event: "degrade" | "expire";
  at: number;
}

/** A staff account that would be due but never expires, and the [opers] entry that makes it staff. */
export interface ExemptStaffEntry extends UpcomingEntry {
  staff: StaffClass;
}

export interface ExpiryOptions {
  /**
   * True when the account has an open deletion case; such accounts are exempt. createDomain plugs
   * in the deletion domain's check; without one, no account is in a case.
   */
  hasOpenDeletionCase?: (accountId: string) => boolean;
}

const DAY_MS = 86_400_000;

export class AccountExpiry {
  /** Pluggable: see ExpiryOptions.hasOpenDeletionCase. */
  hasOpenDeletionCase: (accountId: string) => boolean;

  /** The accounts database (the loop moves WAL checkpoints off the event loop for large runs). */
  readonly db: Database;
  private lastRefreshAt = Number.NEGATIVE_INFINITY;

  private readonly q: ExpiryQueries;

  constructor(
    private readonly deps: ExpiryDeps,
    options: ExpiryOptions = {},
  ) {
    this.db = deps.store.db;
    this.hasOpenDeletionCase = options.hasOpenDeletionCase ?? (() => false);
    this.q = prepareExpiryQueries(this.db);
  }

  /** EXPLAIN QUERY PLAN of the due queries, by name (tests and the benchmark check index use). */
  queryPlans(): Record<string, string> {
    return expiryQueryPlans(this.db, this.q);
  }

  private get settings() {
    return this.deps.config.nickserv;
  }

  /**
   * Exempt from degradation and expiry: staff set NOEXPIRE, the account is frozen, it has an open
   * deletion case (hasOpenDeletionCase), or it is staff
   * ([opers] gives it a class). The SQL of the due queries already leaves out noexpire and frozen
   * rows; the other checks run per row.
   */
  isExempt(account: Pick<Account, "id" | "name" | "noexpire" | "frozen">): boolean {
    return account.noexpire || account.frozen || this.deps.staff.classOf(account) !== undefined || this.hasOpenDeletionCase(account.id);
  }

  cutoffs(now: number): Cutoffs {
    const s = this.settings;
    return {
      expire: s.account_expire > 0 ? now - s.account_expire : null,
      degrade: now - s.nick_expire,
      warn: now - (s.nick_expire - s.nick_expire_warning),
    };
  }

  /** When the account's absence counts from: its last seen, or its latest unfreeze when that came later. */
  absentSince(account: Pick<Account, "id" | "lastSeenAt">): number {
    const lifted = this.deps.freezes.lastLiftedAt(account.id);
    return lifted !== null && lifted > account.lastSeenAt ? lifted : account.lastSeenAt;
  }

  /** When the account's nicks expire and when the account expires, from its last seen (null: never / n/a). */
  deadlines(account: Account): { degradeAt: number | null; expireAt: number | null } {
    const s = this.settings;
    if (account.status !== "active" || this.isExempt(account)) return { degradeAt: null, expireAt: null };
    const since = this.absentSince(account);
    return {
      degradeAt: account.degradedAt === null ? since + s.nick_expire : null,
      expireAt: s.account_expire > 0 ? since + s.account_expire : null,
    };
  }

  /** Counts of due rows, each an indexed COUNT (for the loop's breaker). */
  countDue(now: number): DueCounts {
    const c = this.cutoffs(now);
    const expireBy = c.expire ?? Number.MIN_SAFE_INTEGER;
    const expire = c.expire === null ? 0 : (this.q.countExpire.get({ expireBy })?.n ?? 0);
    const degrade = this.q.countDegrade.get({ expireBy, degradeBy: c.degrade })?.n ?? 0;
    const warn = this.q.countWarn.get({ degradeBy: c.degrade, warnBy: c.warn })?.n ?? 0;
    return { expire, degrade, warn, total: expire + degrade + warn };
  }

  /**
   * Processes up to `limit` due accounts of one kind, after `cursor`, in one transaction.
   * Side effects on the network (ircd metadata, events) happen after the commit.
   */
  processBatch(kind: ExpiryKind, now: number, cursor: Cursor | null, limit: number): BatchResult {
    const c = this.cutoffs(now);
    if (kind === "expire" && c.expire === null) return { scanned: 0, changed: 0, exempt: 0, blocked: 0, next: null };
    const expireBy = c.expire ?? Number.MIN_SAFE_INTEGER;
    const after = { afterSeen: cursor?.lastSeenAt ?? Number.MIN_SAFE_INTEGER, afterRowid: cursor?.rowid ?? Number.MIN_SAFE_INTEGER, limit };
    const afterCommit: (() => void)[] = [];
    const result = this.db.transaction((): BatchResult => {
      const rows =
        kind === "expire"
          ? this.q.dueExpire.all({ expireBy, ...after })
          : kind === "degrade"
            ? this.q.dueDegrade.all({ expireBy, degradeBy: c.degrade, ...after })
            : this.q.dueWarn.all({ degradeBy: c.degrade, warnBy: c.warn, ...after });
      let changed = 0;
      let exempt = 0;
      let blocked = 0;
      let online = 0;
      const cutoff = kind === "expire" ? expireBy : kind === "degrade" ? c.degrade : c.warn;
      for (const row of rows) {
        const account = this.deps.store.byId(row.id);
        if (!account) continue;
        // Exempt, or unfrozen since the cutoff: not due yet (see absentSince).
        if (this.isExempt(account) || this.absentSince(account) > cutoff) {
          exempt++;
          continue;
        }
        if (this.deps.sessions.uidsOf(account.id).length > 0) {
          // Logged in right now: seen, whatever the last refresh said.
          this.q.refreshSeen.run(now, account.id, now);
          online++;
          continue;
        }
        if (kind === "expire") {
          // A savepoint per account: a foreign key that still holds the account (e.g. a channel
          // whose founder column does not cascade) blocks that one only.
          try {
            afterCommit.push(this.db.transaction(() => this.expireInTransaction(account, now))());
          } catch (error) {
            blocked++;
            this.deps.log.warn(
              { account: account.id, err: errorMessage(error) },
              "account expiry blocked by rows that still refer to the account",
            );
            continue;
          }
        } else if (kind === "degrade") afterCommit.push(this.degradeInTransaction(account, now));
        else this.warnInTransaction(account, now);
        changed++;
      }
      const last = rows[rows.length - 1];
      return { scanned: rows.length, changed, exempt: exempt + online, blocked, next: last && rows.length === limit ? { lastSeenAt: last.last_seen_at, rowid: last.rowid } : null };
    })();
    for (const effect of afterCommit) effect();
    return result;
  }

  /** Degrades the account now: nicks freed (and recorded), renamed `<eid>-<name>`, mail if allowed. */
  degrade(account: Account, now: number): Account {
    const effect = this.db.transaction(() => this.degradeInTransaction(account, now))();
    effect();
    return this.deps.store.byId(account.id) as Account;
  }

  /** The nicks the account lost at degradation, oldest first. */
  expiredNicks(accountId: string): { nick: string; registeredAt: number | null; expiredAt: number }[] {
    return this.q.expiredNicks.all(accountId).map((r) => ({ nick: r.nick, registeredAt: r.registered_at, expiredAt: r.expired_at }));
  }

  /**
   * Refreshes last_seen_at of accounts with logged-in users, at most once per SEEN_REFRESH_MS per
   * account (the UPDATE only touches rows older than that). Runs at most once per SEEN_REFRESH_MS
   * unless `force`. Returns the rows updated.
   */
  async refreshSeen(now: number, options: { force?: boolean; batch?: number; pause?: () => Promise<void> } = {}): Promise<number> {
    if (!options.force && now - this.lastRefreshAt < SEEN_REFRESH_MS) return 0;
    this.lastRefreshAt = now;
    // Every session counts, however it began (IDENTIFY, SASL, restored from a burst...).
    const ids = this.deps.sessions.accountIds();
    const batch = options.batch ?? 500;
    const staleBefore = now - SEEN_REFRESH_MS;
    let updated = 0;
    const update = this.db.transaction((chunk: string[]) => {
      let n = 0;
      for (const id of chunk) n += this.q.refreshSeen.run(now, id, staleBefore).changes;
      return n;
    });
    for (let i = 0; i < ids.length; i += batch) {
      if (i > 0 && options.pause) await options.pause();
      updated += update(ids.slice(i, i + batch));
    }
    return updated;
  }

  /**
   * Writes "seen now" for every account with a logged-in user, in one transaction: a clean
   * shutdown calls it, so that a planned restart loses nothing of a session (up to an hour
   * would otherwise be missing since the last refresh). Returns the rows updated.
   */
  recordSessionsSeen(now: number): number {
    const ids = this.deps.sessions.accountIds();
    return this.db.transaction(() => {
      let n = 0;
      for (const id of ids) n += this.q.refreshSeen.run(now, id, now).changes;
      return n;
    })();
  }

  /**
   * Accounts whose nicks expire or which expire within `withinMs` of `now` (overdue ones too),
   * soonest first, without exempt ones: the first `limit` entries and the total. Staff accounts
   * that would be among them come apart, in `staff`, with the [opers] entry that exempts them.
   */
  upcoming(now: number, withinMs: number, limit: number): { total: number; entries: UpcomingEntry[]; staff: ExemptStaffEntry[] } {
    const s = this.settings;
    const rows = this.q.upcoming.iterate({
      degradeBy: now + withinMs - s.nick_expire,
      expireBy: s.account_expire > 0 ? now + withinMs - s.account_expire : Number.MIN_SAFE_INTEGER,
      nickExpire: s.nick_expire,
      accountExpire: s.account_expire,
    });
    const entries: UpcomingEntry[] = [];
    const staff: ExemptStaffEntry[] = [];
    let total = 0;
    for (const row of rows) {
      if (this.hasOpenDeletionCase(row.id)) continue;
      // An account unfrozen since its last seen counts from the unfreeze (see absentSince).
      const lifted = this.deps.freezes.lastLiftedAt(row.id);
      const at = lifted === null ? row.at : Math.max(row.at, lifted + (row.event === "degrade" ? s.nick_expire : s.account_expire));
      if (at > now + withinMs) continue;
      const staffClass = this.deps.staff.classOf({ id: row.id, name: row.name });
      if (staffClass) {
        // The query gives an account once per event; staff are listed once, at their first.
        if (!staff.some((e) => e.accountId === row.id)) staff.push({ accountId: row.id, name: row.name, event: row.event, at, staff: staffClass });
        continue;
      }
      total++;
      if (entries.length < limit) entries.push({ accountId: row.id, name: row.name, event: row.event, at });
    }
    return { total, entries, staff };
  }

  // ------------------------------------------------------------------------------------------
  // The changes themselves; each runs inside the caller's transaction and returns what must
  // happen after the commit.

  private warnInTransaction(account: Account, now: number): boolean {
    if (!account.expmail) return false;
    const s = this.settings;
    const at = account.lastSeenAt + s.nick_expire;
    const queued = this.mail("nick_expire_warning", account, {
      account: account.name,
      entityId: account.id,
      degradedName: degradedName(account.id, account.name),
      // The mail says the time left when it is sent, and the date (templates.ts).
      degradeAt: at,
    });
    this.q.setWarned.run(now, account.id);
    this.deps.audit.record({ actor: "system", action: "account.expiry_warned", target: account.id, details: { name: account.name, degradeAt: at, mailed: queued } });
    return queued;
  }

  private degradeInTransaction(account: Account, now: number): () => void {
    const { store, audit } = this.deps;
    const oldName = account.name;
    const newName = degradedName(account.id, oldName);
    const nicks = store.nicksOf(account.id);
    for (const nick of nicks) this.q.insertExpiredNick.run(account.id, nick.nick, nick.registeredAt, now);
    this.q.deleteNicks.run(account.id);
    store.rename(account.id, newName);
    this.q.setDegraded.run(oldName, now, account.id);
    audit.record({
      actor: "system",
      action: "account.degraded",
      target: account.id,
      details: { name: oldName, newName, nicks: nicks.map((n) => n.nick), lastSeenAt: account.lastSeenAt },
    });
    if (account.expmail) this.mail("nick_expired", account, { account: oldName, entityId: account.id, degradedName: newName });
    const updated: Account = { ...account, name: newName, originalName: oldName, degradedAt: now };
    return () => {
      this.deps.log.info({ account: account.id, name: oldName, newName, nicks: nicks.length }, "account degraded (nicks expired)");
      // Logged-in users (normally none: online accounts are kept seen) get the new name on the
      // ircd from the wiring's `renamed` listener (src/wiring/accounts-network.ts).
      this.deps.events.emit("renamed", updated, oldName);
    };
  }

  /**
   * Account expiry drops the account with ExpiryDeps.drop (its nicks, codes, marks and expired
   * nicks cascade; sessions end; the `dropped` event fires), after an audit record of what it
   * was. It is not a deletion case: no tombstone, no scrub.
   */
  private expireInTransaction(account: Account, now: number): () => void {
    const { store, audit } = this.deps;
    audit.record({
      actor: "system",
      action: "account.expired",
      target: account.id,
      details: {
        name: account.name,
        originalName: account.originalName,
        nicks: store.nicksOf(account.id).map((n) => n.nick),
        expiredNicks: this.expiredNicks(account.id).map((n) => n.nick),
        lastSeenAt: account.lastSeenAt,
        unseenDays: Math.floor((now - account.lastSeenAt) / DAY_MS),
      },
    });
    // A foreign key that does not cascade throws here; the caller skips the account (blocked).
    this.deps.drop(account.id, "expired", "system");
    this.mailCancel(account.id);
    return () => {
      this.deps.log.info({ account: account.id, name: account.name }, "account expired and dropped");
    };
  }

  /** Takes back expiry mails still queued for the account. */
  private mailCancel(accountId: string): void {
    this.deps.mail.cancel(`expiry:${accountId}`);
  }

  /**
   * Queues a mail; returns whether it goes out. An address the rules refuse (imported, or stored
   * before them) is recorded undeliverable by the outbox; a failure to queue is a bug, and logged.
   */
  private mail(template: "nick_expire_warning" | "nick_expired", account: Account, data: Record<string, unknown>): boolean {
    const ns = this.deps.config.pseudoclients.nickserv.nick;
    try {
      // Bulk: one run may queue thousands; they must not hold back codes and registration mail.
      const queued = this.deps.mail.queue(template, account.email, { ...data, serviceNick: ns }, { ref: `expiry:${account.id}`, priority: "bulk" });
      return queued.undeliverable === null;
    } catch (error) {
      this.deps.log.error({ account: account.id, template, err: errorMessage(error) }, "could not queue expiry mail");
      return false;
    }
  }
}
