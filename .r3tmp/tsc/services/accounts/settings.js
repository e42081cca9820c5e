/**
 * Settings: SET PASSWORD / SETPASS, SET EMAIL (a code to the new address; before verification
 * the address changes at once), and the options (EXPMAIL, HIDEMAIL).
 */
import { formatDuration } from "../../util/duration.js";
import { err, ok } from "../../util/result.js";
import { emailDomain } from "../mail/address.js";
import { codeMailRef, frozenFailure, scryptOf } from "./context.js";
import { hashPassword } from "./password.js";
export class Settings {
    deps;
    constructor(deps) {
        this.deps = deps;
    }
    /**
     * SET PASSWORD (the owner, action account.password) and SETPASS (staff): a new chosen password.
     * The owner's is refused while the account is frozen; staff may still set one.
     */
    async changePassword(accountId, password, actor, action = "account.password") {
        const { store, codes, audit, throttle } = this.deps;
        const account = store.byId(accountId);
        if (!account)
            return err({ kind: "account-gone" });
        if (account.frozen && action === "account.password")
            return err(frozenFailure(this.deps.freezes, account, true));
        const names = [account.name, ...store.nicksOf(account.id).map((n) => n.nick)];
        const problem = this.deps.rules.passwordProblem(password, names, account.email);
        if (problem)
            return err(problem);
        const hash = await hashPassword(password, scryptOf(this.deps.config));
        const now = this.deps.clock.now();
        store.db.transaction(() => {
            store.setPassword(account.id, hash, false);
            codes.voidActive(account.id, "resetpass", now);
            audit.record({ actor, action, target: account.id });
        })();
        throttle.recordSuccess(account.id);
        return ok(store.byId(account.id) ?? account);
    }
    /**
     * SET EMAIL by a logged-in owner: mails a code to the new address; the address changes only when
     * the code is given (VERIFY EMAIL). Refused for frozen accounts.
     */
    requestEmailChange(accountId, input, actor) {
        const { store, config, mail, codeMail } = this.deps;
        const account = store.byId(accountId);
        if (!account)
            return err({ kind: "account-gone" });
        if (account.frozen)
            return err(frozenFailure(this.deps.freezes, account, true));
        const address = this.deps.rules.emailProblem(input, account.id);
        if (!address.ok)
            return address;
        const email = address.value.email;
        if (email === account.email)
            return err({ kind: "email-unchanged", email, account: account.name, pending: false });
        const limited = codeMail.limit(account.id, "email");
        if (limited)
            return err(limited);
        const lifetime = config.nickserv.code_lifetime;
        const issued = codeMail.issue(account.id, "email", lifetime, email, {
            actor,
            action: "account.email.request",
            target: account.id,
            details: { to: emailDomain(email) },
        });
        mail.queue("email_change_verify", email, { account: account.name, code: issued.code, newEmail: email, verifyWindow: formatDuration(lifetime), serviceNick: config.pseudoclients.nickserv.nick }, { ref: codeMailRef(account.id, "email") });
        return ok({ account, email, expiresAt: issued.expiresAt });
    }
    /**
     * SET EMAIL before verification (the address was mistyped): changes it at once, voids the old
     * code and mails a new one to the new address. Counts toward the resend limits.
     */
    changePendingEmail(uid, nick, input) {
        const { store, audit, codeMail } = this.deps;
        const frozen = this.deps.frozenOwnerOf(uid);
        if (frozen)
            return err(frozenFailure(this.deps.freezes, frozen, true));
        const pending = this.deps.pendingAccountOf(uid);
        if (!pending)
            return err({ kind: "set-email-needs-login" });
        if (pending.frozen)
            return err(frozenFailure(this.deps.freezes, pending, true));
        const address = this.deps.rules.emailProblem(input, pending.id);
        if (!address.ok)
            return address;
        const email = address.value.email;
        if (email === pending.email)
            return err({ kind: "email-unchanged", email, account: pending.name, pending: true });
        const limited = codeMail.limit(pending.id, "register");
        if (limited)
            return err(limited);
        store.db.transaction(() => {
            store.setEmail(pending.id, email, address.value.canonical);
            audit.record({
                actor: `${uid}:${nick}`,
                action: "account.email",
                target: pending.id,
                details: { from: emailDomain(pending.email), to: emailDomain(email), unverified: true },
            });
        })();
        const updated = store.byId(pending.id) ?? pending;
        const sent = codeMail.mailRegisterCode(updated);
        if (!sent.ok)
            return sent;
        return ok({ account: updated, email, expiresAt: sent.value.expiresAt });
    }
    /** SET EXPMAIL / SET HIDEMAIL. */
    setOption(accountId, option, on, actor) {
        const { store, audit } = this.deps;
        const account = store.byId(accountId);
        if (!account)
            return err({ kind: "account-gone" });
        const flag = option === "expmail" ? "expmail" : "hide_email";
        store.db.transaction(() => {
            store.setFlag(account.id, flag, on);
            audit.record({ actor, action: `account.set.${option}`, target: account.id, details: { on } });
        })();
        return ok(store.byId(account.id) ?? account);
    }
}
//# sourceMappingURL=settings.js.map