/** Staff actions on accounts: marks (NickServ MARK), NOEXPIRE, and dropping an account. */
import { err, ok } from "../../util/result.js";
import { MAX_MARK_LENGTH } from "./marks.js";
export class Staff {
    deps;
    unverifiedDueQuery;
    constructor(deps) {
        this.deps = deps;
        this.unverifiedDueQuery = deps.store.db.prepare("SELECT id FROM accounts WHERE status = 'unverified' AND origin = 'nickserv' AND created_at <= ? ORDER BY created_at");
    }
    marks(accountId) {
        return this.deps.marks.list(accountId);
    }
    addMark(accountId, oper, text) {
        const clean = text.trim();
        if (clean.length === 0)
            return err({ kind: "mark-empty" });
        if (clean.length > MAX_MARK_LENGTH)
            return err({ kind: "mark-too-long", max: MAX_MARK_LENGTH });
        const { store, marks, audit } = this.deps;
        return ok(store.db.transaction(() => {
            const mark = marks.add(accountId, oper.name, clean, this.deps.clock.now());
            audit.record({ actor: oper.id, action: "account.mark.add", target: accountId, details: { mark: mark.id, text: clean } });
            return mark;
        })());
    }
    deleteMark(accountId, id, oper) {
        const { store, marks, audit } = this.deps;
        const mark = marks.get(accountId, id);
        if (!mark)
            return err({ kind: "no-such-mark", id });
        store.db.transaction(() => {
            marks.delete(accountId, id);
            audit.record({ actor: oper.id, action: "account.mark.delete", target: accountId, details: { mark: id, text: mark.text } });
        })();
        return ok(mark);
    }
    /** OperServ NOEXPIRE: the account's nicks and the account itself never expire (ON), or follow the rules again (OFF). */
    setNoexpire(accountId, on, operId) {
        const { store, audit } = this.deps;
        const account = store.byId(accountId);
        if (!account)
            return err({ kind: "account-gone" });
        if (account.noexpire === on)
            return err({ kind: "noexpire-unchanged", account: account.name, id: account.id, on });
        store.db.transaction(() => {
            store.setFlag(account.id, "noexpire", on);
            audit.record({ actor: operId, action: "account.noexpire", target: account.id, details: { name: account.name, noexpire: on } });
        })();
        return ok(store.byId(account.id) ?? account);
    }
    /** NickServ-origin unverified accounts older than the verification window. */
    unverifiedDue() {
        return this.unverifiedDueQuery.all(this.deps.clock.now() - this.deps.config.nickserv.verify_window).map((r) => r.id);
    }
    /**
     * Drops an account (audited, in one transaction): its nicks, codes and marks go with it; its
     * sessions end (an unverified account has none at the ircd, so no logout is sent for it).
     * `reason` is recorded as given (audit, log, the users' notice).
     */
    drop(accountId, reason, actor) {
        const { store, audit, network, actions, log, events } = this.deps;
        const account = store.byId(accountId);
        if (!account)
            return false;
        const nicks = store.nicksOf(account.id).map((n) => n.nick);
        store.db.transaction(() => {
            store.delete(account.id);
            audit.record({ actor, action: "account.drop", target: account.id, details: { name: account.name, reason, nicks, status: account.status } });
        })();
        this.deps.codeMail.cancelAll(account.id);
        for (const uid of this.deps.endLogins(account.id)) {
            if (network.user(uid))
                actions.setLogin(uid, null);
            events.emit("loggedOut", account.id, uid);
        }
        log.info({ account: account.id, name: account.name, reason }, "account dropped");
        events.emit("dropped", account.id, reason);
        return true;
    }
}
//# sourceMappingURL=staff.js.map