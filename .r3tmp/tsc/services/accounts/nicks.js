/** An account's nicknames: GROUP, UNGROUP, and taking a nick back (GHOST, REGAIN). */
import { err, ok } from "../../util/result.js";
import { frozenFailure } from "./context.js";
import { foldName } from "./names.js";
export class Nicks {
    deps;
    constructor(deps) {
        this.deps = deps;
    }
    /** GROUP: adds `nick` (the user's current nick) to the account. */
    group(accountId, nick, actor) {
        const { store, audit, config } = this.deps;
        const account = store.byId(accountId);
        if (!account)
            return err({ kind: "account-gone" });
        if (account.frozen)
            return err(frozenFailure(this.deps.freezes, account, true));
        if (store.nickOwner(nick)?.accountId === account.id)
            return err({ kind: "nick-already-grouped", nick });
        const problem = this.deps.rules.nickRegistrationProblem(nick);
        if (problem)
            return err(problem);
        const max = config.nickserv.max_grouped_nicks;
        const nicks = store.nicksOf(account.id);
        if (nicks.length >= max)
            return err({ kind: "too-many-nicks", count: nicks.length, max });
        store.db.transaction(() => {
            store.addNick(account.id, nick, this.deps.clock.now());
            audit.record({ actor, action: "account.group", target: account.id, details: { nick } });
        })();
        return ok({ account, count: nicks.length + 1 });
    }
    /** UNGROUP: removes a grouped nick (never the account's name). */
    ungroup(accountId, nick, actor) {
        const { store, audit } = this.deps;
        const account = store.byId(accountId);
        if (!account)
            return err({ kind: "account-gone" });
        const owner = store.nickOwner(nick);
        if (!owner || owner.accountId !== account.id)
            return err({ kind: "nick-not-grouped", nick });
        if (foldName(owner.nick) === foldName(account.name))
            return err({ kind: "nick-is-account-name", nick: owner.nick });
        store.db.transaction(() => {
            store.removeNick(owner.nick);
            audit.record({ actor, action: "account.ungroup", target: account.id, details: { nick: owner.nick } });
        })();
        return ok(account);
    }
    /**
     * GHOST / REGAIN: the caller owns `nick` when logged in to its account (or to the account the
     * user holding it is logged in to), or when `password` is its account's password. GHOST
     * disconnects the user holding it; REGAIN does that, logs the caller in and renames them to it.
     */
    async reclaimNick(mode, actor, nick, password) {
        const { store, sessions, network, actions, audit, events } = this.deps;
        const target = network.user(nick);
        if (target && target.uid === actor.uid)
            return err(mode === "ghost" ? { kind: "ghost-self" } : { kind: "regain-self", nick: target.nick });
        if (mode === "ghost" && !target)
            return err({ kind: "nick-offline", nick });
        const owner = store.byNick(nick);
        const current = this.deps.accountOf(actor.uid);
        let authorised = null;
        let generated = false;
        if (password !== null) {
            if (!owner)
                return err({ kind: "nick-unregistered", nick });
            const auth = await this.deps.authenticate(owner.id, password, actor.ip);
            if (!auth.ok)
                return err({ kind: "auth", failure: auth.error, reference: nick });
            authorised = auth.value.account;
            generated = auth.value.generatedPassword;
        }
        else if (current && (owner?.id === current.id || (target && sessions.get(target.uid)?.accountId === current.id))) {
            authorised = current;
        }
        else if (current && current.frozen) {
            return err(frozenFailure(this.deps.freezes, current, true));
        }
        else {
            if (!owner)
                return err({ kind: "nick-unregistered", nick });
            return err({ kind: "nick-not-owned", nick, mode });
        }
        if (authorised.frozen)
            return err(frozenFailure(this.deps.freezes, authorised, true));
        if (mode === "regain" && owner && owner.id !== authorised.id)
            return err({ kind: "nick-other-account", nick });
        const done = { disconnected: null, loggedInAs: null, regained: null };
        const actorRef = current ? current.id : `${actor.uid}:${actor.nick}`;
        // Lift a hold on the nick (set after a guest rename) before the kill and the rename: the owner gets it back for good.
        events.emit("nickReclaim", authorised.id, store.nickOwner(nick)?.nick ?? target?.nick ?? nick);
        if (target) {
            actions.killUser(target.uid, { kind: mode, by: actor.nick });
            audit.record({ actor: actorRef, action: `account.${mode}`, target: authorised.id, details: { nick: target.nick, killed: target.uid } });
            done.disconnected = target.nick;
        }
        if (mode === "regain") {
            if (!current || current.id !== authorised.id) {
                this.deps.login(actor.uid, authorised, "identify", generated);
                done.loggedInAs = authorised.name;
            }
            const spelled = store.nickOwner(nick)?.nick ?? target?.nick ?? nick;
            actions.forceNick(actor.uid, spelled);
            done.regained = spelled;
        }
        return ok(done);
    }
}
//# sourceMappingURL=nicks.js.map