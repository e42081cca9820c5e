import { AccessLists } from "./access.js";
import { Activation } from "./activation.js";
import { ChannelExpiry } from "./expiry.js";
import { ChannelFreezing } from "./freezing.js";
import { Lifecycle } from "./lifecycle.js";
import { ChannelRegistration } from "./registration.js";
import { Review } from "./review.js";
import { Succession } from "./succession.js";
import { ReviewNotices } from "./review-notices.js";
import { ChannelVisits } from "./visits.js";
import { X2Presence } from "./x2-presence.js";
export { sha256 } from "./registration.js";
export * from "./types.js";
export class ChannelService {
    deps;
    visits;
    expiry;
    /** Where X2 sits: rejoining after kicks, staying out after too many (OperServ REJOIN). */
    x2;
    registration;
    activation;
    review;
    lifecycle;
    access;
    freezing;
    succession;
    detach = [];
    constructor(deps) {
        this.deps = deps;
        const ownerName = (id) => this.ownerName(id);
        const endChannel = (record, state, reason, by, inTransaction) => this.lifecycle.endChannel(record, state, reason, by, inTransaction);
        this.visits = new ChannelVisits(deps);
        this.x2 = new X2Presence({ ...deps, ownerName });
        this.access = new AccessLists({ ...deps, endChannel, ownerName });
        this.lifecycle = new Lifecycle({
            ...deps,
            ended: (record) => {
                this.access.forgetConfirmation(record.id);
                this.x2.forget(record.name);
            },
        });
        const tellRegistrant = this.lifecycle.tellRegistrant.bind(this.lifecycle);
        this.registration = new ChannelRegistration({
            ...deps,
            dropCreatedAccount: (id, reason, by) => this.lifecycle.dropCreatedAccount(id, reason, by),
            reviewers: new ReviewNotices(deps),
        });
        this.activation = new Activation({ ...deps, visits: this.visits, ownerName });
        this.review = new Review({ ...deps, accept: (a) => this.registration.accept(a), endChannel, tellRegistrant, ownerName });
        this.expiry = new ChannelExpiry({ ...deps, endChannel, tellRegistrant, tellOwner: this.lifecycle.tellOwner.bind(this.lifecycle) });
        this.freezing = new ChannelFreezing({ ...deps, visits: this.visits });
        this.succession = new Succession({ ...deps, ended: (id) => this.access.forgetConfirmation(id), statusAll: (record) => this.visits.statusAll(record) });
        this.listen();
    }
    /** The registrations table (tests read it; other parts use the methods below). */
    get store() {
        return this.deps.store;
    }
    /** Stops listening to the accounts domain's events. */
    dispose() {
        for (const off of this.detach.splice(0))
            off();
    }
    // ------------------------------------------------------------------------------------------
    // Registration and activation
    nameProblem(name) {
        return this.registration.nameProblem(name);
    }
    register(actor, name, email) {
        return this.registration.register(actor, name, email);
    }
    verify(actor, name, code) {
        return this.activation.verify(actor, name, code);
    }
    // ------------------------------------------------------------------------------------------
    // Review
    reviewList(filter, limit = 50) {
        return this.review.list(filter, limit);
    }
    reviewShow(id) {
        return this.review.show(id);
    }
    approve(id, oper) {
        return this.review.approve(id, oper);
    }
    reject(id, oper, reason, blacklist) {
        return this.review.reject(id, oper, reason, blacklist);
    }
    note(id, oper, text) {
        return this.review.note(id, oper, text);
    }
    // ------------------------------------------------------------------------------------------
    // Access
    levelOf(record, actor) {
        return this.access.levelOf(record, actor);
    }
    info(actor, name) {
        return this.access.info(actor, name);
    }
    /** The access list; of a suspended channel only for opers who may view channels (when `actor` is given). */
    accessList(name, actor) {
        return this.access.accessList(name, actor);
    }
    addUser(actor, name, reference, levelText) {
        return this.access.addUser(actor, name, reference, levelText);
    }
    delUser(actor, name, reference) {
        return this.access.delUser(actor, name, reference);
    }
    clvl(actor, name, reference, levelText) {
        return this.access.clvl(actor, name, reference, levelText);
    }
    setStatus(actor, name, change, targetNick) {
        return this.access.setStatus(actor, name, change, targetNick);
    }
    unregister(actor, name, code) {
        return this.access.unregister(actor, name, code);
    }
    /** What the registration policy counts (RegistrationCounts): the channels an address holds, and the pending ones. */
    countForEmail(canonical) {
        return this.deps.store.countForEmail(canonical);
    }
    pendingCount() {
        return this.deps.store.pendingCount();
    }
    /** Requests held for an oper's review (the review queue). */
    heldCount() {
        return this.deps.store.countInState("held");
    }
    oldestPendingAt() {
        return this.deps.store.oldestPendingAt();
    }
    /** Live registrations the account founded, and live ones where it has other access (NickServ INFO on a degraded account). */
    accessCounts(accountId) {
        return this.deps.store.accessCounts(accountId);
    }
    // ------------------------------------------------------------------------------------------
    // Account deletion cases (src/services/lifecycle/deletion; see succession.ts)
    /** Live registrations the account owns. */
    ownedBy(accountId) {
        return this.succession.owned(accountId);
    }
    /** Live channels where the account has access, with its level. */
    accessHeldBy(accountId) {
        return this.succession.accessHeld(accountId);
    }
    /** A registration's access list, highest level first. */
    accessEntries(channelId) {
        return this.succession.accessEntries(channelId);
    }
    /** Registration requests held for review that the account made or would own. */
    heldRequestsOf(accountId) {
        return this.deps.store.heldFor(accountId);
    }
    /** Every registration, live or ended, the account owns or made (its export). */
    recordsOf(accountId) {
        return this.deps.store.recordsOf(accountId);
    }
    /** Access entries the account gave others, and staff notes written under its name. */
    authoredBy(accountId, name) {
        return this.deps.store.authoredBy(accountId, name);
    }
    /** Hands over or drops the account's registrations and removes its access, inside the caller's transaction. */
    releaseAccountInTransaction(accountId, plan, caseNumber, by) {
        return this.succession.releaseInTransaction(accountId, plan, caseNumber, by);
    }
    /** Empties the connection details of the registrations the account made, inside the caller's transaction. */
    scrubRegistrantInTransaction(accountId) {
        return this.succession.scrubRegistrantInTransaction(accountId);
    }
    // ------------------------------------------------------------------------------------------
    // Lifecycle and the network
    /** Ends a live registration (see lifecycle.ts). */
    endChannel(record, state, reason, by, inTransaction) {
        return this.lifecycle.endChannel(record, state, reason, by, inTransaction);
    }
    /** The live registration of a channel name, if any. */
    live(name) {
        return this.deps.store.live(name);
    }
    /** The registrations X2 sits in (unverified and active, not suspended), with their stored timestamps (null: none yet). */
    joinable() {
        const suspended = this.deps.suspensions.suspendedIds();
        return this.deps.store
            .joinable()
            .filter((c) => !suspended.has(c.id))
            .map((c) => ({ id: c.id, name: c.name, ts: c.ts }));
    }
    /** Stores the timestamp the network has for a registered channel (it is used to rejoin after a relink). */
    recordTimestamp(id, ts) {
        this.deps.store.setTs(id, ts);
    }
    // ------------------------------------------------------------------------------------------
    // Freezes (src/services/lifecycle/freeze): each change runs inside the caller's transaction
    /** Live channels only `accountId` can manage (no other owner or coowner that is verified and not frozen). */
    soleManagedBy(accountId) {
        return this.freezing.soleManagedBy(accountId);
    }
    /** Removes the account's access entries in every live registration, audited; returns them whole. */
    takeAccess(accountId, by, freezeId) {
        return this.freezing.takeAccess(accountId, by, freezeId);
    }
    /** Puts a taken entry back where the registration is live and nobody gave the account access again meanwhile. */
    restoreAccess(accountId, saved, by, freezeId) {
        return this.freezing.restoreAccess(accountId, saved, by, freezeId);
    }
    /** Audits a channel's suspension; the returned effect (after the commit) has X2 leave it. */
    suspend(record, accountId, by, freezeId) {
        return this.freezing.suspend(record, accountId, by, freezeId);
    }
    /** Audits the end of a suspension; the returned effect has X2 join again with op and set statuses. */
    resume(record, by, freezeId) {
        return this.freezing.resume(record, by, freezeId);
    }
    /** A registration by id, live or ended. */
    byId(id) {
        return this.freezing.byId(id);
    }
    ownerName(accountId) {
        if (!accountId)
            return null;
        return this.deps.accounts.byId(accountId)?.name ?? `?${accountId}`;
    }
    /**
     * Follows the accounts domain: logins and verifications activate channels; a dropped account ends
     * the ones it held. The accounts service guards its listeners (a bug here is reported, not thrown).
     */
    listen() {
        const { accounts } = this.deps;
        const onLogin = (account, uid, info) => this.activation.onLogin(account, uid, info.generatedPassword, info.via === "burst");
        const onVerified = (account) => this.activation.onVerified(account);
        const onDropped = (accountId, reason) => this.lifecycle.accountDropped(accountId, reason);
        accounts.on("loggedIn", onLogin);
        accounts.on("verified", onVerified);
        accounts.on("dropped", onDropped);
        this.detach.push(() => accounts.off("loggedIn", onLogin), () => accounts.off("verified", onVerified), () => accounts.off("dropped", onDropped));
    }
}
//# sourceMappingURL=service.js.map