const toTombstone = (r) => ({
    entityId: r.entity_id,
    caseNumber: r.case_number,
    k: r.k,
    email: r.email,
    createdAt: r.created_at,
    deletedAt: r.deleted_at,
    retainUntil: r.retain_until,
});
export class CaseStore {
    db;
    q;
    constructor(db) {
        this.db = db;
        this.q = {
            nextSeq: db.prepare("SELECT coalesce(max(seq), 0) + 1 AS seq FROM deletion_cases WHERE day = ?"),
            insertCase: db.prepare(`INSERT INTO deletion_cases (number, day, seq, origin, opened_by, reason, state, opened_at, window_ends_at)
         VALUES (@number, @day, @seq, @origin, @openedBy, @reason, 'open', @openedAt, @windowEndsAt)`),
            insertAccount: db.prepare("INSERT INTO deletion_case_accounts (case_number, k, entity_id, account_id, cancel_code_hash) VALUES (?, ?, ?, ?, ?)"),
            get: db.prepare("SELECT * FROM deletion_cases WHERE number = ?"),
            accounts: db.prepare("SELECT k, entity_id, account_id, checklist, checked_at, executed_at FROM deletion_case_accounts WHERE case_number = ? ORDER BY k"),
            inStates: db.prepare("SELECT number FROM deletion_cases WHERE state IN (SELECT value FROM json_each(?)) ORDER BY opened_at DESC, seq DESC LIMIT ?"),
            openOf: db.prepare(`SELECT c.number, c.opened_at FROM deletion_case_accounts a JOIN deletion_cases c ON c.number = a.case_number
         WHERE a.account_id = ? AND c.state = 'open' ORDER BY c.opened_at, c.day, c.seq`),
            byCancelHash: db.prepare("SELECT case_number AS number, k FROM deletion_case_accounts WHERE cancel_code_hash = ?"),
            setHold: db.prepare("UPDATE deletion_cases SET hold_reason = ?, held_by = ?, held_at = ? WHERE number = ?"),
            clearHold: db.prepare("UPDATE deletion_cases SET hold_reason = NULL, held_by = NULL, held_at = NULL WHERE number = ?"),
            setChecklist: db.prepare("UPDATE deletion_case_accounts SET checklist = ?, checked_at = ? WHERE case_number = ? AND k = ?"),
            close: db.prepare("UPDATE deletion_cases SET state = ?, closed_at = ?, closed_by = ?, hold_reason = NULL WHERE number = ? AND state = 'open'"),
            clearCancelCodes: db.prepare("UPDATE deletion_case_accounts SET cancel_code_hash = NULL WHERE case_number = ?"),
            markExecuted: db.prepare("UPDATE deletion_case_accounts SET executed_at = ?, farewell_mail = ? WHERE case_number = ? AND k = ?"),
            rulings: db.prepare("SELECT item, ruling, ruled_by, ruled_at FROM deletion_rulings WHERE case_number = ? ORDER BY ruled_at, item"),
            setRuling: db.prepare(`INSERT INTO deletion_rulings (case_number, item, ruling, ruled_by, ruled_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (case_number, item) DO UPDATE SET ruling = excluded.ruling, ruled_by = excluded.ruled_by, ruled_at = excluded.ruled_at`),
            deleteRuling: db.prepare("DELETE FROM deletion_rulings WHERE case_number = ? AND item = ?"),
            dueOpen: db.prepare("SELECT number FROM deletion_cases WHERE state = 'open' AND window_ends_at <= ? AND hold_reason IS NULL ORDER BY opened_at, day, seq"),
            insertTombstone: db.prepare(`INSERT INTO account_tombstones (entity_id, case_number, k, email, created_at, deleted_at, retain_until)
         VALUES (@entityId, @caseNumber, @k, @email, @createdAt, @deletedAt, @retainUntil)`),
            tombstone: db.prepare("SELECT * FROM account_tombstones WHERE entity_id = ?"),
            tombstonesOf: db.prepare("SELECT * FROM account_tombstones WHERE case_number = ? ORDER BY k"),
            dueTombstones: db.prepare("SELECT * FROM account_tombstones WHERE retain_until <= ? ORDER BY retain_until, entity_id LIMIT ?"),
            countDueTombstones: db.prepare("SELECT count(*) AS n FROM account_tombstones WHERE retain_until <= ?"),
            deleteTombstone: db.prepare("DELETE FROM account_tombstones WHERE entity_id = ?"),
            retire: db.prepare("INSERT OR IGNORE INTO retired_entity_ids (entity_id, retired_at) VALUES (?, ?)"),
            retired: db.prepare(`SELECT (SELECT count(*) FROM retired_entity_ids WHERE entity_id = ?) + (SELECT count(*) FROM account_tombstones WHERE entity_id = ?) AS n`),
            pendingFarewells: db.prepare("SELECT case_number AS number, k, farewell_mail AS mail, entity_id FROM deletion_case_accounts WHERE farewell_mail IS NOT NULL"),
            clearFarewell: db.prepare("UPDATE deletion_case_accounts SET farewell_mail = NULL WHERE case_number = ? AND k = ?"),
            forgetChecklist: db.prepare("UPDATE deletion_case_accounts SET checklist = NULL WHERE case_number = ? AND k = ?"),
            forgetCase: db.prepare(`UPDATE deletion_cases SET reason = NULL WHERE number = ?
           AND NOT EXISTS (SELECT 1 FROM account_tombstones WHERE case_number = deletion_cases.number)`),
            forgetRulings: db.prepare(`DELETE FROM deletion_rulings WHERE case_number = ?
           AND NOT EXISTS (SELECT 1 FROM account_tombstones WHERE case_number = deletion_rulings.case_number)`),
        };
    }
    transaction(fn) {
        return this.db.transaction(fn)();
    }
    /** BEGIN IMMEDIATE: the write lock is taken first, so that no other writer numbers a case meanwhile. */
    immediate(fn) {
        return this.db.transaction(fn).immediate();
    }
    /** The next N of a day (inside an immediate transaction: race-free, and UNIQUE (day, seq) guards it too). */
    nextSeq(day) {
        return this.q.nextSeq.get(day)?.seq ?? 1;
    }
    insertCase(c) {
        this.q.insertCase.run(c);
    }
    insertAccount(number, k, entityId, cancelCodeHash) {
        this.q.insertAccount.run(number, k, entityId, entityId, cancelCodeHash);
    }
    get(number) {
        const row = this.q.get.get(number);
        if (!row)
            return undefined;
        return {
            number: row.number,
            origin: row.origin,
            openedBy: row.opened_by,
            reason: row.reason,
            state: row.state,
            openedAt: row.opened_at,
            windowEndsAt: row.window_ends_at,
            hold: row.hold_reason !== null ? { reason: row.hold_reason, by: row.held_by ?? "", at: row.held_at ?? 0 } : null,
            closedAt: row.closed_at,
            closedBy: row.closed_by,
            accounts: this.q.accounts.all(number).map((a) => ({
                k: a.k,
                entityId: a.entity_id,
                accountId: a.account_id,
                checklist: a.checklist ? JSON.parse(a.checklist) : null,
                checkedAt: a.checked_at,
                executedAt: a.executed_at,
            })),
        };
    }
    /** Cases in these states, newest first. */
    inStates(states, limit) {
        return this.q.inStates.all(JSON.stringify(states), limit).map((r) => this.get(r.number));
    }
    /** Open cases holding the account, oldest first. */
    openCasesOf(accountId) {
        return this.q.openOf.all(accountId).map((r) => ({ number: r.number, openedAt: r.opened_at }));
    }
    byCancelHash(hash) {
        return this.q.byCancelHash.get(hash);
    }
    setHold(number, reason, by, at) {
        this.q.setHold.run(reason, by, at, number);
    }
    clearHold(number) {
        this.q.clearHold.run(number);
    }
    setChecklist(number, k, items, at) {
        this.q.setChecklist.run(JSON.stringify(items), at, number, k);
    }
    /** Closes an open case (its cancel codes die with it). False when it was not open. */
    close(number, state, at, by) {
        if (this.q.close.run(state, at, by, number).changes !== 1)
            return false;
        this.q.clearCancelCodes.run(number);
        return true;
    }
    markExecuted(number, k, at, farewellMail) {
        this.q.markExecuted.run(at, farewellMail, number, k);
    }
    rulings(number) {
        return this.q.rulings.all(number).map((r) => ({ item: r.item, ruling: r.ruling, by: r.ruled_by, at: r.ruled_at }));
    }
    setRuling(number, item, ruling, by, at) {
        this.q.setRuling.run(number, item, ruling, by, at);
    }
    deleteRuling(number, item) {
        return this.q.deleteRuling.run(number, item).changes === 1;
    }
    /** Open cases whose objection window has passed and that no oper holds, oldest first. */
    dueOpen(now) {
        return this.q.dueOpen.all(now).map((r) => r.number);
    }
    insertTombstone(t) {
        this.q.insertTombstone.run(t);
    }
    tombstone(entityId) {
        const row = this.q.tombstone.get(entityId);
        return row ? toTombstone(row) : undefined;
    }
    tombstonesOf(number) {
        return this.q.tombstonesOf.all(number).map(toTombstone);
    }
    dueTombstones(now, limit) {
        return this.q.dueTombstones.all(now, limit).map(toTombstone);
    }
    countDueTombstones(now) {
        return this.q.countDueTombstones.get(now)?.n ?? 0;
    }
    /**
     * Purges a tombstone: the row goes, the case forgets the account's checklist, and once the case
     * has no tombstone left its reason and rulings go too (number, dates and entity IDs remain).
     */
    purgeTombstone(t) {
        this.q.deleteTombstone.run(t.entityId);
        this.q.forgetChecklist.run(t.caseNumber, t.k);
        this.q.forgetCase.run(t.caseNumber);
        this.q.forgetRulings.run(t.caseNumber);
    }
    retire(entityId, at) {
        this.q.retire.run(entityId, at);
    }
    isRetired(entityId) {
        return (this.q.retired.get(entityId, entityId)?.n ?? 0) > 0;
    }
    /** Accounts of executed cases whose last mail may still hold the real address. */
    pendingFarewells() {
        return this.q.pendingFarewells.all().map((r) => ({ number: r.number, k: r.k, mail: r.mail, entityId: r.entity_id }));
    }
    clearFarewell(number, k) {
        this.q.clearFarewell.run(number, k);
    }
}
//# sourceMappingURL=store.js.map