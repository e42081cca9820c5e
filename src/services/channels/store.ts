import type { Database } from "../../db/connection.js";
import { mapRow } from "../../db/rows.js";
import { foldName } from "../accounts/names.js";
import { LIVE_STATES, toAccess, toRecord } from "./records.js";
import type {
  AccessEntry, AccessRow, Acceptance, ChannelNote, ChannelRecord, ChannelRow, ChannelState, EndState, NewRequest,
} from "./records.js";

/** LIVE_STATES as an SQL list (constants, not input). */
const LIVE = `(${LIVE_STATES.map((state) => `'${state}'`).join(", ")})`;
const ACCESS_COLUMNS =
  "c.channel_id, c.account_id, a.name, a.status, c.level, c.added_by, c.added_at, c.last_seen_at";

/** Rows of channel registrations, access lists and notes. Synchronous; multi-row changes in transactions. */
export class ChannelStore {
  private readonly q;

  constructor(readonly db: Database) {
    this.q = {
      insertHeld: db.prepare(
        `INSERT INTO channels (name, name_key, state, email, email_canonical, requested_at, flag_reasons,
           reg_uid, reg_nick, reg_ident, reg_host, reg_ip, reg_account_id)
         VALUES (@name, @nameKey, @state, @email, @emailCanonical, @now, @flagReasons,
           @uid, @nick, @ident, @host, @ip, @accountId)`,
      ),
      byId: db.prepare<[number], ChannelRow>("SELECT * FROM channels WHERE id = ?"),
      liveByKey: db.prepare<[string], ChannelRow>(`SELECT * FROM channels WHERE name_key = ? AND state IN ${LIVE}`),
      accept: db.prepare(
        `UPDATE channels SET state = @state, owner_id = @ownerId, verify_via = @verifyVia, code_hash = @codeHash,
           account_created = @accountCreated, ts = coalesce(@ts, ts), registered_at = @now,
           verified_at = CASE WHEN @state = 'active' THEN @now ELSE NULL END
         WHERE id = @id`,
      ),
      setMail: db.prepare("UPDATE channels SET mail_id = ? WHERE id = ?"),
      setTs: db.prepare("UPDATE channels SET ts = ? WHERE id = ?"),
      activate: db.prepare(
        "UPDATE channels SET state = 'active', verified_at = ?, code_hash = NULL WHERE id = ? AND state = 'unverified'",
      ),
      decide: db.prepare("UPDATE channels SET decided_by = ?, decided_at = ? WHERE id = ?"),
      end: db.prepare(
        `UPDATE channels SET state = ?, ended_at = ?, end_reason = ?, code_hash = NULL WHERE id = ? AND state IN ${LIVE}`,
      ),
      establish: db.prepare("UPDATE channels SET established_at = ?, last_visit_at = ? WHERE id = ? AND established_at IS NULL"),
      visit: db.prepare("UPDATE channels SET last_visit_at = ? WHERE id = ?"),
      countForEmail: db.prepare<[string], { total: number; pending: number }>(
        `SELECT count(*) AS total, coalesce(sum(state IN ('held', 'unverified')), 0) AS pending
         FROM channels WHERE email_canonical = ? AND state IN ${LIVE}`,
      ),
      pendingCount: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM channels WHERE state IN ('held', 'unverified')"),
      countInState: db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM channels WHERE state = ?"),
      oldestPending: db.prepare<[], { t: number | null }>(
        "SELECT min(coalesce(registered_at, requested_at)) AS t FROM channels WHERE state IN ('held', 'unverified')",
      ),
      inStates: db.prepare<[string, number], ChannelRow>(
        "SELECT * FROM channels WHERE state IN (SELECT value FROM json_each(?)) ORDER BY requested_at, id LIMIT ?",
      ),
      unverifiedBefore: db.prepare<[number], ChannelRow>(
        "SELECT * FROM channels WHERE state = 'unverified' AND registered_at <= ? ORDER BY registered_at, id",
      ),
      heldBefore: db.prepare<[number], ChannelRow>(
        "SELECT * FROM channels WHERE state = 'held' AND requested_at <= ? ORDER BY requested_at, id",
      ),
      unestablishedBefore: db.prepare<[number], ChannelRow>(
        "SELECT * FROM channels WHERE state = 'active' AND established_at IS NULL AND registered_at <= ? ORDER BY registered_at, id",
      ),
      inactiveBefore: db.prepare<[number], ChannelRow>(
        "SELECT * FROM channels WHERE state = 'active' AND established_at IS NOT NULL AND last_visit_at <= ? ORDER BY last_visit_at, id",
      ),
      active: db.prepare<[], ChannelRow>("SELECT * FROM channels WHERE state = 'active' ORDER BY id"),
      joinable: db.prepare<[], ChannelRow>("SELECT * FROM channels WHERE state IN ('unverified', 'active') ORDER BY id"),
      ownedLive: db.prepare<[string], ChannelRow>(`SELECT * FROM channels WHERE owner_id = ? AND state IN ${LIVE} ORDER BY id`),
      related: db.prepare<[number, string, string, string | null, string | null, number], ChannelRow>(
        `SELECT * FROM channels WHERE id <> ?
           AND (reg_host = ? OR email_canonical = ? OR reg_account_id = ? OR owner_id = ?)
         ORDER BY requested_at DESC, id DESC LIMIT ?`,
      ),
      insertAccess: db.prepare(
        "INSERT INTO channel_access (channel_id, account_id, level, added_by, added_at) VALUES (?, ?, ?, ?, ?)",
      ),
      insertWholeAccess: db.prepare(
        `INSERT INTO channel_access (channel_id, account_id, level, added_by, added_at, last_seen_at)
         VALUES (@channelId, @accountId, @level, @addedBy, @addedAt, @lastSeenAt)`,
      ),
      liveAccessOf: db.prepare<[string], AccessRow & { channel_name: string }>(
        `SELECT ${ACCESS_COLUMNS}, ch.name AS channel_name FROM channel_access c
           JOIN accounts a ON a.id = c.account_id JOIN channels ch ON ch.id = c.channel_id
         WHERE c.account_id = ? AND ch.state IN ${LIVE} ORDER BY ch.id`,
      ),
      setLevel: db.prepare("UPDATE channel_access SET level = ? WHERE channel_id = ? AND account_id = ?"),
      deleteAccess: db.prepare("DELETE FROM channel_access WHERE channel_id = ? AND account_id = ?"),
      clearAccess: db.prepare("DELETE FROM channel_access WHERE channel_id = ?"),
      accessOf: db.prepare<[number, string], AccessRow>(
        `SELECT ${ACCESS_COLUMNS} FROM channel_access c JOIN accounts a ON a.id = c.account_id
         WHERE c.channel_id = ? AND c.account_id = ?`,
      ),
      accessList: db.prepare<[number], AccessRow>(
        `SELECT ${ACCESS_COLUMNS} FROM channel_access c JOIN accounts a ON a.id = c.account_id
         WHERE c.channel_id = ? ORDER BY c.level DESC, a.name_key`,
      ),
      touchAccess: db.prepare("UPDATE channel_access SET last_seen_at = ? WHERE channel_id = ? AND account_id = ?"),
      accessForAccount: db.prepare<[string], ChannelRow & { level: number }>(
        `SELECT ch.*, c.level FROM channel_access c JOIN channels ch ON ch.id = c.channel_id
         WHERE c.account_id = ? AND ch.state IN ${LIVE} ORDER BY ch.id`,
      ),
      accessCount: db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM channel_access WHERE account_id = ?"),
      founderOf: db.prepare<[string], { n: number }>(`SELECT count(*) AS n FROM channels WHERE owner_id = ? AND state IN ${LIVE}`),
      otherAccess: db.prepare<[string], { n: number }>(
        `SELECT count(*) AS n FROM channel_access a JOIN channels c ON c.id = a.channel_id
         WHERE a.account_id = ? AND c.state IN ${LIVE} AND (c.owner_id IS NULL OR c.owner_id <> a.account_id)`,
      ),
      heldFor: db.prepare<[string, string], ChannelRow>(
        "SELECT * FROM channels WHERE state = 'held' AND (reg_account_id = ? OR owner_id = ?) ORDER BY id",
      ),
      recordsOf: db.prepare<[string, string], ChannelRow>(
        "SELECT * FROM channels WHERE owner_id = ? OR reg_account_id = ? ORDER BY id",
      ),
      grantedBy: db.prepare<[string, string], { n: number }>(
        "SELECT count(*) AS n FROM channel_access WHERE added_by = ? AND account_id <> ?",
      ),
      notesBy: db.prepare<[string], { n: number }>("SELECT count(*) AS n FROM channel_notes WHERE oper = ?"),
      transfer: db.prepare("UPDATE channels SET owner_id = @to, email = @email, email_canonical = @canonical WHERE id = @id AND owner_id = @from"),
      deleteAccessOf: db.prepare<[string]>("DELETE FROM channel_access WHERE account_id = ?"),
      scrubRegistrant: db.prepare(
        `UPDATE channels SET reg_nick = @entityId, reg_ident = '', reg_host = '', reg_ip = '', reg_uid = ''
         WHERE reg_account_id = @entityId OR (reg_account_id IS NULL AND owner_id = @entityId)`,
      ),
      insertNote: db.prepare("INSERT INTO channel_notes (channel_id, at, oper, text) VALUES (?, ?, ?, ?)"),
      notes: db.prepare<[number], ChannelNote>("SELECT id, at, oper, text FROM channel_notes WHERE channel_id = ? ORDER BY at, id"),
    };
  }

  transaction<R>(fn: () => R): R {
    return this.db.transaction(fn)();
  }

  // ---- registrations ----

  /** Stores a request as held (for review) or as the first step of an acceptance. */
  insertRequest(request: NewRequest, flagReasons: string[] | null): ChannelRecord {
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
    return this.byId(Number(info.lastInsertRowid)) as ChannelRecord;
  }

  /** A held request becomes a registration (unverified or active). */
  accept(id: number, a: Acceptance): void {
    this.q.accept.run({ id, ...a, accountCreated: a.accountCreated ? 1 : 0 });
  }

  setMail(id: number, mailId: number): void {
    this.q.setMail.run(mailId, id);
  }

  setTs(id: number, ts: number): void {
    this.q.setTs.run(ts, id);
  }

  activate(id: number, now: number): boolean {
    return this.q.activate.run(now, id).changes === 1;
  }

  decide(id: number, oper: string, now: number): void {
    this.q.decide.run(oper, now, id);
  }

  /** Ends a live registration and removes its access list. False when it was not live. */
  end(id: number, state: EndState, now: number, reason: string): boolean {
    return this.transaction(() => {
      const changed = this.q.end.run(state, now, reason, id).changes === 1;
      if (changed) this.q.clearAccess.run(id);
      return changed;
    });
  }

  establish(id: number, now: number): boolean {
    return this.q.establish.run(now, now, id).changes === 1;
  }

  visit(id: number, now: number): void {
    this.q.visit.run(now, id);
  }

  byId(id: number): ChannelRecord | undefined {
    return mapRow(this.q.byId.get(id), toRecord);
  }

  /** The live (held, unverified or active) registration of a channel name. */
  live(name: string): ChannelRecord | undefined {
    return mapRow(this.q.liveByKey.get(foldName(name)), toRecord);
  }

  /** Live registrations with this canonical email: all of them, and those held or unverified. */
  countForEmail(canonical: string): { total: number; pending: number } {
    const row = this.q.countForEmail.get(canonical);
    return { total: row?.total ?? 0, pending: row?.pending ?? 0 };
  }

  /** Held plus unverified registrations. */
  pendingCount(): number {
    return this.q.pendingCount.get()?.n ?? 0;
  }

  /** Registrations in one state (e.g. held: waiting for an oper's review). */
  countInState(state: ChannelState): number {
    return this.q.countInState.get(state)?.n ?? 0;
  }

  /** When the oldest held or unverified registration was made (accepted, or requested while held); null when none. */
  oldestPendingAt(): number | null {
    return this.q.oldestPending.get()?.t ?? null;
  }

  inStates(states: readonly ChannelState[], limit: number): ChannelRecord[] {
    return this.q.inStates.all(JSON.stringify(states), limit).map(toRecord);
  }

  unverifiedBefore(t: number): ChannelRecord[] {
    return this.q.unverifiedBefore.all(t).map(toRecord);
  }

  heldBefore(t: number): ChannelRecord[] {
    return this.q.heldBefore.all(t).map(toRecord);
  }

  unestablishedBefore(t: number): ChannelRecord[] {
    return this.q.unestablishedBefore.all(t).map(toRecord);
  }

  inactiveBefore(t: number): ChannelRecord[] {
    return this.q.inactiveBefore.all(t).map(toRecord);
  }

  active(): ChannelRecord[] {
    return this.q.active.all().map(toRecord);
  }

  /** Channels X2 sits in: unverified and active ones. */
  joinable(): ChannelRecord[] {
    return this.q.joinable.all().map(toRecord);
  }

  ownedLive(accountId: string): ChannelRecord[] {
    return this.q.ownedLive.all(accountId).map(toRecord);
  }

  /** Other requests by the same host, email or account, newest first. */
  related(c: ChannelRecord, limit = 10): ChannelRecord[] {
    const account = c.registrant.accountId ?? c.ownerId;
    return this.q.related.all(c.id, c.registrant.host, c.emailCanonical, account, account, limit).map(toRecord);
  }

  // ---- access ----

  addAccess(channelId: number, accountId: string, level: number, by: string, now: number): void {
    this.q.insertAccess.run(channelId, accountId, level, by, now);
  }

  /** Puts back an access entry exactly as it was (a freeze removed it; UNFREEZE restores it). */
  addWholeAccess(entry: Pick<AccessEntry, "channelId" | "accountId" | "level" | "addedBy" | "addedAt" | "lastSeenAt">): void {
    this.q.insertWholeAccess.run(entry);
  }

  /** The account's access entries in live registrations, with the channel's name. */
  liveAccessOf(accountId: string): Array<AccessEntry & { channelName: string }> {
    return this.q.liveAccessOf.all(accountId).map((row) => ({ ...toAccess(row), channelName: row.channel_name }));
  }

  setLevel(channelId: number, accountId: string, level: number): void {
    this.q.setLevel.run(level, channelId, accountId);
  }

  removeAccess(channelId: number, accountId: string): boolean {
    return this.q.deleteAccess.run(channelId, accountId).changes === 1;
  }

  accessOf(channelId: number, accountId: string): AccessEntry | undefined {
    return mapRow(this.q.accessOf.get(channelId, accountId), toAccess);
  }

  accessList(channelId: number): AccessEntry[] {
    return this.q.accessList.all(channelId).map(toAccess);
  }

  touchAccess(channelId: number, accountId: string, now: number): void {
    this.q.touchAccess.run(now, channelId, accountId);
  }

  /** Live channels where the account has access, with its level. */
  accessForAccount(accountId: string): Array<{ channel: ChannelRecord; level: number }> {
    return this.q.accessForAccount.all(accountId).map((row) => ({ channel: toRecord(row), level: row.level }));
  }

  /** Live registrations the account founded, and live ones where it has other access. */
  accessCounts(accountId: string): { founder: number; other: number } {
    return { founder: this.q.founderOf.get(accountId)?.n ?? 0, other: this.q.otherAccess.get(accountId)?.n ?? 0 };
  }

  /** How many access entries the account has anywhere. */
  accessCount(accountId: string): number {
    return this.q.accessCount.get(accountId)?.n ?? 0;
  }

  // ---- deletion cases (channels/succession.ts) ----

  /** Requests held for review that the account made or would own. */
  heldFor(accountId: string): ChannelRecord[] {
    return this.q.heldFor.all(accountId, accountId).map(toRecord);
  }

  /** Every registration, live or ended, the account owns or made. */
  recordsOf(accountId: string): ChannelRecord[] {
    return this.q.recordsOf.all(accountId, accountId).map(toRecord);
  }

  /** Access entries the account gave others, and staff notes written under `operName`. */
  authoredBy(accountId: string, operName: string): { granted: number; notes: number } {
    return { granted: this.q.grantedBy.get(accountId, accountId)?.n ?? 0, notes: this.q.notesBy.get(operName)?.n ?? 0 };
  }

  /** Hands a registration from one owner to another (and the successor's address becomes the channel's). False when the owner changed meanwhile. */
  transferOwner(id: number, from: string, to: string, email: string, canonical: string): boolean {
    return this.q.transfer.run({ id, from, to, email, canonical }).changes === 1;
  }

  /** Removes every access entry of the account. Returns how many. */
  removeAllAccess(accountId: string): number {
    return this.q.deleteAccessOf.run(accountId).changes;
  }

  /** Empties the connection details (nick, ident, host, IP, uid) of the registrations the account made. */
  scrubRegistrant(entityId: string): number {
    return this.q.scrubRegistrant.run({ entityId }).changes;
  }

  // ---- notes ----

  addNote(channelId: number, oper: string, text: string, now: number): void {
    this.q.insertNote.run(channelId, now, oper, text);
  }

  notes(channelId: number): ChannelNote[] {
    return this.q.notes.all(channelId);
  }
}
