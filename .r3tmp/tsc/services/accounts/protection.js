/**
 * Nick protection: a user on a registered nick who is not logged in to its owner is told to
 * identify, and is renamed to a guest nick when the grace period passes (nickserv.guest_grace).
 *
 * Only nicks of active accounts are protected: an unverified account is inert (docs/architecture.md §5).
 * A frozen account is still active, so its nicks stay protected. Degraded names are never nicks, so
 * they never match. Services' own clients are never touched.
 *
 * Deadlines are compared with the injected clock by `tick()`, which the wiring calls from a short
 * real-time ticker and from the maintenance loop; tests call it directly after moving the clock.
 *
 * After a guest rename the nick is held by the ircd (SVSHOLD) for nickserv.guest_hold, so that the
 * renamed user cannot take it straight back. The ircd ends a hold by itself; services remember the
 * holds they set (in SQLite, nick-holds.ts, until they end, so a restart keeps them) so that they
 * lift only those: when the owner logs in
 * (IDENTIFY, SASL, VERIFY, REGAIN, RECLAIM), uses GHOST or REGAIN on the nick, or the account is
 * dropped. InspIRCd 3 lets services' SVSNICK onto a held nick (only a user's own NICK is refused;
 * test/e2e/nick-hold.test.ts), but REGAIN lifts the hold first all the same: left in place, it would
 * refuse the owner coming back to the nick after leaving it.
 */
import { randomInt } from "node:crypto";
import { foldName } from "./names.js";
export class NickProtection {
    deps;
    options;
    pending = new Map();
    maxNickLength;
    constructor(deps, options) {
        this.deps = deps;
        this.options = options;
        this.maxNickLength = options.maxNickLength ?? 30;
    }
    /**
     * The account that protects `nick`, or null when the nick is free to use: not registered, or
     * registered to an account that is not active (unverified accounts are inert).
     */
    protector(nick) {
        const owner = this.deps.store.nickOwner(nick);
        if (!owner)
            return null;
        const account = this.deps.store.byId(owner.accountId);
        if (!account || account.status !== "active")
            return null;
        return { accountId: account.id, name: account.name };
    }
    /**
     * Looks at a user's current nick: called when they connect, change nick, log in or out, and when
     * an account's nicks become protected. Warns once per nick and starts the grace period.
     */
    check(uid) {
        const user = this.deps.network.user(uid);
        if (!user || this.deps.isService(uid)) {
            this.pending.delete(uid);
            return "free";
        }
        const protector = this.protector(user.nick);
        if (!protector) {
            this.pending.delete(uid);
            return "free";
        }
        if (this.deps.accountOf(uid) === protector.accountId) {
            this.pending.delete(uid);
            return "identified";
        }
        const existing = this.pending.get(uid);
        if (existing && foldName(existing.nick) === foldName(user.nick) && existing.accountId === protector.accountId)
            return "waiting";
        const deadline = this.deps.clock.now() + this.options.graceMs;
        this.pending.set(uid, { uid, nick: user.nick, accountId: protector.accountId, deadline });
        this.deps.actions.notify(uid, { kind: "identify-warning", nick: user.nick, graceMs: this.options.graceMs });
        this.deps.log?.debug({ uid, nick: user.nick, account: protector.accountId, deadline }, "protected nick in use; grace period started");
        return "warned";
    }
    /** Drops what is known of a user (quit). */
    forget(uid) {
        this.pending.delete(uid);
    }
    /**
     * Drops every pending rename (the link was lost: the network state is rebuilt from the next burst).
     * Holds are kept: the ircd keeps them across a relink.
     */
    clear() {
        this.pending.clear();
    }
    pendingFor(uid) {
        const entry = this.pending.get(uid);
        return entry ? { ...entry } : undefined;
    }
    pendingRenames() {
        return [...this.pending.values()].map((p) => ({ ...p }));
    }
    /**
     * Renames the users whose grace period has passed and who still hold the protected nick without
     * having identified, and holds the nick they had (nickserv.guest_hold). Returns what it did.
     */
    tick() {
        const now = this.deps.clock.now();
        const done = [];
        this.deps.holds.purge(now);
        for (const entry of [...this.pending.values()]) {
            if (entry.deadline > now)
                continue;
            this.pending.delete(entry.uid);
            const user = this.deps.network.user(entry.uid);
            if (!user || foldName(user.nick) !== foldName(entry.nick))
                continue;
            const protector = this.protector(user.nick);
            if (!protector || this.deps.accountOf(entry.uid) === protector.accountId)
                continue;
            const from = user.nick;
            const guest = this.guestNick();
            const holdMs = this.options.holdMs ?? 0;
            this.deps.actions.notify(entry.uid, { kind: "guest-renamed", from, guest, holdMs });
            this.deps.actions.forceNick(entry.uid, guest);
            if (holdMs > 0)
                this.hold(from, protector.accountId, holdMs);
            this.deps.log?.info({ uid: entry.uid, from, to: guest, account: protector.accountId, holdMs }, "guest rename of an unidentified user");
            done.push({ uid: entry.uid, from, to: guest });
        }
        return done;
    }
    /**
     * Asks the ircd to hold `nick` for `ms` (whole seconds, at least one). A hold services already set
     * on it is lifted first: the ircd does not replace a hold, so this is how it starts again.
     */
    hold(nick, accountId, ms) {
        const now = this.deps.clock.now();
        const existing = this.deps.holds.get(nick);
        if (existing && existing.until > now)
            this.deps.actions.releaseNick(nick);
        const seconds = Math.max(1, Math.ceil(ms / 1000));
        this.deps.actions.holdNick(nick, seconds, { kind: "guest-rename", nick });
        this.deps.holds.put({ nick, accountId, until: now + seconds * 1000 }, now);
    }
    /**
     * Lifts the hold services set on `nick`, if it has not ended yet and (when `accountId` is given)
     * was set for that account. Returns whether a release was sent.
     */
    releaseHold(nick, accountId) {
        const hold = this.deps.holds.get(nick);
        if (!hold || (accountId !== undefined && hold.accountId !== accountId))
            return false;
        this.deps.holds.delete(nick);
        if (hold.until <= this.deps.clock.now())
            return false;
        this.deps.actions.releaseNick(hold.nick);
        this.deps.log?.info({ nick: hold.nick, account: hold.accountId }, "nick hold lifted");
        return true;
    }
    /** Lifts every unended hold services set for an account's nicks; returns the nicks released. */
    releaseHoldsOf(accountId) {
        const released = [];
        for (const hold of this.deps.holds.ofAccount(accountId, this.deps.clock.now())) {
            if (this.releaseHold(hold.nick, accountId))
                released.push(hold.nick);
        }
        return released;
    }
    /** The holds services set that have not ended yet. */
    holds() {
        return this.deps.holds.active(this.deps.clock.now());
    }
    /** `<prefix><digits>`, not in use on the network and within the nick length limit. */
    guestNick() {
        const room = Math.max(1, Math.min(5, this.maxNickLength - this.options.guestPrefix.length));
        const digits = this.deps.randomDigits ?? (() => String(randomInt(10 ** (room - 1), 10 ** room)));
        let candidate = "";
        for (let attempt = 0; attempt < 20; attempt++) {
            candidate = (this.options.guestPrefix + digits()).slice(0, this.maxNickLength);
            if (!this.deps.network.user(candidate) && !this.protector(candidate))
                return candidate;
        }
        return candidate;
    }
}
//# sourceMappingURL=protection.js.map