import { mapRow } from "../../db/rows.js";
import { foldName } from "../accounts/names.js";
import { LIVE_STATES, toAccess, toRecord } from "./records.js";
/** LIVE_STATES as an SQL list (constants, not input). */
const LIVE = `(${LIVE_STATES.map((state) => `'${state}'`).join(", ")})`;
const ACCESS_COLUMNS = "c.channel_id, c.account_id, a.name, a.status, c.level, c.added_by, c.added_at, c.last_seen_at";
/** Rows of channel registrations, access lists and notes. Synchronous; multi-row changes in transactions. */
export class ChannelStore {
    db;
    q;
    constructor(db) {
        this.db = db;
        this.q = {
            insertHeld: db.prepare(`INSERT INTO channels (name, name_key, state, email, email_canonical, requested_at, flag_reasons,
           reg_uid, reg_nick, reg_ident, reg_host, reg_ip, reg_account_id)
         VALUES (@name, @nameKey, @state, @email, @emailCanonical, @now, @flagReasons,
           @uid, @nick, @ident, @host, @ip, @accountId)`),
            byId: db.prepare("SELECT * FROM channels WHERE id = ?"),
            liveByKey: db.prepare(`SELECT * FROM channels WHERE name_key = ? AND state IN ${LIVE}`),
            accept: db.prepare(`UPDATE channels SET state = @state, owner_id = @ownerId, verify_via = @verifyVia, code_hash = @codeHash,
           account_created = @accountCreated, ts = coalesce(@ts, ts), registered_at = @now,
           verified_at = CASE WHEN @state = 'active' THEN @now ELSE NULL END
         WHERE id = @id`),
            setMail: db.prepare("UPDATE channels SET mail_id = ? WHERE id = ?"),
            setTs: db.prepare("UPDATE channels SET ts = ? WHERE id = ?"),
            activate: db.prepare("UPDATE channels SET state = 'active', verified_at = ?, code_hash = NULL WHERE id = ? AND state = 'unverified'"),
            decide: db.prepare("UPDATE channels SET decided_by = ?, decided_at = ? WHERE id = ?"),
            end: db.prepare(`UPDATE channels SET state = ?, ended_at = ?, end_reason = ?, code_hash = NULL WHERE id = ? AND state IN ${LIVE}`),
            establish: db.prepare("UPDATE channels SET established_at = ?, last_visit_at = ? WHERE id = ? AND established_at IS NULL"),
            visit: db.prepare("UPDATE channels SET last_visit_at = ? WHERE id = ?"),
            countForEmail: db.prepare(`SELECT count(*) AS total, coalesce(sum(state IN ('held', 'unverified')), 0) AS pending
         FROM channels WHERE email_canonical = ? AND state IN ${LIVE}`),
            pendingCount: db.prepare("SELECT count(*) AS n FROM channels WHERE state IN ('held', 'unverified')"),
            countInState: db.prepare("SELECT count(*) AS n FROM channels WHERE state = ?"),
            oldestPending: db.prepare("SELECT min(coalesce(registered_at, requested_at)) AS t FROM channels WHERE state IN ('held', 'unverified')"),
            inStates: db.prepare("SELECT * FROM channels WHERE state IN (SELECT value FROM json_each(?)) ORDER BY requested_at, id LIMIT ?"),
            unverifiedBefore: db.prepare("SELECT * FROM channels WHERE state = 'unverified' AND registered_at <= ? ORDER BY registered_at, id"),
            heldBefore: db.prepare("SELECT * FROM channels WHERE state = 'held' AND requested_at <= ? ORDER BY requested_at, id"),
            unestablishedBefore: db.prepare("SELECT * FROM channels WHERE state = 'active' AND established_at IS NULL AND registered_at <= ? ORDER BY registered_at, id"),
            inactiveBefore: db.prepare("SELECT * FROM channels WHERE state = 'active' AND established_at IS NOT NULL AND last_visit_at <= ? ORDER BY last_visit_at, id"),
            active: db.prepare("SELECT * FROM channels WHERE state = 'active' ORDER BY id"),
            joinable: db.prepare("SELECT * FROM channels WHERE state IN ('unverified', 'active') ORDER BY id"),
            ownedLive: db.prepare(`SELECT * FROM channels WHERE owner_id = ? AND state IN ${LIVE} ORDER BY id`),
            related: db.prepare(`SELECT * FROM channels WHERE id <> ?
           AND (reg_host = ? OR email_canonical = ? OR reg_account_id = ? OR owner_id = ?)
         ORDER BY requested_at DESC, id DESC LIMIT ?`),
            insertAccess: db.prepare("INSERT INTO channel_access (channel_id, account_id, level, added_by, added_at) VALUES (?, ?, ?, ?, ?)"),
            insertWholeAccess: db.prepare(`INSERT INTO channel_access (channel_id, account_id, level, added_by, added_at, last_seen_at)
         VALUES (@channelId, @accountId, @level, @addedBy, @addedAt, @lastSeenAt)`),
            liveAccessOf: db.prepare(`SELECT ${ACCESS_COLUMNS}, ch.name AS channel_name FROM channel_access c
           JOIN accounts a ON a.id = c.account_id JOIN channels ch ON ch.id = c.channel_id
         WHERE c.account_id = ? AND ch.state IN ${LIVE} ORDER BY ch.id`),
            setLevel: db.prepare("UPDATE channel_access SET level = ? WHERE channel_id = ? AND account_id = ?"),
            deleteAccess: db.prepare("DELETE FROM channel_access WHERE channel_id = ? AND account_id = ?"),
            clearAccess: db.prepare("DELETE FROM channel_access WHERE channel_id = ?"),
            accessOf: db.prepare(`SELECT ${ACCESS_COLUMNS} FROM channel_access c JOIN accounts a ON a.id = c.account_id
         WHERE c.channel_id = ? AND c.account_id = ?`),
            accessList: db.prepare(`SELECT ${ACCESS_COLUMNS} FROM channel_access c JOIN accounts a ON a.id = c.account_id
         WHERE c.channel_id = ? ORDER BY c.level DESC, a.name_key`),
            touchAccess: db.prepare("UPDATE channel_access SET last_seen_at = ? WHERE channel_id = ? AND account_id = ?"),
            accessForAccount: db.prepare(`SELECT ch.*, c.level FROM channel_access c JOIN channels ch ON ch.id = c.channel_id
         WHERE c.account_id = ? AND ch.state IN ${LIVE} ORDER BY ch.id`),
            accessCount: db.prepare("SELECT count(*) AS n FROM channel_access WHERE account_id = ?"),
            founderOf: db.prepare(`SELECT count(*) AS n FROM channels WHERE owner_id = ? AND state IN ${LIVE}`),
            otherAccess: db.prepare(`SELECT count(*) AS n FROM channel_access a JOIN channels c ON c.id = a.channel_id
         WHERE a.account_id = ? AND c.state IN ${LIVE} AND (c.owner_id IS NULL OR c.owner_id <> a.account_id)`),
            heldFor: db.prepare("SELECT * FROM channels WHERE state = 'held' AND (reg_account_id = ? OR owner_id = ?) ORDER BY id"),
            recordsOf: db.prepare("SELECT * FROM channels WHERE owner_id = ? OR reg_account_id = ? ORDER BY id"),
            grantedBy: db.prepare("SELECT count(*) AS n FROM channel_access WHERE added_by = ? AND account_id <> ?"),
            notesBy: db.prepare("SELECT count(*) AS n FROM channel_notes WHERE oper = ?"),
            transfer: db.prepare("UPDATE channels SET owner_id = @to, email = @email, email_canonical = @canonical WHERE id = @id AND owner_id = @from"),
            deleteAccessOf: db.prepare("DELETE FROM channel_access WHERE account_id = ?"),
            scrubRegistrant: db.prepare(`UPDATE channels SET reg_nick = @entityId, reg_ident = '', reg_host = '', reg_ip = '', reg_uid = ''
         WHERE reg_account_id = @entityId OR (reg_account_id IS NULL AND owner_id = @entityId)`),
            insertNote: db.prepare("INSERT INTO channel_notes (channel_id, at, oper, text) VALUES (?, ?, ?, ?)"),
            notes: db.prepare("SELECT id, at, oper, text FROM channel_notes WHERE channel_id = ? ORDER BY at, id"),
        };
    }
    transaction(fn) {
        return this.db.transaction(fn)();
    }
    // ---- registrations ----
    /** Stores a request as held (for review) or as the first step of an acceptance. */
    insertRequest(request, flagReasons) {
        const info = this.q.insertHeld.run({
            name: request.name,
            nameKey: foldName(request.name),
            state: "held",
            email: request.email,
            emailCanonical: request.emailCanonical,
            now: request.now,
            flagReasons: flagReasons ? JSON.stringify(flagReasons) : null,
            ...request.registrant,
        });
        return this.byId(Number(info.lastInsertRowid));
    }
    /** A held request becomes a registration (unverified or active). */
    accept(id, a) {
        this.q.accept.run({ id, ...a, accountCreated: a.accountCreated ? 1 : 0 });
    }
    setMail(id, mailId) {
        this.q.setMail.run(mailId, id);
    }
    setTs(id, ts) {
        this.q.setTs.run(ts, id);
    }
    activate(id, now) {
        return this.q.activate.run(now, id).changes === 1;
    }
    decide(id, oper, now) {
        this.q.decide.run(oper, now, id);
    }
    /** Ends a live registration and removes its access list. False when it was not live. */
    end(id, state, now, reason) {
        return this.transaction(() => {
            const changed = this.q.end.run(state, now, reason, id).changes === 1;
            if (changed)
                this.q.clearAccess.run(id);
            return changed;
        });
    }
    establish(id, now) {
        return this.q.establish.run(now, now, id).changes === 1;
    }
    visit(id, now) {
        this.q.visit.run(now, id);
    }
    byId(id) {
        return mapRow(this.q.byId.get(id), toRecord);
    }
    /** The live (held, unverified or active) registration of a channel name. */
    live(name) {
        return mapRow(this.q.liveByKey.get(foldName(name)), toRecord);
    }
    /** Live registrations with this canonical email: all of them, and those held or unverified. */
    countForEmail(canonical) {
        const row = this.q.countForEmail.get(canonical);
        return { total: row?.total ?? 0, pending: row?.pending ?? 0 };
    }
    /** Held plus unverified registrations. */
    pendingCount() {
        return this.q.pendingCount.get()?.n ?? 0;
    }
    /** Registrations in one state (e.g. held: waiting for an oper's review). */
    countInState(state) {
        return this.q.countInState.get(state)?.n ?? 0;
    }
    /** When the oldest held or unverified registration was made (accepted, or requested while held); null when none. */
    oldestPendingAt() {
        return this.q.oldestPending.get()?.t ?? null;
    }
    inStates(states, limit) {
        return this.q.inStates.all(JSON.stringify(states), limit).map(toRecord);
    }
    unverifiedBefore(t) {
        return this.q.unverifiedBefore.all(t).map(toRecord);
    }
    heldBefore(t) {
        return this.q.heldBefore.all(t).map(toRecord);
    }
    unestablishedBefore(t) {
        return this.q.unestablishedBefore.all(t).map(toRecord);
    }
    inactiveBefore(t) {
        return this.q.inactiveBefore.all(t).map(toRecord);
    }
    active() {
        return this.q.active.all().map(toRecord);
    }
    /** Channels X2 sits in: unverified and active ones. */
    joinable() {
        return this.q.joinable.all().map(toRecord);
    }
    ownedLive(accountId) {
        return this.q.ownedLive.all(accountId).map(toRecord);
    }
    /** Other requests by the same host, email or account, newest first. */
    related(c, limit = 10) {
        const account = c.registrant.accountId ?? c.ownerId;
        return this.q.related.all(c.id, c.registrant.host, c.emailCanonical, account, account, limit).map(toRecord);
    }
    // ---- access ----
    addAccess(channelId, accountId, level, by, now) {
        this.q.insertAccess.run(channelId, accountId, level, by, now);
    }
    /** Puts back an access entry exactly as it was (a freeze removed it; UNFREEZE restores it). */
    addWholeAccess(entry) {
        this.q.insertWholeAccess.run(entry);
    }
    /** The account's access entries in live registrations, with the channel's name. */
    liveAccessOf(accountId) {
        return this.q.liveAccessOf.all(accountId).map((row) => ({ ...toAccess(row), channelName: row.channel_name }));
    }
    setLevel(channelId, accountId, level) {
        this.q.setLevel.run(level, channelId, accountId);
    }
    removeAccess(channelId, accountId) {
        return this.q.deleteAccess.run(channelId, accountId).changes === 1;
    }
    accessOf(channelId, accountId) {
        return mapRow(this.q.accessOf.get(channelId, accountId), toAccess);
    }
    accessList(channelId) {
        return this.q.accessList.all(channelId).map(toAccess);
    }
    touchAccess(channelId, accountId, now) {
        this.q.touchAccess.run(now, channelId, accountId);
    }
    /** Live channels where the account has access, with its level. */
    accessForAccount(accountId) {
        return this.q.accessForAccount.all(accountId).map((row) => ({ channel: toRecord(row), level: row.level }));
    }
    /** Live registrations the account founded, and live ones where it has other access. */
    accessCounts(accountId) {
        return { founder: this.q.founderOf.get(accountId)?.n ?? 0, other: this.q.otherAccess.get(accountId)?.n ?? 0 };
    }
    /** How many access entries the account has anywhere. */
    accessCount(accountId) {
        return this.q.accessCount.get(accountId)?.n ?? 0;
    }
    // ---- deletion cases (channels/succession.ts) ----
    /** Requests held for review that the account made or would own. */
    heldFor(accountId) {
        return this.q.heldFor.all(accountId, accountId).map(toRecord);
    }
    /** Every registration, live or ended, the account owns or made. */
    recordsOf(accountId) {
        return this.q.recordsOf.all(accountId, accountId).map(toRecord);
    }
    /** Access entries the account gave others, and staff notes written under `operName`. */
    authoredBy(accountId, operName) {
        return { granted: this.q.grantedBy.get(accountId, accountId)?.n ?? 0, notes: this.q.notesBy.get(operName)?.n ?? 0 };
    }
    /** Hands a registration from one owner to another (and the successor's address becomes the channel's). False when the owner changed meanwhile. */
    transferOwner(id, from, to, email, canonical) {
        return this.q.transfer.run({ id, from, to, email, canonical }).changes === 1;
    }
    /** Removes every access entry of the account. Returns how many. */
    removeAllAccess(accountId) {
        return this.q.deleteAccessOf.run(accountId).changes;
    }
    /** Empties the connection details (nick, ident, host, IP, uid) of the registrations the account made. */
    scrubRegistrant(entityId) {
        return this.q.scrubRegistrant.run({ entityId }).changes;
    }
    // ---- notes ----
    addNote(channelId, oper, text, now) {
        this.q.insertNote.run(channelId, now, oper, text);
    }
    notes(channelId) {
        return this.q.notes.all(channelId);
    }
}
//# sourceMappingURL=store.js.map