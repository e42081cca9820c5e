/*
 * The accounts domain's facade: what commands, the wiring, the loops and the channels domain use.
 * The work is done by one module per seam, each given a narrow context (the stores, the clock,
 * the callbacks into its siblings it needs), never this facade:
 *   registration.ts   REGISTER, the account X2 makes for a channel, entity IDs
 *   authentication.ts the password check and its throttles, IDENTIFY
 *   logins.ts         sessions, login/logout, the pending logins of unverified accounts
 *   verification.ts   VERIFY REGISTER / EMAIL, RESEND, RESETPASS (with code-mail.ts)
 *   settings.ts       SET PASSWORD / EMAIL / options, SETPASS
 *   nicks.ts          GROUP, UNGROUP, GHOST, REGAIN; reclaim.ts RECLAIM
 *   staff.ts          marks, NOEXPIRE, drop, the unverified accounts due
 *   expiry.ts         degradation and account expiry
 *
 * Rules (docs/architecture.md §5): unverified is inert (no ircd login, no privileges) until the mailed
 * code is given or a mailed (generated) password is used; a frozen account cannot be worked
 * around; every state change is audited; passwords and codes never reach a log. Refusals are
 * typed (failures.ts); the words are in src/commands/nickserv/.
 */
import { GuardedEmitter } from "../../util/guarded-emitter.js";
import { NickRegistrations } from "../abuse/nick-registrations.js";
import { Authentication } from "./authentication.js";
import { CodeMail } from "./code-mail.js";
import { CodeStore } from "./codes.js";
import { Erasure } from "./erasure.js";
import { AccountExpiry } from "./expiry.js";
import { frozenFailure } from "./context.js";
import { LoginThrottle } from "./login-throttle.js";
import { Logins } from "./logins.js";
import { MarkStore } from "./marks.js";
import { NickHolds } from "./nick-holds.js";
import { Nicks } from "./nicks.js";
import { reclaimAccount } from "./reclaim.js";
import { Registration } from "./registration.js";
import { AccountRules } from "./rules.js";
import { Settings } from "./settings.js";
import { Staff } from "./staff.js";
import { NO_FREEZE_RECORDS } from "./types.js";
import { Verification } from "./verification.js";
export { auditActor, CODES_PER_DAY, MAX_PASSWORD_LENGTH } from "./types.js";
export class AccountService extends GuardedEmitter {
    deps;
    codes;
    throttle;
    /** Successful NickServ registrations by address ([nickserv] registrations_per_host_per_day). */
    registrations;
    /** Degradation and account expiry (the account-expiry loop and OperServ EXPIRING use it). */
    expiry;
    /** The nicks services asked the ircd to hold after guest renames (nick protection uses it). */
    nickHolds;
    rules;
    logins;
    authentication;
    verification;
    settings;
    nicks;
    staff;
    registration;
    erasure;
    context;
    /** `deps` stays readable for tests; other parts use the methods below. */
    constructor(deps) {
        super();
        this.deps = deps;
        const { store, config } = deps;
        this.codes = new CodeStore(store.db);
        this.nickHolds = new NickHolds(store.db);
        this.registrations = new NickRegistrations(store.db, deps.clock);
        // Getters: the limits follow a REHASH.
        this.throttle = new LoginThrottle(deps.clock, {
            get attemptsPerMinute() {
                return config.security.login_attempts_per_minute;
            },
            get alertThreshold() {
                return config.security.failure_alert_threshold;
            },
        });
        // Sub-modules may only emit, not subscribe.
        const emit = this.emit.bind(this);
        const events = { emit: (event, ...args) => emit(event, ...args) };
        const ctx = { ...deps, codes: this.codes, throttle: this.throttle, events, freezes: deps.freezes ?? NO_FREEZE_RECORDS };
        this.context = ctx;
        this.rules = new AccountRules({ store, config, emailBlacklist: deps.emailBlacklist, staff: deps.staff });
        const codeMail = new CodeMail(ctx);
        this.logins = new Logins({ ...ctx, markVerified: (account, actor, how) => this.verification.markVerified(account, actor, how) });
        const login = (uid, account, via, generated) => this.logins.login(uid, account, via, generated);
        const accountOf = (uid) => this.logins.accountOf(uid);
        const pendingAccountOf = (uid) => this.logins.pendingAccountOf(uid);
        const frozenOwnerOf = (uid) => this.logins.frozenOwnerOf(uid);
        this.authentication = new Authentication({
            ...ctx,
            accountOf,
            login,
            setPending: (uid, id) => this.logins.setPending(uid, id),
            rememberFrozenOwner: (uid, id) => this.logins.rememberFrozenOwner(uid, id),
        });
        this.verification = new Verification({
            ...ctx,
            codeMail,
            rules: this.rules,
            login,
            accountOf,
            pendingAccountOf,
            pendingUidsOf: (id) => this.logins.pendingUidsOf(id),
            forgetPending: (uid) => this.logins.forgetPending(uid),
        });
        this.settings = new Settings({ ...ctx, codeMail, rules: this.rules, pendingAccountOf, frozenOwnerOf });
        this.nicks = new Nicks({ ...ctx, rules: this.rules, authenticate: (r, p, ip) => this.authenticate(r, p, ip), login, accountOf });
        this.staff = new Staff({ ...ctx, marks: new MarkStore(store.db), codeMail, endLogins: (id) => this.logins.endAll(id) });
        this.registration = new Registration({
            ...ctx,
            rules: this.rules,
            registrations: this.registrations,
            accountOf,
            pendingAccountOf,
            frozenOwnerOf,
            setPending: (uid, id) => this.logins.setPending(uid, id),
            entityIdRetired: (id) => deps.entityIdRetired?.(id) ?? false,
        });
        this.erasure = new Erasure({ ...ctx, codeMail, endLogins: (id) => this.logins.endAll(id), holds: this.nickHolds });
        this.expiry = new AccountExpiry({ ...ctx, drop: (id, reason, actor) => this.drop(id, reason, actor) }, deps.expiryOptions);
    }
    // ------------------------------------------------------------------------------------------
    // Lookups
    /** Finds an account by name, nick, entity ID or ?entity ID. */
    resolve(reference) {
        return this.deps.store.resolve(reference);
    }
    byId(id) {
        return this.deps.store.byId(id);
    }
    byName(name) {
        return this.deps.store.byName(name);
    }
    /** The account a nick is grouped to (and the nick as registered), or undefined. */
    nickOwner(nick) {
        return this.deps.store.nickOwner(nick);
    }
    nicksOf(accountId) {
        return this.deps.store.nicksOf(accountId);
    }
    // ------------------------------------------------------------------------------------------
    // Registration
    /** NickServ REGISTER (see registration.ts). */
    register(actor, password, email) {
        return this.registration.register(actor, password, email);
    }
    /** The unverified account X2 REGISTER makes for a user without one, with a generated password the caller mails. */
    createForChannel(nick, email) {
        return this.registration.createForChannel(nick, email);
    }
    /** Why `nick` cannot become a registered nickname (a new account's name or a grouped nick), or null. */
    nickRegistrationProblem(nick) {
        return this.rules.nickRegistrationProblem(nick);
    }
    // ------------------------------------------------------------------------------------------
    // Authentication and sessions
    authenticate(reference, password, ip) {
        return this.authentication.authenticate(reference, password, ip);
    }
    async identify(actor, reference, password) {
        const result = await this.authentication.identify(actor, reference, password);
        const error = result.ok ? null : result.error;
        this.emit("identifyAttempt", error === null ? "success" : error.kind === "auth" ? error.failure.kind : error.kind);
        return result;
    }
    login(uid, account, via, generatedPassword) {
        this.logins.login(uid, account, via, generatedPassword);
    }
    logout(uid) {
        this.logins.logout(uid);
    }
    /** The user left the network: ends the session without telling the ircd; records last seen. */
    userQuit(uid) {
        this.logins.userQuit(uid);
    }
    /** The account a user is logged in to, or null. */
    accountOf(uid) {
        return this.logins.accountOf(uid);
    }
    /** The id and name of the account a user is logged in to, or null (no full account read). */
    sessionAccount(uid) {
        return this.logins.sessionAccount(uid);
    }
    /** The unverified account a user registered or proved the password of (not logged in), or null. */
    pendingAccountOf(uid) {
        return this.logins.pendingAccountOf(uid);
    }
    /** The id of the account a user's session is with (no database read), or null. */
    sessionAccountId(uid) {
        return this.deps.sessions.get(uid)?.accountId ?? null;
    }
    /** The users logged in to an account. */
    loggedInUids(accountId) {
        return this.deps.sessions.uidsOf(accountId);
    }
    /**
     * The users logged in to an account that holds `privilege` ([opers]): the staff to tell about
     * something (a registration held for review). Looks at the listed opers only.
     */
    staffOnline(privilege) {
        const { config, store, sessions, staff } = this.deps;
        const uids = new Set();
        // [opers] keys are entity IDs or names: resolve finds both; the directory says what the account holds.
        for (const key of Object.keys(config.opers)) {
            const account = store.resolve(key);
            if (account && staff.privilegesOf(account).has(privilege))
                for (const uid of sessions.uidsOf(account.id))
                    uids.add(uid);
        }
        return [...uids];
    }
    /**
     * When an account was last seen, as every service shows it (NickServ INFO, X2 ACCESS LIST):
     * now while a user is logged in to it (the sessions are the truth of "now"), else the
     * last_seen_at the logins, logouts, quits and hourly refreshes wrote.
     */
    seen(account) {
        const online = this.deps.sessions.uidsOf(account.id).length > 0;
        return { online, at: online ? this.deps.clock.now() : account.lastSeenAt };
    }
    /**
     * After a burst: forgets every session (users who left while the link was down never ended
     * theirs) so that `restoreSession` can rebuild them from the ircd's account metadata.
     */
    clearSessions() {
        this.deps.sessions.clear();
    }
    /** A login the ircd holds (burst metadata) becomes a session again; no event, nothing sent. */
    restoreSession(uid, accountId) {
        this.deps.sessions.set({ uid, accountId, since: this.deps.clock.now(), via: "burst" });
    }
    /** Ends a session without events or ircd lines (the wiring logs out users of a dropped account). */
    endSession(uid) {
        this.deps.sessions.remove(uid);
    }
    // ------------------------------------------------------------------------------------------
    // Frozen accounts (the freeze itself is src/services/lifecycle/freeze)
    /**
     * The refusal for a frozen account, or null when it is not frozen. `proven`: the asker proved to
     * own it (its password, its certificate, a code mailed to it), so the staff's reason is given.
     * What every way around a freeze checks (the deletion work's NickServ DROP too).
     */
    frozenFailure(accountId, proven) {
        const account = this.deps.store.byId(accountId);
        return account?.frozen ? frozenFailure(this.context.freezes, account, proven) : null;
    }
    /** The frozen account a user proved to own (a right password, or the connection the freeze logged out), or null. */
    frozenOwnerOf(uid) {
        return this.logins.frozenOwnerOf(uid);
    }
    /** The refusal for a user who is not logged in because their account is frozen (with the reason: they proved it is theirs), or null. */
    frozenRefusal(uid) {
        const account = this.logins.frozenOwnerOf(uid);
        return account ? frozenFailure(this.context.freezes, account, true) : null;
    }
    /** A user proved to own a frozen account (SASL: the password or certificate was right). */
    rememberFrozenOwner(uid, accountId) {
        this.logins.rememberFrozenOwner(uid, accountId);
    }
    /**
     * The account was just frozen: its users are logged out (the ircd's account state cleared for
     * those it shows logged in) without being disconnected, and stay known as its owner.
     */
    logoutFrozen(accountId) {
        return this.logins.logoutFrozen(accountId);
    }
    /** The account is not frozen any more: the users who proved to own it meanwhile (still online or not). */
    releaseFrozenOwners(accountId) {
        return this.logins.releaseFrozenOwners(accountId);
    }
    // ------------------------------------------------------------------------------------------
    // Codes and verification
    verifyRegistration(reference, code, actor) {
        return this.verification.verifyRegistration(reference, code, actor);
    }
    verifyEmail(reference, code, actor) {
        return this.verification.verifyEmail(reference, code, actor);
    }
    resend(uid, nick) {
        return this.verification.resend(uid, nick);
    }
    requestPasswordReset(reference, actor) {
        return this.verification.requestPasswordReset(reference, actor);
    }
    completePasswordReset(reference, code, password, actor) {
        return this.verification.completePasswordReset(reference, code, password, actor);
    }
    // ------------------------------------------------------------------------------------------
    // Settings
    changePassword(accountId, password, actor, action = "account.password") {
        return this.settings.changePassword(accountId, password, actor, action);
    }
    requestEmailChange(accountId, input, actor) {
        return this.settings.requestEmailChange(accountId, input, actor);
    }
    changePendingEmail(uid, nick, input) {
        return this.settings.changePendingEmail(uid, nick, input);
    }
    setOption(accountId, option, on, actor) {
        return this.settings.setOption(accountId, option, on, actor);
    }
    // ------------------------------------------------------------------------------------------
    // Nicks
    group(accountId, nick, actor) {
        return this.nicks.group(accountId, nick, actor);
    }
    ungroup(accountId, nick, actor) {
        return this.nicks.ungroup(accountId, nick, actor);
    }
    reclaimNick(mode, actor, nick, password) {
        return this.nicks.reclaimNick(mode, actor, nick, password);
    }
    /** NickServ RECLAIM: takes back a degraded account (reclaim.ts). */
    reclaim(request) {
        return reclaimAccount({
            ...this.context,
            authenticate: (r, p, ip) => this.authenticate(r, p, ip),
            matchFormerName: (name, p, ip) => this.authentication.matchFormerName(name, p, ip),
            login: (uid, a, via, g) => this.login(uid, a, via, g),
        }, request);
    }
    // ------------------------------------------------------------------------------------------
    // Staff
    marks(accountId) {
        return this.staff.marks(accountId);
    }
    addMark(accountId, oper, text) {
        return this.staff.addMark(accountId, oper, text);
    }
    deleteMark(accountId, id, oper) {
        return this.staff.deleteMark(accountId, id, oper);
    }
    setNoexpire(accountId, on, operId) {
        return this.staff.setNoexpire(accountId, on, operId);
    }
    /** NickServ-origin unverified accounts older than the verification window. */
    unverifiedDue() {
        return this.staff.unverifiedDue();
    }
    /** Drops an account (audited, one transaction); its sessions end and `dropped` fires. */
    drop(accountId, reason, actor) {
        return this.staff.drop(accountId, reason, actor);
    }
    // ------------------------------------------------------------------------------------------
    // Deletion cases (src/services/lifecycle/deletion drives them; see erasure.ts)
    /** The account's names and addresses, which the deletion scrubs wherever they are stored. */
    personalValues(accountId) {
        return this.erasure.personalValues(accountId);
    }
    /** NickServ DROP's mailed confirmation code (the same limits as other codes). */
    issueDeletionCode(accountId, actor) {
        return this.erasure.issueDeletionCode(accountId, actor);
    }
    consumeDeletionCode(accountId, code) {
        return this.erasure.consumeDeletionCode(accountId, code);
    }
    /** Erases the account (nicks, then its rows, then the account) inside the caller's transaction; `afterCommit` ends its sessions. */
    eraseInTransaction(accountId, reason) {
        return this.erasure.eraseInTransaction(accountId, reason);
    }
    // ------------------------------------------------------------------------------------------
    /** What NickServ INFO shows about `account` to `viewer`. */
    info(account, viewer) {
        const { config, clock } = this.deps;
        return {
            account,
            nicks: this.nicksOf(account.id),
            marks: viewer.auspex ? this.marks(account.id) : [],
            online: this.seen(account).online,
            viewer: { isOwner: viewer.accountId === account.id, auspex: viewer.auspex },
            now: clock.now(),
            verifyDeadline: account.status === "unverified" && account.origin === "nickserv" ? account.createdAt + config.nickserv.verify_window : null,
            legacyId: viewer.accountId === account.id || viewer.auspex ? (this.deps.store.legacyIdOf(account.id) ?? null) : null,
            freeze: viewer.auspex && account.frozen ? this.context.freezes.active(account.id) : null,
            ...(account.degradedAt !== null
                ? {
                    degraded: {
                        expiredNicks: this.expiry.expiredNicks(account.id).map((n) => n.nick),
                        channels: this.deps.channelCounts?.(account.id) ?? null,
                    },
                }
                : {}),
        };
    }
}
//# sourceMappingURL=service.js.map