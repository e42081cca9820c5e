/**
 * Rows of deletion cases, their accounts and rulings, tombstones, and whether an entity ID (or the
 * ID an imported account had before) is retired (migrations 0016, 0019; the accounts store retires
 * an ID when it deletes the account row).
 */
import type { Database } from "../../../db/connection.js";
import type { CaseAccount, CaseOrigin, CaseState, ChecklistItem, DeletionCase, Ruling, Tombstone } from "./types.js";

interface CaseRow {
  number: string;
  origin: CaseOrigin;
  opened_by: string;
  reason: string | null;
  state: CaseState;
  opened_at: number;
  window_ends_at: number;
  hold_reason: string | null;
  held_by: string | null;
  held_at: number | null;
  closed_at: number | null;
  closed_by: string | null;
}

interface CaseAccountRow {
  k: number;
  entity_id: string;
  account_id: string | null;
  checklist: string | null;
  checked_at: number | null;
  executed_at: number | null;
}

interface TombstoneRow {
  entity_id: string;
  case_number: string;
  k: number;
  email: string;
  created_at: number;
  deleted_at: number;
  retain_until: number;
}

export interface NewCase {
  number: string;
  day: string;
  seq: number;
  origin: CaseOrigin;
  openedBy: string;
  reason: string | null;
  openedAt: number;
  windowEndsAt: number;
}

const toTombstone = (r: TombstoneRow): Tombstone => ({
  entityId: r.entity_id,
  caseNumber: r.case_number,
  k: r.k,
  email: r.email,
  createdAt: r.created_at,
  deletedAt: r.deleted_at,
  retainUntil: r.retain_until,
});

export class CaseStore {
  private readonly q;

  constructor(readonly db: Database) {
    this.q = {
      nextSeq: db.prepare<[string], { seq: number }>("SELECT coalesce(max(seq), 0) + 1 AS seq FROM deletion_cases WHERE day = ?"),
      insertCase: db.prepare(
        `INSERT INTO deletion_cases (number, day, seq, origin, opened_by, reason, state, opened_at, window_ends_at)
         VALUES (@number, @day, @seq, @origin, @openedBy, @reason, 'open', @openedAt, @windowEndsAt)`,
      ),
      insertAccount: db.prepare<[string, number, string, string, string | null]>(
        "INSERT INTO deletion_case_accounts (case_number, k, entity_id, account_id, cancel_code_hash) VALUES (?, ?, ?, ?, ?)",
      ),
      get: db.prepare<[string], CaseRow>("SELECT * FROM deletion_cases WHERE number = ?"),
      accounts: db.prepare<[string], CaseAccountRow>(
        "SELECT k, entity_id, account_id, checklist, checked_at, executed_at FROM deletion_case_accounts WHERE case_number = ? ORDER BY k",
      ),
      inStates: db.prepare<[string, number], { number: string }>(
        "SELECT number FROM deletion_cases WHERE state IN (SELECT value FROM json_each(?)) ORDER BY opened_at DESC, seq DESC LIMIT ?",
      ),
      openOf: db.prepare<[string], { number: string; opened_at: number }>(
        `SELECT c.number, c.opened_at FROM deletion_case_accounts a JOIN deletion_cases c ON c.number = a.case_number
         WHERE a.account_id = ? AND c.state = 'open' ORDER BY c.opened_at, c.day, c.seq`,
      ),
      byCancelHash: db.prepare<[string], { number: string; k: number }>(
        "SELECT case_number AS number, k FROM deletion_case_accounts WHERE cancel_code_hash = ?",
      ),
      setHold: db.prepare<[string, string, number, string]>("UPDATE deletion_cases SET hold_reason = ?, held_by = ?, held_at = ? WHERE number = ?"),
      clearHold: db.prepare<[string]>("UPDATE deletion_cases SET hold_reason = NULL, held_by = NULL, held_at = NULL WHERE number = ?"),
      setChecklist: db.prepare<[string, number, string, number]>(
        "UPDATE deletion_case_accounts SET checklist = ?, checked_at = ? WHERE case_number = ? AND k = ?",
      ),
      close: db.prepare<[string, number, string, string]>(
        "UPDATE deletion_cases SET state = ?, closed_at = ?, closed_by = ?, hold_reason = NULL WHERE number = ? AND state = 'open'",
      ),
      clearCancelCodes: db.prepare<[string]>("UPDATE deletion_case_accounts SET cancel_code_hash = NULL WHERE case_number = ?"),
      markExecuted: db.prepare<[number, number | null, string, number]>(
        "UPDATE deletion_case_accounts SET executed_at = ?, farewell_mail = ? WHERE case_number = ? AND k = ?",
      ),
      rulings: db.prepare<[string], { item: string; ruling: string; ruled_by: string; ruled_at: number }>(
        "SELECT item, ruling, ruled_by, ruled_at FROM deletion_rulings WHERE case_number = ? ORDER BY ruled_at, item",
      ),
      setRuling: db.prepare(
        `INSERT INTO deletion_rulings (case_number, item, ruling, ruled_by, ruled_at) VALUES (?, ?, ?, ?, ?)
         ON CONFLICT (case_number, item) DO UPDATE SET ruling = excluded.ruling, ruled_by = excluded.ruled_by, ruled_at = excluded.ruled_at`,
      ),
      deleteRuling: db.prepare<[string, string]>("DELETE FROM deletion_rulings WHERE case_number = ? AND item = ?"),
      dueOpen: db.prepare<[number], { number: string }>(
        "SELECT number FROM deletion_cases WHERE state = 'open' AND window_ends_at <= ? AND hold_reason IS NULL ORDER BY opened_at, day, seq",
      ),
      insertTombstone: db.prepare(
        `INSERT INTO account_tombstones (entity_id, case_number, k, email, created_at, deleted_at, retain_until)
         VALUES (@entityId, @caseNumber, @k, @email, @createdAt, @deletedAt, @retainUntil)`,
      ),
      tombstone: db.prepare<[string], TombstoneRow>("SELECT * FROM account_tombstones WHERE entity_id = ?"),
      tombstonesOf: db.prepare<[string], TombstoneRow>("SELECT * FROM account_tombstones WHERE case_number = ? ORDER BY k"),
      dueTombstones: db.prepare<[number, number], TombstoneRow>(
        "SELECT * FROM account_tombstones WHERE retain_until <= ? ORDER BY retain_until, entity_id LIMIT ?",
      ),
      countDueTombstones: db.prepare<[number], { n: number }>("SELECT count(*) AS n FROM account_tombstones WHERE retain_until <= ?"),
      countOpen: db.prepare<[], { n: number }>("SELECT count(*) AS n FROM deletion_cases WHERE state = 'open'"),
      deleteTombstone: db.prepare<[string]>("DELETE FROM account_tombstones WHERE entity_id = ?"),
      retiredLegacy: db.prepare<[string], { entity_id: string; case_number: string | null }>(
        `SELECT r.entity_id, t.case_number FROM retired_entity_ids r LEFT JOIN account_tombstones t ON t.entity_id = r.entity_id
         WHERE r.legacy_id = ? ORDER BY r.retired_at DESC LIMIT 1`,
      ),
      retired: db.prepare<[string, string], { n: number }>(
        `SELECT (SELECT count(*) FROM retired_entity_ids WHERE entity_id = ?) + (SELECT count(*) FROM account_tombstones WHERE entity_id = ?) AS n`,
      ),
      pendingFarewells: db.prepare<[], { number: string; k: number; mail: number; entity_id: string }>(
        "SELECT case_number AS number, k, farewell_mail AS mail, entity_id FROM deletion_case_accounts WHERE farewell_mail IS NOT NULL",
      ),
      clearFarewell: db.prepare<[string, number]>("UPDATE deletion_case_accounts SET farewell_mail = NULL WHERE case_number = ? AND k = ?"),
      forgetChecklist: db.prepare<[string, number]>("UPDATE deletion_case_accounts SET checklist = NULL WHERE case_number = ? AND k = ?"),
      forgetCase: db.prepare<[string]>(
        `UPDATE deletion_cases SET reason = NULL WHERE number = ?
           AND NOT EXISTS (SELECT 1 FROM account_tombstones WHERE case_number = deletion_cases.number)`,
      ),
      forgetRulings: db.prepare<[string]>(
        `DELETE FROM deletion_rulings WHERE case_number = ?
           AND NOT EXISTS (SELECT 1 FROM account_tombstones WHERE case_number = deletion_rulings.case_number)`,
      ),
    };
  }

  transaction<R>(fn: () => R): R {
    return this.db.transaction(fn)();
  }

  /** BEGIN IMMEDIATE: the write lock is taken first, so that no other writer numbers a case meanwhile. */
  immediate<R>(fn: () => R): R {
    return this.db.transaction(fn).immediate();
  }

  /** The next N of a day (inside an immediate transaction: race-free, and UNIQUE (day, seq) guards it too). */
  nextSeq(day: string): number {
    return this.q.nextSeq.get(day)?.seq ?? 1;
  }

  insertCase(c: NewCase): void {
    this.q.insertCase.run(c);
  }

  insertAccount(number: string, k: number, entityId: string, cancelCodeHash: string | null): void {
    this.q.insertAccount.run(number, k, entityId, entityId, cancelCodeHash);
  }

  get(number: string): DeletionCase | undefined {
    const row = this.q.get.get(number);
    if (!row) return undefined;
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
      accounts: this.q.accounts.all(number).map(
        (a): CaseAccount => ({
          k: a.k,
          entityId: a.entity_id,
          accountId: a.account_id,
          checklist: a.checklist ? (JSON.parse(a.checklist) as ChecklistItem[]) : null,
          checkedAt: a.checked_at,
          executedAt: a.executed_at,
        }),
      ),
    };
  }

  /** Cases in these states, newest first. */
  inStates(states: readonly CaseState[], limit: number): DeletionCase[] {
    return this.q.inStates.all(JSON.stringify(states), limit).map((r) => this.get(r.number) as DeletionCase);
  }

  /** Open cases holding the account, oldest first. */
  openCasesOf(accountId: string): Array<{ number: string; openedAt: number }> {
    return this.q.openOf.all(accountId).map((r) => ({ number: r.number, openedAt: r.opened_at }));
  }

  byCancelHash(hash: string): { number: string; k: number } | undefined {
    return this.q.byCancelHash.get(hash);
  }

  setHold(number: string, reason: string, by: string, at: number): void {
    this.q.setHold.run(reason, by, at, number);
  }

  clearHold(number: string): void {
    this.q.clearHold.run(number);
  }

  setChecklist(number: string, k: number, items: ChecklistItem[], at: number): void {
    this.q.setChecklist.run(JSON.stringify(items), at, number, k);
  }

  /** Closes an open case (its cancel codes die with it). False when it was not open. */
  close(number: string, state: "executed" | "cancelled", at: number, by: string): boolean {
    if (this.q.close.run(state, at, by, number).changes !== 1) return false;
    this.q.clearCancelCodes.run(number);
    return true;
  }

  markExecuted(number: string, k: number, at: number, farewellMail: number | null): void {
    this.q.markExecuted.run(at, farewellMail, number, k);
  }

  rulings(number: string): Ruling[] {
    return this.q.rulings.all(number).map((r) => ({ item: r.item, ruling: r.ruling, by: r.ruled_by, at: r.ruled_at }));
  }

  setRuling(number: string, item: string, ruling: string, by: string, at: number): void {
    this.q.setRuling.run(number, item, ruling, by, at);
  }

  deleteRuling(number: string, item: string): boolean {
    return this.q.deleteRuling.run(number, item).changes === 1;
  }

  /** Open cases whose objection window has passed and that no oper holds, oldest first. */
  dueOpen(now: number): string[] {
    return this.q.dueOpen.all(now).map((r) => r.number);
  }

  insertTombstone(t: Tombstone): void {
    this.q.insertTombstone.run(t);
  }

  tombstone(entityId: string): Tombstone | undefined {
    const row = this.q.tombstone.get(entityId);
    return row ? toTombstone(row) : undefined;
  }

  tombstonesOf(number: string): Tombstone[] {
    return this.q.tombstonesOf.all(number).map(toTombstone);
  }

  dueTombstones(now: number, limit: number): Tombstone[] {
    return this.q.dueTombstones.all(now, limit).map(toTombstone);
  }

  countDueTombstones(now: number): number {
    return this.q.countDueTombstones.get(now)?.n ?? 0;
  }

  countOpen(): number {
    return this.q.countOpen.get()?.n ?? 0;
  }

  /**
   * Purges a tombstone: the row goes, the case forgets the account's checklist, and once the case
   * has no tombstone left its reason and rulings go too (number, dates and entity IDs remain).
   */
  purgeTombstone(t: Tombstone): void {
    this.q.deleteTombstone.run(t.entityId);
    this.q.forgetChecklist.run(t.caseNumber, t.k);
    this.q.forgetCase.run(t.caseNumber);
    this.q.forgetRulings.run(t.caseNumber);
  }

  /** The deleted account that had this former-services ID (and its case, while its tombstone is kept). */
  retiredLegacyId(legacyId: string): { entityId: string; caseNumber: string | null } | undefined {
    const row = this.q.retiredLegacy.get(legacyId.toUpperCase());
    return row ? { entityId: row.entity_id, caseNumber: row.case_number } : undefined;
  }

  isRetired(entityId: string): boolean {
    return (this.q.retired.get(entityId, entityId)?.n ?? 0) > 0;
  }

  /** Accounts of executed cases whose last mail may still hold the real address. */
  pendingFarewells(): Array<{ number: string; k: number; mail: number; entityId: string }> {
    return this.q.pendingFarewells.all().map((r) => ({ number: r.number, k: r.k, mail: r.mail, entityId: r.entity_id }));
  }

  clearFarewell(number: string, k: number): void {
    this.q.clearFarewell.run(number, k);
  }
}
