import { NickProtection } from "../services/accounts/protection.js";
import { errorStack } from "../util/logger.js";
export class AccountNetwork {
    deps;
    protection;
    timer = null;
    deferred = new Set();
    listeners = [];
    constructor(deps) {
        this.deps = deps;
        const { accounts, actions, clock, config, log, view } = deps;
        this.protection = new NickProtection({
            clock,
            store: { nickOwner: (nick) => accounts.nickOwner(nick), byId: (id) => accounts.byId(id) },
            // The owner of a frozen account (logged out by the freeze, or refused after a right
            // password) keeps its nicks: nobody else may use them, and they are not renamed.
            accountOf: (uid) => accounts.sessionAccountId(uid) ?? accounts.frozenOwnerOf(uid)?.id ?? null,
            network: view,
            actions,
            isService: (uid) => this.isService(uid),
            holds: accounts.nickHolds,
            log,
        }, {
            // Getters: REHASH may change them.
            get graceMs() {
                return config.nickserv.guest_grace;
            },
            get guestPrefix() {
                return config.nickserv.guest_prefix;
            },
            get holdMs() {
                return config.nickserv.guest_hold;
            },
        });
    }
    start() {
        const { link, network, accounts } = this.deps;
        this.listen(network, "userConnected", (user, duringBurst) => {
            // Users in a burst are looked at once the burst is complete (their metadata follows the UID).
            if (duringBurst || this.isService(user.uid))
                return;
            // Let the lines that follow the UID (METADATA, a SASL login becoming a session) land first.
            this.defer(() => this.protection.check(user.uid));
        });
        this.listen(network, "nickChanged", (user) => {
            if (!network.isBursting(user.server))
                this.protection.check(user.uid);
        });
        this.listen(network, "userQuit", (user) => this.userGone(user));
        this.listen(link, "ready", () => this.reestablish());
        this.listen(link, "disconnected", () => this.protection.clear());
        this.listen(accounts, "loggedIn", (account, uid) => {
            // The owner is back: their nicks need no hold (and REGAIN renames them right after this).
            this.protection.releaseHoldsOf(account.id);
            this.protection.check(uid);
        });
        this.listen(accounts, "nickReclaim", (accountId, nick) => this.protection.releaseHold(nick, accountId));
        this.listen(accounts, "loggedOut", (_accountId, uid) => this.protection.check(uid));
        this.listen(accounts, "verified", (account) => this.nicksNowProtected(account));
        this.listen(accounts, "dropped", (accountId, reason) => this.accountDropped(accountId, reason));
        this.listen(accounts, "renamed", (account, oldName) => this.accountRenamed(account, oldName));
        const every = this.deps.tickIntervalMs ?? 1_000;
        if (every > 0) {
            this.timer = setInterval(() => this.tick(), every);
            this.timer.unref();
        }
    }
    stop() {
        for (const off of this.listeners.splice(0))
            off();
        for (const handle of this.deferred)
            clearImmediate(handle);
        this.deferred.clear();
        if (this.timer)
            clearInterval(this.timer);
        this.timer = null;
        this.protection.clear();
    }
    /** Renames users whose grace period is over; returns how many. */
    tick() {
        try {
            return this.protection.tick().length;
        }
        catch (error) {
            this.deps.log.error({ err: errorStack(error) }, "nick protection check failed");
            return 0;
        }
    }
    /**
     * Rebuilds the sessions from the network state after a burst: the ircd's account metadata is the
     * truth about who is logged in, checked against the database.
     */
    reestablish() {
        const { network, accounts, actions, log } = this.deps;
        const report = { restored: 0, cleared: 0, renamed: 0 };
        // Sessions of users who left while the link was down were never ended: start from the burst.
        accounts.clearSessions();
        for (const user of network.users.values()) {
            if (this.isService(user.uid))
                continue;
            if (user.account === null && user.accountId === null)
                continue;
            const account = this.accountFromMetadata(user);
            if (!account || account.status !== "active" || account.frozen) {
                actions.setLogin(user.uid, null);
                report.cleared++;
                log.info({ uid: user.uid, account: user.accountId ?? user.account, why: !account ? "no such account" : account.frozen ? "frozen" : account.status }, "ircd login cleared after burst");
                continue;
            }
            accounts.restoreSession(user.uid, account.id);
            report.restored++;
            if (user.account !== account.name || user.accountId !== account.id) {
                actions.setLogin(user.uid, { id: account.id, name: account.name });
                report.renamed++;
            }
        }
        for (const user of network.users.values())
            if (!this.isService(user.uid))
                this.protection.check(user.uid);
        log.info({ ...report, users: network.users.size }, "sessions re-established from the burst");
        return report;
    }
    accountFromMetadata(user) {
        const { accounts } = this.deps;
        if (user.accountId)
            return accounts.byId(user.accountId);
        // An ircd without accountid: the name alone identifies the account.
        return user.account ? accounts.byName(user.account) : undefined;
    }
    userGone(user) {
        this.protection.forget(user.uid);
        // Ends the session (and records last seen) without telling the ircd: the login left with the user.
        this.deps.accounts.userQuit(user.uid);
    }
    nicksNowProtected(account) {
        for (const { nick } of this.deps.accounts.nicksOf(account.id)) {
            const user = this.deps.network.findByNick(nick);
            if (user)
                this.protection.check(user.uid);
        }
    }
    accountDropped(accountId, reason) {
        const { accounts, actions, network, log } = this.deps;
        const uids = new Set(accounts.loggedInUids(accountId));
        for (const user of network.users.values())
            if (user.accountId === accountId)
                uids.add(user.uid);
        for (const uid of uids) {
            accounts.endSession(uid);
            actions.setLogin(uid, null);
            if (network.users.has(uid))
                actions.notify(uid, { kind: "account-dropped", reason });
        }
        if (uids.size > 0)
            log.info({ account: accountId, users: uids.size, reason }, "users of a dropped account logged out");
        // Its nicks are free now: nothing more to protect, nor to hold.
        this.protection.releaseHoldsOf(accountId);
        for (const pending of this.protection.pendingRenames())
            if (pending.accountId === accountId)
                this.protection.check(pending.uid);
    }
    accountRenamed(account, oldName) {
        const { accounts, actions, log } = this.deps;
        const uids = accounts.loggedInUids(account.id);
        for (const uid of uids)
            actions.setLogin(uid, { id: account.id, name: account.name });
        if (uids.length > 0)
            log.info({ account: account.id, from: oldName, to: account.name, users: uids.length }, "login re-sent with the account's new name");
    }
    isService(uid) {
        return uid.startsWith(this.deps.link.sid);
    }
    defer(fn) {
        const handle = setImmediate(() => {
            this.deferred.delete(handle);
            try {
                fn();
            }
            catch (error) {
                this.deps.log.error({ err: errorStack(error) }, "nick protection check failed");
            }
        });
        this.deferred.add(handle);
    }
    /** Subscribes and remembers how to unsubscribe (stop()). */
    listen(emitter, event, fn) {
        const target = emitter;
        target.on(event, fn);
        this.listeners.push(() => target.off(event, fn));
    }
}
/** Installs the account/network wiring (main.ts); returns it for stop() and for tests. */
export function installAccountNetwork(deps) {
    const wiring = new AccountNetwork(deps);
    wiring.start();
    return wiring;
}
//# sourceMappingURL=accounts-network.js.map