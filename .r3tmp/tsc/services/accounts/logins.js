import { masksOf } from "./context.js";
export class Logins {
    deps;
    /** uid -> the unverified account that user registered or proved the password of. No ircd login. */
    pending = new Map();
    /** uid -> the frozen account that user proved to own. No ircd login. */
    frozenOwners = new Map();
    constructor(deps) {
        this.deps = deps;
    }
    /** Logs a user in: session, ircd account metadata, last seen, event. Verifies on a generated password. */
    login(uid, account, via, generatedPassword) {
        const { store, sessions, actions, network, log, events } = this.deps;
        let target = store.byId(account.id) ?? account;
        let verifiedNow = false;
        if (target.status === "unverified") {
            if (!generatedPassword) {
                // Unverified is inert: remember who they are (for VERIFY/RESEND), nothing more.
                this.pending.set(uid, target.id);
                log.warn({ account: target.id, uid, via }, "login to an unverified account with a chosen password kept internal");
                return;
            }
            target = this.deps.markVerified(target, target.id, "generated-password");
            verifiedNow = true;
        }
        const previous = sessions.get(uid);
        if (previous && previous.accountId !== target.id)
            events.emit("loggedOut", previous.accountId, uid);
        this.pending.delete(uid);
        this.frozenOwners.delete(uid);
        const now = this.deps.clock.now();
        sessions.set({ uid, accountId: target.id, since: now, via });
        actions.setLogin(uid, { id: target.id, name: target.name });
        const user = network.user(uid);
        if (user) {
            const { mask, realMask } = masksOf(user);
            const ownsNick = store.nickOwner(user.nick)?.accountId === target.id;
            store.markLogin(target.id, now, mask, realMask, ownsNick ? user.nick : undefined);
        }
        const fresh = store.byId(target.id) ?? target;
        log.info({ account: fresh.id, uid, via }, "logged in");
        events.emit("loggedIn", fresh, uid, { via, generatedPassword });
        // Announced last: by now the user who proved the mailbox is logged in, so listeners (nick
        // protection, channel activation) see them as the owner rather than as a stranger on its nick.
        if (verifiedNow)
            events.emit("verified", store.byId(target.id) ?? fresh);
    }
    logout(uid) {
        this.pending.delete(uid);
        const session = this.deps.sessions.remove(uid);
        if (!session)
            return;
        const user = this.deps.network.user(uid);
        if (user) {
            this.deps.actions.setLogin(uid, null);
            const { mask, realMask } = masksOf(user);
            this.deps.store.markSeen(session.accountId, this.deps.clock.now(), mask, realMask);
        }
        this.deps.log.info({ account: session.accountId, uid }, "logged out");
        this.deps.events.emit("loggedOut", session.accountId, uid);
    }
    /** The user left the network: ends the session without telling the ircd; records last seen. */
    userQuit(uid) {
        this.pending.delete(uid);
        this.frozenOwners.delete(uid);
        const session = this.deps.sessions.remove(uid);
        if (!session)
            return;
        this.deps.store.markSeen(session.accountId, this.deps.clock.now(), null, null);
        this.deps.events.emit("loggedOut", session.accountId, uid);
    }
    /** The account a user is logged in to, or null. */
    accountOf(uid) {
        const session = this.deps.sessions.get(uid);
        if (!session)
            return null;
        const account = this.deps.store.byId(session.accountId);
        if (!account) {
            this.deps.sessions.remove(uid);
            return null;
        }
        return account;
    }
    /**
     * The id and name of the account a user is logged in to, or null: what every command needs to
     * know of its requester, read without loading the whole account.
     */
    sessionAccount(uid) {
        const session = this.deps.sessions.get(uid);
        if (!session)
            return null;
        const name = this.deps.store.nameOf(session.accountId);
        if (name === undefined) {
            this.deps.sessions.remove(uid);
            return null;
        }
        return { id: session.accountId, name };
    }
    /** The unverified account a user registered or proved the password of (not logged in), or null. */
    pendingAccountOf(uid) {
        const id = this.pending.get(uid);
        if (id === undefined)
            return null;
        const account = this.deps.store.byId(id);
        if (!account || account.status !== "unverified") {
            this.pending.delete(uid);
            return null;
        }
        return account;
    }
    /** Remembers that `uid` registered or proved the password of the unverified account. */
    setPending(uid, accountId) {
        this.pending.set(uid, accountId);
    }
    forgetPending(uid) {
        this.pending.delete(uid);
    }
    /** The users waiting on an unverified account. */
    pendingUidsOf(accountId) {
        const uids = [];
        for (const [uid, id] of this.pending)
            if (id === accountId)
                uids.push(uid);
        return uids;
    }
    /** Remembers that `uid` proved to own the frozen account (see the top of this file). */
    rememberFrozenOwner(uid, accountId) {
        this.frozenOwners.set(uid, accountId);
    }
    /** The frozen account `uid` proved to own, while it stays frozen; null otherwise. */
    frozenOwnerOf(uid) {
        const id = this.frozenOwners.get(uid);
        if (id === undefined)
            return null;
        const account = this.deps.store.byId(id);
        if (!account || !account.frozen) {
            this.frozenOwners.delete(uid);
            return null;
        }
        return account;
    }
    /** The users who proved to own `accountId` while it was frozen (forgotten: it is not frozen any more). */
    releaseFrozenOwners(accountId) {
        const uids = [];
        for (const [uid, id] of this.frozenOwners) {
            if (id !== accountId)
                continue;
            this.frozenOwners.delete(uid);
            uids.push(uid);
        }
        return uids;
    }
    /**
     * The account was frozen: every user logged in to it is logged out, without being disconnected.
     * The ircd is told only about users it shows logged in to the account (a user services never
     * logged in gets no line). Last seen is not touched: the member did not leave, staff acted.
     * Those users stay known as the account's owner (rememberFrozenOwner). Returns them.
     */
    logoutFrozen(accountId) {
        const { sessions, network, actions, log, events } = this.deps;
        const uids = new Set(sessions.uidsOf(accountId));
        for (const user of network.usersOnAccount(accountId))
            uids.add(user.uid);
        const out = [];
        for (const uid of uids) {
            const session = sessions.remove(uid);
            const user = network.user(uid);
            if (user && user.accountId === accountId)
                actions.setLogin(uid, null);
            if (!user)
                continue;
            this.frozenOwners.set(uid, accountId);
            out.push({ uid, nick: user.nick });
            if (session)
                events.emit("loggedOut", accountId, uid);
        }
        if (out.length > 0)
            log.info({ account: accountId, users: out.length }, "users of a frozen account logged out");
        return out;
    }
    /** The account is gone: nobody waits on it any more, and its sessions end (returns their uids). */
    endAll(accountId) {
        for (const uid of this.pendingUidsOf(accountId))
            this.pending.delete(uid);
        this.releaseFrozenOwners(accountId);
        const uids = this.deps.sessions.uidsOf(accountId);
        for (const uid of uids)
            this.deps.sessions.remove(uid);
        return uids;
    }
}
//# sourceMappingURL=logins.js.map