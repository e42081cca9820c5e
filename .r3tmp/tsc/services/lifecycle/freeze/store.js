/** A JSON column read back; a damaged value (a hand edit) reads as the fallback rather than failing every command. */
function parseJson(text, fallback) {
    if (text === null)
        return fallback;
    try {
        return JSON.parse(text);
    }
    catch {
        return fallback;
    }
}
/** A report's fields, for one a trigger wrote (it holds only a note) or a damaged one. */
const EMPTY_REPORT = { restored: [], skipped: [], resumed: [], ended: [], expired: false };
export class FreezeStore {
    db;
    q;
    constructor(db) {
        this.db = db;
        this.q = {
            insert: db.prepare(`INSERT INTO account_freezes (account_id, account_name, frozen_at, frozen_by, frozen_by_name, reason, expires_at, sessions)
         VALUES (@accountId, @accountName, @frozenAt, @frozenBy, @frozenByName, @reason, @expiresAt, @sessions)`),
            byId: db.prepare("SELECT * FROM account_freezes WHERE id = ?"),
            active: db.prepare("SELECT * FROM account_freezes WHERE account_id = ? AND lifted_at IS NULL"),
            latest: db.prepare("SELECT * FROM account_freezes WHERE account_id = ? ORDER BY frozen_at DESC, id DESC LIMIT 1"),
            lastLifted: db.prepare("SELECT max(lifted_at) AS t FROM account_freezes WHERE account_id = ?"),
            countFor: db.prepare("SELECT count(*) AS n FROM account_freezes WHERE account_id = ?"),
            listActive: db.prepare("SELECT * FROM account_freezes WHERE lifted_at IS NULL ORDER BY frozen_at, id LIMIT ?"),
            countActive: db.prepare("SELECT count(*) AS n FROM account_freezes WHERE lifted_at IS NULL"),
            due: db.prepare("SELECT * FROM account_freezes WHERE lifted_at IS NULL AND expires_at IS NOT NULL AND expires_at <= ? ORDER BY expires_at, id"),
            lift: db.prepare("UPDATE account_freezes SET lifted_at = ?, lifted_by = ?, lifted_by_name = ?, lift_report = ? WHERE id = ? AND lifted_at IS NULL"),
            saveAccess: db.prepare(`INSERT INTO account_freeze_access (freeze_id, channel_id, channel_name, level, added_by, added_at, last_seen_at)
         VALUES (@freezeId, @channelId, @channelName, @level, @addedBy, @addedAt, @lastSeenAt)`),
            accessOf: db.prepare("SELECT channel_id, channel_name, level, added_by, added_at, last_seen_at, outcome FROM account_freeze_access WHERE freeze_id = ? ORDER BY channel_name, channel_id"),
            accessOutcome: db.prepare("UPDATE account_freeze_access SET outcome = ? WHERE freeze_id = ? AND channel_id = ?"),
            saveChannel: db.prepare("INSERT INTO account_freeze_channels (freeze_id, channel_id, channel_name) VALUES (?, ?, ?)"),
            channelsOf: db.prepare("SELECT channel_id, channel_name, resumed_at, outcome FROM account_freeze_channels WHERE freeze_id = ? ORDER BY channel_name, channel_id"),
            channelEnded: db.prepare("UPDATE account_freeze_channels SET resumed_at = ?, outcome = 'channel-ended' WHERE freeze_id = ? AND channel_id = ? AND resumed_at IS NULL"),
            resume: db.prepare(`UPDATE account_freeze_channels SET resumed_at = @now, outcome = CASE WHEN freeze_id = @freezeId THEN 'resumed' ELSE 'resumed-by-other' END
         WHERE channel_id = @channelId AND resumed_at IS NULL`),
            suspended: db.prepare("SELECT 1 AS one FROM account_freeze_channels WHERE channel_id = ? AND resumed_at IS NULL LIMIT 1"),
            suspendedIds: db.prepare("SELECT DISTINCT channel_id FROM account_freeze_channels WHERE resumed_at IS NULL"),
            lastResumed: db.prepare("SELECT max(resumed_at) AS t FROM account_freeze_channels WHERE channel_id = ?"),
        };
    }
    // ---- freezes ----
    /** Stores a new freeze; the trigger of migration 0015 sets accounts.frozen in the same statement. */
    insert(freeze) {
        const info = this.q.insert.run({ ...freeze, sessions: JSON.stringify(freeze.sessions) });
        return Number(info.lastInsertRowid);
    }
    byId(id) {
        const row = this.q.byId.get(id);
        return row ? this.toRecord(row) : undefined;
    }
    /** The account's freeze that lasts now, if any. */
    activeFor(accountId) {
        const row = this.q.active.get(accountId);
        return row ? this.toRecord(row) : undefined;
    }
    /** The account's latest freeze, lasting or lifted. */
    latestFor(accountId) {
        const row = this.q.latest.get(accountId);
        return row ? this.toRecord(row) : undefined;
    }
    /** How many times the account was frozen. */
    countFor(accountId) {
        return this.q.countFor.get(accountId)?.n ?? 0;
    }
    /** Freezes that last now, oldest first (at most `limit`), and how many there are. */
    listActive(limit) {
        return { total: this.q.countActive.get()?.n ?? 0, records: this.q.listActive.all(limit).map((row) => this.toRecord(row)) };
    }
    /** Timed freezes whose end has come, soonest first. */
    due(now) {
        return this.q.due.all(now).map((row) => this.toRecord(row));
    }
    /** Ends a freeze with its report; the trigger clears accounts.frozen. False when it had ended already. */
    lift(id, now, by, report) {
        return this.q.lift.run(now, by.id, by.name, JSON.stringify(report), id).changes === 1;
    }
    // ---- what a freeze took ----
    saveAccess(freezeId, taken) {
        this.q.saveAccess.run({ freezeId, ...taken });
    }
    setAccessOutcome(freezeId, channelId, outcome) {
        this.q.accessOutcome.run(outcome, freezeId, channelId);
    }
    saveSuspension(freezeId, channel) {
        this.q.saveChannel.run(freezeId, channel.id, channel.name);
    }
    /** The suspension of a channel by this freeze ends because the registration ended meanwhile. */
    suspensionEnded(freezeId, channelId, now) {
        this.q.channelEnded.run(now, freezeId, channelId);
    }
    /** Every suspension of the channel ends (this freeze's as resumed, other freezes' as resumed by this one). */
    resumeChannel(channelId, freezeId, now) {
        this.q.resume.run({ channelId, freezeId, now });
    }
    // ---- the ports ----
    /** FreezeLookup: the account's active freeze as the accounts domain needs it. */
    active(accountId) {
        const row = this.q.active.get(accountId);
        return row ? { reason: row.reason, frozenAt: row.frozen_at, frozenByName: row.frozen_by_name, expiresAt: row.expires_at } : null;
    }
    /** FreezeLookup: when the account's latest freeze was lifted. */
    lastLiftedAt(accountId) {
        return this.q.lastLifted.get(accountId)?.t ?? null;
    }
    /** ChannelSuspensions: a freeze suspended the channel and it is not resumed yet. */
    isSuspended(channelId) {
        return this.q.suspended.get(channelId) !== undefined;
    }
    /** ChannelSuspensions: every suspended channel's id. */
    suspendedIds() {
        return new Set(this.q.suspendedIds.all().map((r) => r.channel_id));
    }
    /** ChannelSuspensions: when the channel was last resumed. */
    lastResumedAt(channelId) {
        return this.q.lastResumed.get(channelId)?.t ?? null;
    }
    toRecord(row) {
        return {
            id: row.id,
            accountId: row.account_id,
            accountName: row.account_name,
            frozenAt: row.frozen_at,
            frozenBy: row.frozen_by,
            frozenByName: row.frozen_by_name,
            reason: row.reason,
            expiresAt: row.expires_at,
            sessions: parseJson(row.sessions, []),
            liftedAt: row.lifted_at,
            liftedBy: row.lifted_by,
            liftedByName: row.lifted_by_name,
            liftReport: row.lift_report === null ? null : { ...EMPTY_REPORT, ...parseJson(row.lift_report, {}) },
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
//# sourceMappingURL=store.js.map