import { formatDuration } from "../../util/duration.js";
import { err, ok } from "../../util/result.js";
import { codeMailRef } from "./context.js";
import { CODES_PER_DAY } from "./types.js";
const DAY = 86_400_000;
export class CodeMail {
    deps;
    constructor(deps) {
        this.deps = deps;
    }
    /**
     * Checks the mail limits of a code purpose: one per resend_interval, and CODES_PER_DAY a day
     * (for 'register', counting resends only: the first mail is free). Returns a refusal or null.
     */
    limit(accountId, purpose) {
        const now = this.deps.clock.now();
        const interval = this.deps.config.nickserv.resend_interval;
        const issued = this.deps.codes.issuedSince(accountId, purpose, now - DAY);
        const last = issued[issued.length - 1];
        if (last && now - last.createdAt < interval) {
            return { kind: "code-interval", purpose, intervalMs: interval, retryAfterMs: last.createdAt + interval - now };
        }
        const counted = purpose === "register" ? issued.filter((c) => c.data === "resend") : issued;
        const first = counted[0];
        if (counted.length >= CODES_PER_DAY && first) {
            return { kind: "code-daily", purpose, count: counted.length, limit: CODES_PER_DAY, retryAfterMs: first.createdAt + DAY - now };
        }
        return null;
    }
    /**
     * Issues a fresh code of `purpose` (voiding the live one and taking back its queued mail) and
     * audits the request, in one transaction. The caller mails the code.
     */
    issue(accountId, purpose, lifetimeMs, data, audit) {
        this.deps.mail.cancel(codeMailRef(accountId, purpose));
        const now = this.deps.clock.now();
        return this.deps.store.db.transaction(() => {
            const issued = this.deps.codes.issue(accountId, purpose, now, lifetimeMs, data);
            this.deps.audit.record(audit);
            return issued;
        })();
    }
    /**
     * Mails a fresh registration code (the old one is voided) to the account's address; `audit`,
     * when given, is recorded with the new code in one transaction.
     */
    mailRegisterCode(account, audit) {
        const { config, codes, mail, clock } = this.deps;
        const now = clock.now();
        const deadline = account.createdAt + config.nickserv.verify_window;
        const lifetime = account.origin === "nickserv" ? deadline - now : config.nickserv.code_lifetime;
        if (lifetime <= 0)
            return err({ kind: "registration-expired", account: account.name });
        const ref = codeMailRef(account.id, "register");
        mail.cancel(ref);
        const issued = this.deps.store.db.transaction(() => {
            const code = codes.issue(account.id, "register", now, lifetime, "resend");
            if (audit)
                this.deps.audit.record(audit);
            return code;
        })();
        mail.queue("account_verify", account.email, { account: account.name, code: issued.code, verifyWindow: formatDuration(lifetime), serviceNick: config.pseudoclients.nickserv.nick }, { ref });
        return ok({ expiresAt: issued.expiresAt });
    }
    /** Takes back every code mail still queued for the account (it is gone). */
    cancelAll(accountId) {
        for (const purpose of ["register", "email", "resetpass", "delete"])
            this.deps.mail.cancel(codeMailRef(accountId, purpose));
    }
}
//# sourceMappingURL=code-mail.js.map