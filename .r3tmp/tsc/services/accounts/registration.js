/**
 * Registration: NickServ REGISTER (the user's nick becomes an unverified account; a code is
 * mailed at once) and the account X2 REGISTER makes for a user without one (a generated password
 * the caller mails), each with a fresh entity ID.
 */
import { formatDuration } from "../../util/duration.js";
import { err, ok } from "../../util/result.js";
import { exemptFromHostLimits } from "../abuse/exempt-addresses.js";
import { emailDomain } from "../mail/address.js";
import { codeMailRef, frozenFailure, scryptOf } from "./context.js";
import { generateEntityId } from "./names.js";
import { generatePassword, hashPassword } from "./password.js";
export class Registration {
    deps;
    constructor(deps) {
        this.deps = deps;
    }
    /**
     * NickServ REGISTER: registers the actor's current nick; mails a verification code. At most
     * [nickserv] registrations_per_host_per_day succeed from one address in 24 hours.
     */
    async register(actor, password, email) {
        const { store, codes, rules, config, audit, mail, log } = this.deps;
        const logged = this.deps.accountOf(actor.uid);
        if (logged)
            return err({ kind: "already-logged-in", account: logged.name });
        const waiting = this.deps.pendingAccountOf(actor.uid);
        if (waiting)
            return err({ kind: "already-registered", account: waiting.name });
        const limited = this.registrationLimit(actor);
        if (limited) {
            log.info({ uid: actor.uid, ip: actor.ip }, "registration refused: per-address limit");
            return err(limited);
        }
        const nick = actor.nick;
        const nickIssue = rules.nickRegistrationProblem(nick);
        if (nickIssue?.kind === "frozen") {
            // The frozen account's owner, registering one of its nicks again: tell them why.
            const own = this.deps.frozenOwnerOf(actor.uid);
            return err(own && own.name === nickIssue.account ? frozenFailure(this.deps.freezes, own, true) : nickIssue);
        }
        if (nickIssue)
            return err(nickIssue);
        const passwordIssue = rules.passwordProblem(password, [nick], email);
        if (passwordIssue)
            return err(passwordIssue);
        const address = rules.emailProblem(email);
        if (!address.ok)
            return address;
        const hash = await hashPassword(password, scryptOf(config));
        // The hash took a while: someone may have taken the nick or used up the address meanwhile.
        // From here to the end of the transaction nothing waits, so no other REGISTER slips in.
        const again = rules.nickRegistrationProblem(nick) ?? (rules.emailProblem(email).ok ? null : { kind: "email-limit-meanwhile" }) ?? this.registrationLimit(actor);
        if (again)
            return err(again);
        if (this.deps.accountOf(actor.uid) || this.deps.pendingAccountOf(actor.uid))
            return err({ kind: "registered-meanwhile" });
        const now = this.deps.clock.now();
        const windowMs = config.nickserv.verify_window;
        const { account, code } = store.db.transaction(() => {
            const created = store.create({
                id: this.freshEntityId(),
                name: nick,
                passwordHash: hash,
                passwordGenerated: false,
                email: address.value.email,
                emailCanonical: address.value.canonical,
                status: "unverified",
                origin: "nickserv",
                now,
            });
            const issued = codes.issue(created.id, "register", now, windowMs, "initial");
            this.deps.staff.claim(created, created.id);
            this.deps.registrations.record(actor.ip, actor.host, created.id);
            audit.record({
                actor: `${actor.uid}:${actor.nick}`,
                action: "account.register",
                target: created.id,
                details: { name: created.name, emailDomain: emailDomain(created.email), mask: `${actor.nick}!${actor.ident}@${actor.host}`, ip: actor.ip },
            });
            return { account: created, code: issued.code };
        })();
        mail.queue("account_verify", account.email, { account: account.name, code, verifyWindow: formatDuration(windowMs), serviceNick: config.pseudoclients.nickserv.nick }, { ref: codeMailRef(account.id, "register") });
        this.deps.setPending(actor.uid, account.id);
        log.info({ account: account.id, name: account.name, uid: actor.uid }, "account registered (unverified)");
        return ok(account);
    }
    /**
     * X2 REGISTER for a user without an account: an unverified account named after the nick,
     * origin 'x2', with a generated password that the caller mails. It lives and dies with the channel.
     */
    async createForChannel(nick, email) {
        const { store, rules, config, audit, log } = this.deps;
        const nickIssue = rules.nickRegistrationProblem(nick);
        if (nickIssue)
            return err(nickIssue);
        const address = rules.emailProblem(email);
        if (!address.ok)
            return address;
        const password = generatePassword();
        const hash = await hashPassword(password, scryptOf(config));
        const again = rules.nickRegistrationProblem(nick) ?? (rules.emailProblem(email).ok ? null : { kind: "email-limit-meanwhile" });
        if (again)
            return err(again);
        const now = this.deps.clock.now();
        const account = store.db.transaction(() => {
            const created = store.create({
                id: this.freshEntityId(),
                name: nick,
                passwordHash: hash,
                passwordGenerated: true,
                email: address.value.email,
                emailCanonical: address.value.canonical,
                status: "unverified",
                origin: "x2",
                now,
            });
            this.deps.staff.claim(created, "x2");
            audit.record({
                actor: "x2",
                action: "account.register",
                target: created.id,
                details: { name: created.name, emailDomain: emailDomain(created.email), origin: "x2" },
            });
            return created;
        })();
        log.info({ account: account.id, name: account.name }, "account created for a channel registration (unverified)");
        return ok({ account, password });
    }
    /**
     * The refusal when the actor's address used up registrations_per_host_per_day (0: no limit), or
     * null. An address of [abuse] exempt_addresses has no limit.
     */
    registrationLimit(actor) {
        const limit = this.deps.config.nickserv.registrations_per_host_per_day;
        if (limit === 0 || exemptFromHostLimits(this.deps.config, actor.ip))
            return null;
        const check = this.deps.registrations.check(actor.ip, actor.host, limit);
        if (!check.over)
            return null;
        return { kind: "registration-limit", count: check.count, limit, retryAfterMs: check.retryAfterMs };
    }
    freshEntityId() {
        for (;;) {
            const id = generateEntityId();
            if (!this.deps.store.byId(id) && !this.deps.entityIdRetired(id))
                return id;
        }
    }
}
//# sourceMappingURL=registration.js.map