/**
 * The freeze records (migration 0015): one row per freeze in account_freezes, the access entries
 * it took in account_freeze_access, the channels it suspended in account_freeze_channels.
 * Synchronous; the callers run multi-row changes in one transaction.
 *
 * The store also answers the two ports other domains read the records through: FreezeLookup
 * (accounts: the reason, the latest unfreeze) and ChannelSuspensions (channels: suspended or not,
 * the latest resumption).
 */
import type { Database } from "../../../db/connection.js";
import type { FreezeLookup, FreezeSummary } from "../../accounts/service.js";
import type { ChannelSuspensions, TakenAccess } from "../../channels/service.js";
import type { FreezeRecord, SavedAccess, SuspendedChannel, UnfreezeReport } from "./types.js";

interface FreezeRow {
  id: number;
  account_id: string;
  account_name: string;
  frozen_at: number;
  frozen_by: string;
  frozen_by_name: string;
  reason: string;
  expires_at: number | null;
  sessions: string;
  lifted_at: number | null;
  lifted_by: string | null;
  lifted_by_name: string | null;
  lift_report: string | null;
}

interface AccessRow {
  channel_id: number;
  channel_name: string;
  level: number;
  added_by: string;
  added_at: number;
  last_seen_at: number | null;
  outcome: SavedAccess["outcome"];
}

interface ChannelRow {
  channel_id: number;
  channel_name: string;
  resumed_at: number | null;
  outcome: SuspendedChannel["outcome"];
}

/** What FREEZE stores; the rest of a record starts empty. */
export type NewFreeze = Pick<FreezeRecord, "accountId" | "accountName" | "frozenAt" | "frozenBy" | "frozenByName" | "reason" | "expiresAt" | "sessions">;

/** A JSON column read back; a damaged value (a hand edit) reads as the fallback rather than failing every command. */
function parseJson<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    return fallback;
  }
}

/** A report's fields, for one a trigger wrote (it holds only a note) or a damaged one. */
const EMPTY_REPORT: UnfreezeReport = { restored: [], skipped: [], resumed: [], ended: [], expired: false };

export class FreezeStore implements FreezeLookup, ChannelSuspensions {
  private readonly q;

  constructor(readonly db: Database) {
    this.q = {
      insert: db.prepare(
        `INSERT INTO account_freezes (account_id, account_name, frozen_at, frozen_by, frozen_by_name, reason, expires_at, sessions)
         VALUES (@accountId, @accountName, @frozenAt, @frozenBy, @frozenByName, @reason, @expiresAt, @sessions)`,
      ),
      byId: db.prepare<[number], FreezeRow>("SELECT * FROM account_freezes WHERE id = ?"),
      active: db.prepare<[string], FreezeRow>("SELECT * FROM account_freezes WHERE account_id = ? AND lifted_at IS NULL"),
      latest: db.prepare<[string], FreezeRow>("SELECT * FROM account_freezes WHERE account_id = ? ORDER BY frozen_at DESC, id DESC LIMIT 1"),
      lastLifted: db.prepare<[string], { t: number | null }>("SELECT max(lifted_at) AS t FROM account_freezes WHERE account_id = ?"),
      countFor: db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM account_freezes WHERE account_id = ?"),
      listActive: db.prepare<[number], FreezeRow>("SELECT * FROM account_freezes WHERE lifted_at IS NULL ORDER BY frozen_at, id LIMIT ?"),
      countActive: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM account_freezes WHERE lifted_at IS NULL"),
      due: db.prepare<[number], FreezeRow>(
        "SELECT * FROM account_freezes WHERE lifted_at IS NULL AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at, id",
      ),
      lift: db.prepare(
        "UPDATE account_freezes SET lifted_at = ?, lifted_by = ?, lifted_by_name = ?, lift_report = ? WHERE id = ? AND lifted_at IS NULL",
      ),
      saveAccess: db.prepare(
        `INSERT INTO account_freeze_access (freeze_id, channel_id, channel_name, level, added_by, added_at, last_seen_at)
         VALUES (@freezeId, @channelId, @channelName, @level, @addedBy, @addedAt, @lastSeenAt)`,
      ),
      accessOf: db.prepare<[number], AccessRow>(
        "SELECT channel_id, channel_name, level, added_by, added_at, last_seen_at, outcome FROM account_freeze_access WHERE freeze_id = ? ORDER BY channel_name, channel_id",
      ),
      accessOutcome: db.prepare("UPDATE account_freeze_access SET outcome = ? WHERE freeze_id = ? AND channel_id = ?"),
      saveChannel: db.prepare("INSERT INTO account_freeze_channels (freeze_id, channel_id, channel_name) VALUES (?, ?, ?)"),
      channelsOf: db.prepare<[number], ChannelRow>(
        "SELECT channel_id, channel_name, resumed_at, outcome FROM account_freeze_channels WHERE freeze_id = ? ORDER BY channel_name, channel_id",
      ),
      channelEnded: db.prepare("UPDATE account_freeze_channels SET resumed_at = ?, outcome = 'channel-ended' WHERE freeze_id = ? AND channel_id = ? AND resumed_at IS NULL"),
      resume: db.prepare(
        `UPDATE account_freeze_channels SET resumed_at = @now, outcome = CASE WHEN freeze_id = @freezeId THEN 'resumed' ELSE 'resumed-by-other' END
         WHERE channel_id = @channelId AND resumed_at IS NULL`,
      ),
      suspended: db.prepare<[number], { one: number }>("SELECT 1 AS one FROM account_freeze_channels WHERE channel_id = ? AND resumed_at IS NULL LIMIT 1"),
      suspendedIds: db.prepare<[], { channel_id: number }>("SELECT DISTINCT channel_id FROM account_freeze_channels WHERE resumed_at IS NULL"),
      lastResumed: db.prepare<[number], { t: number | null }>("SELECT max(resumed_at) AS t FROM account_freeze_channels WHERE channel_id = ?"),
    };
  }

  // ---- freezes ----

  /** Stores a new freeze; the trigger of migration 0015 sets accounts.frozen in the same statement. */
  insert(freeze: NewFreeze): number {
    const info = this.q.insert.run({ ...freeze, sessions: JSON.stringify(freeze.sessions) });
    return Number(info.lastInsertRowid);
  }

  byId(id: number): FreezeRecord | undefined {
    const row = this.q.byId.get(id);
    return row ? this.toRecord(row) : undefined;
  }

  /** The account's freeze that lasts now, if any. */
  activeFor(accountId: string): FreezeRecord | undefined {
    const row = this.q.active.get(accountId);
    return row ? this.toRecord(row) : undefined;
  }

  /** The account's latest freeze, lasting or lifted. */
  latestFor(accountId: string): FreezeRecord | undefined {
    const row = this.q.latest.get(accountId);
    return row ? this.toRecord(row) : undefined;
  }

  /** How many times the account was frozen. */
  countFor(accountId: string): number {
    return this.q.countFor.get(accountId)?.n ?? 0;
  }

  /** Freezes that last now, oldest first (at most `limit`), and how many there are. */
  listActive(limit: number): { total: number; records: FreezeRecord[] } {
    return { total: this.countActive(), records: this.q.listActive.all(limit).map((row) => this.toRecord(row)) };
  }

  countActive(): number {
    return this.q.countActive.get()?.n ?? 0;
  }

  /** Timed freezes whose end has come, soonest first. */
  due(now: number): FreezeRecord[] {
    return this.q.due.all(now).map((row) => this.toRecord(row));
  }

  /** Ends a freeze with its report; the trigger clears accounts.frozen. False when it had ended already. */
  lift(id: number, now: number, by: { id: string; name: string }, report: UnfreezeReport): boolean {
    return this.q.lift.run(now, by.id, by.name, JSON.stringify(report), id).changes === 1;
  }

  // ---- what a freeze took ----

  saveAccess(freezeId: number, taken: TakenAccess): void {
    this.q.saveAccess.run({ freezeId, ...taken });
  }

  setAccessOutcome(freezeId: number, channelId: number, outcome: NonNullable<SavedAccess["outcome"]>): void {
    this.q.accessOutcome.run(outcome, freezeId, channelId);
  }

  saveSuspension(freezeId: number, channel: { id: number; name: string }): void {
    this.q.saveChannel.run(freezeId, channel.id, channel.name);
  }

  /** The suspension of a channel by this freeze ends because the registration ended meanwhile. */
  suspensionEnded(freezeId: number, channelId: number, now: number): void {
    this.q.channelEnded.run(now, freezeId, channelId);
  }

  /** Every suspension of the channel ends (this freeze's as resumed, other freezes' as resumed by this one). */
  resumeChannel(channelId: number, freezeId: number, now: number): void {
    this.q.resume.run({ channelId, freezeId, now });
  }

  // ---- the ports ----

  /** FreezeLookup: the account's active freeze as the accounts domain needs it. */
  active(accountId: string): FreezeSummary | null {
    const row = this.q.active.get(accountId);
    return row ? { reason: row.reason, frozenAt: row.frozen_at, frozenByName: row.frozen_by_name, expiresAt: row.expires_at } : null;
  }

  /** FreezeLookup: when the account's latest freeze was lifted. */
  lastLiftedAt(accountId: string): number | null {
    return this.q.lastLifted.get(accountId)?.t ?? null;
  }

  /** ChannelSuspensions: a freeze suspended the channel and it is not resumed yet. */
  isSuspended(channelId: number): boolean {
    return this.q.suspended.get(channelId) !== undefined;
  }

  /** ChannelSuspensions: every suspended channel's id. */
  suspendedIds(): ReadonlySet<number> {
    return new Set(this.q.suspendedIds.all().map((r) => r.channel_id));
  }

  /** ChannelSuspensions: when the channel was last resumed. */
  lastResumedAt(channelId: number): number | null {
    return this.q.lastResumed.get(channelId)?.t ?? null;
  }

  private toRecord(row: FreezeRow): FreezeRecord {
    return {
      id: row.id,
      accountId: row.account_id,
      accountName: row.account_name,
      frozenAt: row.frozen_at,
      frozenBy: row.frozen_by,
      frozenByName: row.frozen_by_name,
      reason: row.reason,
      expiresAt: row.expires_at,
      sessions: parseJson<string[]>(row.sessions, []),
      liftedAt: row.lifted_at,
      liftedBy: row.lifted_by,
      liftedByName: row.lifted_by_name,
      liftReport: row.lift_report === null ? null : { ...EMPTY_REPORT, ...parseJson<Partial<UnfreezeReport>>(row.lift_report, {}) },
      access: this.q.accessOf.all(row.id).map((a) => ({
        channelId: a.channel_id,
        channelName: a.channel_name,
        level: a.level,
        addedBy: a.added_by,
        addedAt: a.added_at,
        lastSeenAt: a.last_seen_at,
        outcome: a.outcome,
      })),
      channels: this.q.channelsOf.all(row.id).map((c) => ({ channelId: c.channel_id, channelName: c.channel_name, resumedAt: c.resumed_at, outcome: c.outcome })),
    };
  }
}
