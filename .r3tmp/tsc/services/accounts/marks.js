import { mapRow } from "../../db/rows.js";
/** Longest mark text kept. */
export const MAX_MARK_LENGTH = 300;
export class MarkStore {
    db;
    q;
    constructor(db) {
        this.db = db;
        this.q = {
            insert: db.prepare("INSERT INTO account_marks (account_id, at, oper, text) VALUES (?, ?, ?, ?)"),
            list: db.prepare("SELECT id, account_id, at, oper, text FROM account_marks WHERE account_id = ? ORDER BY id"),
            get: db.prepare("SELECT id, account_id, at, oper, text FROM account_marks WHERE id = ? AND account_id = ?"),
            delete: db.prepare("DELETE FROM account_marks WHERE id = ? AND account_id = ?"),
        };
    }
    add(accountId, oper, text, now) {
        const id = Number(this.q.insert.run(accountId, now, oper, text).lastInsertRowid);
        return { id, accountId, at: now, oper, text };
    }
    list(accountId) {
        return this.q.list.all(accountId).map(toMark);
    }
    get(accountId, id) {
        return mapRow(this.q.get.get(id, accountId), toMark);
    }
    delete(accountId, id) {
        return this.q.delete.run(id, accountId).changes > 0;
    }
}
function toMark(row) {
    return { id: row.id, accountId: row.account_id, at: row.at, oper: row.oper, text: row.text };
}
//# sourceMappingURL=marks.js.map