/**
 * The accounts domain's part of a deletion case (issue 18; src/services/lifecycle/deletion):
 * what of an account is personal (its names and addresses, for the scrub), its deletion code,
 * and erasing it bottom-up inside the caller's transaction: its nicks first (registered, expired
 * and held), then its own rows (codes, marks, certificate fingerprints), then the account row.
 * The effects outside the database (sessions, events) run after the caller's commit.
 */
import { err, ok } from "../../util/result.js";
import { codeMailRef, frozenFailure } from "./context.js";
import { degradedName } from "./names.js";
export class Erasure {
    deps;
    q;
    constructor(deps) {
        this.deps = deps;
        const db = deps.store.db;
        this.q = {
            nicks: db.prepare("SELECT nick FROM account_nicks WHERE account_id = ?"),
            expiredNicks: db.prepare("SELECT nick FROM expired_nicks WHERE account_id = ?"),
            pendingEmails: db.prepare("SELECT data FROM account_codes WHERE account_id = ? AND purpose = 'email' AND data IS NOT NULL"),
            deleteNicks: db.prepare("DELETE FROM account_nicks WHERE account_id = ?"),
            deleteExpiredNicks: db.prepare("DELETE FROM expired_nicks WHERE account_id = ?"),
            deleteCodes: db.prepare("DELETE FROM account_codes WHERE account_id = ?"),
            deleteMarks: db.prepare("DELETE FROM account_marks WHERE account_id = ?"),
            deleteCertfps: db.prepare("DELETE FROM account_certfps WHERE account_id = ?"),
        };
    }
    personalValues(accountId) {
        const account = this.deps.store.byId(accountId);
        if (!account)
            return undefined;
        const names = new Set([account.name]);
        if (account.originalName) {
            names.add(account.originalName);
            names.add(degradedName(account.id, account.originalName));
        }
        for (const row of this.q.nicks.all(accountId))
            names.add(row.nick);
        for (const row of this.q.expiredNicks.all(accountId))
            names.add(row.nick);
        const emails = new Set([account.email, account.emailCanonical]);
        for (const row of this.q.pendingEmails.all(accountId))
            emails.add(row.data);
        return { names: [...names], emails: [...emails] };
    }
    /** A deletion confirmation code, within the same limits as the other mailed codes. The caller mails it with `mailRef`. */
    issueDeletionCode(accountId, actor) {
        const account = this.deps.store.byId(accountId);
        if (!account)
            return err({ kind: "account-gone" });
        if (account.frozen)
            return err(frozenFailure(this.deps.freezes, account, true));
        const limited = this.deps.codeMail.limit(accountId, "delete");
        if (limited)
            return err(limited);
        const lifetimeMs = this.deps.config.nickserv.code_lifetime;
        const issued = this.deps.codeMail.issue(accountId, "delete", lifetimeMs, null, { actor, action: "account.delete.request", target: accountId });
        return ok({ code: issued.code, expiresAt: issued.expiresAt, lifetimeMs, mailRef: codeMailRef(accountId, "delete") });
    }
    /** Checks a deletion code and uses it up (single use). */
    consumeDeletionCode(accountId, code) {
        const account = this.deps.store.byId(accountId);
        if (!account)
            return err({ kind: "account-gone" });
        const used = this.deps.codes.consume(accountId, "delete", code, this.deps.clock.now());
        if (!used.ok)
            return err({ kind: "code", failure: used.error, purpose: "delete", account: account.name });
        return ok(undefined);
    }
    /**
     * Erases the account inside the caller's transaction: nicks, expired nicks, then codes, marks
     * and fingerprints, then the account row (a reference that does not cascade makes this throw,
     * and the caller's transaction rolls back). Returns the counts and what to do after the commit:
     * end its sessions, tell the ircd and its users, announce `dropped` with `reason`.
     */
    eraseInTransaction(accountId, reason) {
        const { store, log } = this.deps;
        if (!store.byId(accountId))
            throw new Error(`erase: no account ${accountId}`);
        // Holds on its nicks still running at the ircd are lifted after the commit; every row goes now.
        const held = this.deps.holds.ofAccount(accountId, this.deps.clock.now()).map((h) => h.nick);
        this.deps.holds.deleteOfAccount(accountId);
        const erased = {
            nicks: this.q.deleteNicks.run(accountId).changes,
            expiredNicks: this.q.deleteExpiredNicks.run(accountId).changes,
            codes: this.q.deleteCodes.run(accountId).changes,
            marks: this.q.deleteMarks.run(accountId).changes,
            certfps: this.q.deleteCertfps.run(accountId).changes,
        };
        store.delete(accountId);
        return {
            erased,
            afterCommit: () => {
                const { network, actions, events } = this.deps;
                this.deps.codeMail.cancelAll(accountId);
                for (const nick of held)
                    actions.releaseNick(nick);
                for (const uid of this.deps.endLogins(accountId)) {
                    if (network.user(uid)) {
                        actions.setLogin(uid, null);
                        actions.notify(uid, { kind: "account-dropped", reason });
                    }
                    events.emit("loggedOut", accountId, uid);
                }
                log.info({ account: accountId, reason }, "account erased");
                events.emit("dropped", accountId, reason);
            },
        };
    }
}
//# sourceMappingURL=erasure.js.map