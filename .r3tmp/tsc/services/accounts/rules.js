import { err, ok } from "../../util/result.js";
import { canonicalEmail, matchingMask, validateEmail } from "../mail/address.js";
import { DEGRADED_NAME, ENTITY_ID, foldName, nickProblem } from "./names.js";
import { MAX_PASSWORD_LENGTH } from "./types.js";
export class AccountRules {
    deps;
    constructor(deps) {
        this.deps = deps;
    }
    /** Why `nick` cannot become a registered nickname (a new account's name or a grouped nick), or null. */
    nickRegistrationProblem(nick) {
        const problem = nickProblem(nick);
        if (problem)
            return problem;
        if (ENTITY_ID.test(nick.toUpperCase()) || DEGRADED_NAME.test(nick))
            return { kind: "nick-entity-id", nick };
        const prefix = this.deps.config.nickserv.guest_prefix;
        if (nick.length > prefix.length && foldName(nick.slice(0, prefix.length)) === foldName(prefix) && /^\d+$/.test(nick.slice(prefix.length))) {
            return { kind: "nick-guest" };
        }
        const owner = this.deps.store.nickOwner(nick);
        const holder = owner ? this.deps.store.byId(owner.accountId) : this.deps.store.byName(nick);
        // Registering a frozen account's nick again is a way around the freeze: refused as frozen
        // (without the reason: whoever asks did not prove to own it).
        if (holder?.frozen)
            return { kind: "frozen", account: holder.name, reason: null };
        if (owner || holder)
            return { kind: "nick-registered", nick };
        if (this.deps.staff?.reservedFor(nick) !== undefined)
            return { kind: "nick-reserved", nick };
        return null;
    }
    /** Why `password` is refused, or null. `names`: the nicks and account name it must not equal; `email`: the address it must not equal. */
    passwordProblem(password, names, email) {
        const min = this.deps.config.nickserv.password_min_length;
        if (password.length < min)
            return { kind: "password-short", min };
        if (password.length > MAX_PASSWORD_LENGTH)
            return { kind: "password-long", max: MAX_PASSWORD_LENGTH };
        if (names.some((n) => foldName(n) === foldName(password)))
            return { kind: "password-is-name" };
        if (email !== undefined && password.toLowerCase() === email.toLowerCase())
            return { kind: "password-is-email" };
        return null;
    }
    /**
     * Checks an address for an account: syntax, the blacklist (given and canonical form), and the
     * per-address account limit (not counting `selfId`, whose address it may already be).
     */
    emailProblem(input, selfId = null) {
        const valid = validateEmail(input);
        if (!valid.ok)
            return err({ kind: "email-invalid", problem: valid.error });
        const email = valid.value;
        const canonical = canonicalEmail(email);
        const blacklist = this.deps.config.mail.blacklist;
        if (matchingMask(email, blacklist) !== undefined ||
            matchingMask(canonical, blacklist) !== undefined ||
            this.deps.emailBlacklist?.match(email) !== undefined) {
            return err({ kind: "email-refused" });
        }
        const max = this.deps.config.nickserv.max_accounts_per_email;
        let count = this.deps.store.countByEmail(canonical);
        if (selfId !== null && this.deps.store.byId(selfId)?.emailCanonical === canonical)
            count -= 1;
        if (count >= max)
            return err({ kind: "email-limit", max });
        return ok({ email, canonical });
    }
}
//# sourceMappingURL=rules.js.map