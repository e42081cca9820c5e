/** Staff notes on accounts (NickServ MARK), in account_marks. */
import type { Database } from "../../db/connection.js";
import { mapRow } from "../../db/rows.js";

export interface AccountMark {
  id: number;
  accountId: string;
  at: number;
  /** Who wrote it: the oper's account name. */
  oper: string;
  text: string;
}

interface MarkRow {
  id: number;
  account_id: string;
  at: number;
  oper: string;
  text: string;
}

/** Longest mark text kept. */
export const MAX_MARK_LENGTH = 300;

export class MarkStore {
  private readonly q;

  constructor(readonly db: Database) {
    this.q = {
      insert: db.prepare("INSERT INTO account_marks (account_id, at, oper, text) VALUES (?, ?, ?, ?)"),
      list: db.prepare<[string], MarkRow>("SELECT id, account_id, at, oper, text FROM account_marks WHERE account_id = ? ORDER BY id"),
      get: db.prepare<[number, string], MarkRow>("SELECT id, account_id, at, oper, text FROM account_marks WHERE id = ? AND account_id = ?"),
      delete: db.prepare("DELETE FROM account_marks WHERE id = ? AND account_id = ?"),
    };
  }

  add(accountId: string, oper: string, text: string, now: number): AccountMark {
    const id = Number(this.q.insert.run(accountId, now, oper, text).lastInsertRowid);
    return { id, accountId, at: now, oper, text };
  }

  list(accountId: string): AccountMark[] {
    return this.q.list.all(accountId).map(toMark);
  }

  get(accountId: string, id: number): AccountMark | undefined {
    return mapRow(this.q.get.get(id, accountId), toMark);
  }

  delete(accountId: string, id: number): boolean {
    return this.q.delete.run(id, accountId).changes > 0;
  }
}

function toMark(row: MarkRow): AccountMark {
  return { id: row.id, accountId: row.account_id, at: row.at, oper: row.oper, text: row.text };
}
