/**
 * The channels domain's part of an account deletion (issue 18; src/services/lifecycle/deletion):
 * the registrations the account owns go to their successor or are dropped, its access entries
 * elsewhere are removed, and the connection details of the registrations it made are emptied.
 * Everything runs inside the caller's transaction; X2 leaving, mail cancelled and the successor
 * told happen after the commit.
 */
import { OWNER } from "./levels.js";
import { mailRef } from "./types.js";
export class Succession {
    deps;
    constructor(deps) {
        this.deps = deps;
    }
    /** Live registrations the account owns (held, unverified or active). */
    owned(accountId) {
        return this.deps.store.ownedLive(accountId);
    }
    /** Live channels where the account has access, with its level (its own channels included). */
    accessHeld(accountId) {
        return this.deps.store.accessForAccount(accountId);
    }
    /** The access list of a registration, highest level first (succession candidates). */
    accessEntries(channelId) {
        return this.deps.store.accessList(channelId);
    }
    /**
     * Hands over or drops every live registration the account owns, as `plan` says (a registration
     * the plan does not cover is a bug: it throws, and the caller's transaction rolls back), then
     * removes its remaining access entries; each change audited with `caseNumber`. Returns what was
     * done and the effects for after the commit.
     */
    releaseInTransaction(accountId, plan, caseNumber, by) {
        const { store, audit, accounts } = this.deps;
        const now = this.deps.clock.now();
        const released = { succeeded: [], dropped: [], accessRemoved: [] };
        const effects = [];
        for (const record of store.ownedLive(accountId)) {
            if (!plan.has(record.id))
                throw new Error(`deletion ${caseNumber}: no plan for ${record.name}`);
            // Suspended by the account's freeze (X2 left it): the freeze record goes with the account.
            const suspended = this.deps.suspensions.isSuspended(record.id);
            const successorId = plan.get(record.id) ?? null;
            const successor = successorId ? accounts.byId(successorId) : undefined;
            if (successorId && (!successor || successor.status !== "active" || record.state !== "active")) {
                throw new Error(`deletion ${caseNumber}: ${successorId} cannot succeed to ${record.name}`);
            }
            if (successor) {
                if (!store.transferOwner(record.id, accountId, successor.id, successor.email, successor.emailCanonical)) {
                    throw new Error(`deletion ${caseNumber}: the owner of ${record.name} changed meanwhile`);
                }
                store.removeAccess(record.id, accountId);
                if (store.accessOf(record.id, successor.id))
                    store.setLevel(record.id, successor.id, OWNER);
                else
                    store.addAccess(record.id, successor.id, OWNER, "system", now);
                audit.record({ actor: by, action: "channel.succession", target: record.name, details: { id: record.id, from: accountId, to: successor.id, case: caseNumber } });
                released.succeeded.push({ id: record.id, channel: record.name, successor: successor.id });
                effects.push(() => {
                    if (suspended)
                        this.rejoin(record.id);
                    this.tellSuccessor(record.name, successor.id);
                });
                continue;
            }
            if (!store.end(record.id, "dropped", now, `owner account deleted (case ${caseNumber})`)) {
                throw new Error(`deletion ${caseNumber}: ${record.name} ended meanwhile`);
            }
            audit.record({ actor: by, action: "channel.dropped", target: record.name, details: { id: record.id, reason: "owner deleted", case: caseNumber } });
            released.dropped.push({ id: record.id, channel: record.name });
            effects.push(() => this.afterDrop(record, suspended));
        }
        for (const { channel, level } of store.accessForAccount(accountId)) {
            audit.record({ actor: by, action: "channel.access.del", target: channel.name, details: { account: accountId, level, case: caseNumber } });
            released.accessRemoved.push({ channel: channel.name, level });
        }
        store.removeAllAccess(accountId);
        return { released, afterCommit: () => effects.forEach((effect) => effect()) };
    }
    /** Empties the connection details of the registrations the account made (nick, ident, host, IP). Inside the caller's transaction. */
    scrubRegistrantInTransaction(accountId) {
        return this.deps.store.scrubRegistrant(accountId);
    }
    afterDrop(record, suspended) {
        this.deps.ended(record.id);
        this.deps.mail.cancel(mailRef(record.id));
        if (record.state !== "held" && !suspended)
            this.deps.actions.partChannel("x2", record.name, { kind: "channel-ended", state: "dropped" });
    }
    /** A suspended channel handed over is no longer suspended: X2 joins again and gives the users present their status. */
    rejoin(id) {
        const live = this.deps.store.byId(id);
        if (!live || live.state !== "active")
            return;
        this.deps.actions.joinChannel("x2", live.name, live.ts ?? undefined);
        this.deps.statusAll(live);
    }
    tellSuccessor(channel, successorId) {
        for (const user of this.deps.network.usersOnAccount(successorId))
            this.deps.actions.notify(user.uid, { kind: "channel-inherited", channel });
    }
}
//# sourceMappingURL=succession.js.map