export class Sessions {
    byUid = new Map();
    byAccount = new Map();
    get(uid) {
        return this.byUid.get(uid);
    }
    uidsOf(accountId) {
        return [...(this.byAccount.get(accountId) ?? [])];
    }
    /** The accounts with at least one logged-in user (the expiry loop keeps them seen). */
    accountIds() {
        return [...this.byAccount.keys()];
    }
    set(session) {
        this.remove(session.uid);
        this.byUid.set(session.uid, session);
        const uids = this.byAccount.get(session.accountId) ?? new Set();
        uids.add(session.uid);
        this.byAccount.set(session.accountId, uids);
    }
    remove(uid) {
        const session = this.byUid.get(uid);
        if (!session)
            return undefined;
        this.byUid.delete(uid);
        const uids = this.byAccount.get(session.accountId);
        uids?.delete(uid);
        if (uids && uids.size === 0)
            this.byAccount.delete(session.accountId);
        return session;
    }
    clear() {
        this.byUid.clear();
        this.byAccount.clear();
    }
    get size() {
        return this.byUid.size;
    }
}
//# sourceMappingURL=sessions.js.map