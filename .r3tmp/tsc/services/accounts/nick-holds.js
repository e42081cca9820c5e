import { foldName } from "./names.js";
const toHeld = (r) => ({ nick: r.nick, accountId: r.account_id, until: r.until });
export class NickHolds {
    sPut;
    sGet;
    sDelete;
    sOfAccount;
    sActive;
    sPurge;
    sDeleteOfAccount;
    constructor(db) {
        this.sPut = db.prepare(`INSERT INTO nick_holds (nick_key, nick, account_id, created_at, until) VALUES (?, ?, ?, ?, ?)
       ON CONFLICT (nick_key) DO UPDATE SET nick = excluded.nick, account_id = excluded.account_id,
         created_at = excluded.created_at, until = excluded.until`);
        this.sGet = db.prepare("SELECT nick, account_id, until FROM nick_holds WHERE nick_key = ?");
        this.sDelete = db.prepare("DELETE FROM nick_holds WHERE nick_key = ?");
        this.sOfAccount = db.prepare("SELECT nick, account_id, until FROM nick_holds WHERE account_id = ? AND until > ? ORDER BY nick_key");
        this.sActive = db.prepare("SELECT nick, account_id, until FROM nick_holds WHERE until > ? ORDER BY until");
        this.sPurge = db.prepare("DELETE FROM nick_holds WHERE until <= ?");
        this.sDeleteOfAccount = db.prepare("DELETE FROM nick_holds WHERE account_id = ?");
    }
    /** Records (or replaces) the hold on `nick`. */
    put(hold, now) {
        this.sPut.run(foldName(hold.nick), hold.nick, hold.accountId, now, hold.until);
    }
    get(nick) {
        const row = this.sGet.get(foldName(nick));
        return row ? toHeld(row) : undefined;
    }
    delete(nick) {
        this.sDelete.run(foldName(nick));
    }
    /** The unended holds on an account's nicks. */
    ofAccount(accountId, now) {
        return this.sOfAccount.all(accountId, now).map(toHeld);
    }
    /** Every hold that has not ended, soonest end first. */
    active(now) {
        return this.sActive.all(now).map(toHeld);
    }
    /** Forgets every hold on an account's nicks, ended or not (the account is deleted); returns how many. */
    deleteOfAccount(accountId) {
        return this.sDeleteOfAccount.run(accountId).changes;
    }
    /** Forgets the holds the ircd has ended by itself; returns how many. */
    purge(now) {
        return this.sPurge.run(now).changes;
    }
}
//# sourceMappingURL=nick-holds.js.map