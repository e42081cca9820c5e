/*
 * The accounts domain: registration, verification, login, settings, nick grouping, password
 * reset and staff marks. The signatures of the original skeleton (register, createForChannel,
 * authenticate, login, logout, accountOf, resolve, the events) are the contract other parts code
 * against; the other methods were added for NickServ's commands.
 *
 * Rules (shared/DESIGN.md §5): unverified is inert (no ircd login, no privileges) until the mailed
 * code is given or a mailed (generated) password is used; a frozen account cannot be worked
 * around; every state change is audited; passwords and codes never reach a log.
 */
import { EventEmitter } from "node:events";
import { formatDuration } from "../../util/duration.js";
import { err, ok, type Result } from "../../util/result.js";
import { shown } from "../../util/text.js";
import { NickRegistrations } from "../abuse/nick-registrations.js";
import type { AuditRecord } from "../audit.js";
import type { DomainDeps } from "../deps.js";
import { canonicalEmail, emailDomain, matchingMask, validateEmail } from "../mail/address.js";
import type { OnlineUser } from "../ports.js";
import { CodeStore, type CodeFailure, type CodePurpose, type IssuedCode } from "./codes.js";
import { loadDegradedExtra } from "./degraded-info.js";
import { accountInfoLines } from "./info.js";
import { LoginThrottle, type LoginAlert } from "./login-throttle.js";
import { MarkStore, MAX_MARK_LENGTH, type AccountMark } from "./marks.js";
import { DEGRADED_NAME, ENTITY_ID, foldName, generateEntityId, nickProblem } from "./names.js";
import { generatePassword, hashPassword, verifyPassword, type ScryptParams } from "./password.js";
import type { Account, AccountStore } from "./store.js";
import type { LoginVia, Sessions } from "./sessions.js";

/** Who is acting, as far as the accounts domain needs to know (host: the real one; displayHost: as others see it). */
export type Actor = Pick<OnlineUser, "uid" | "nick" | "ident" | "host" | "displayHost" | "ip">;

/** The mail queue as accounts use it (implemented by the mail service). */
export interface MailQueue {
  /** `priority`: "urgent" (default) or "bulk" (mass mail, e.g. expiry notices; see the mail outbox). */
  queue(template: string, to: string, data: Record<string, unknown>, options?: { ref?: string; delayMs?: number; priority?: "urgent" | "bulk" }): number;
  /** Takes back the still-queued mails of `ref` (a replaced code's mail). Optional. */
  cancel?(ref: string): number;
}

export interface AccountDeps extends DomainDeps {
  store: AccountStore;
  sessions: Sessions;
  mail: MailQueue;
  /** The refusal shown to a frozen account (the freeze service may supply a richer one). */
  frozenMessage?: (account: Account) => string;
  /** Staff-managed email blacklist (OperServ BLACKLIST), on top of config mail.blacklist. */
  emailBlacklist?: { match(email: string): unknown };
}

export interface AccountEvents {
  /** A user logged in. `generatedPassword`: with a password services generated and mailed. */
  loggedIn: [account: Account, uid: string, info: { via: LoginVia; generatedPassword: boolean }];
  loggedOut: [accountId: string, uid: string];
  /** The account's email was verified (by code, or by logging in with a mailed password). */
  verified: [account: Account];
  /** The account is gone (unverified expiry, oper drop, expiry). */
  dropped: [accountId: string, reason: string];
  renamed: [account: Account, oldName: string];
  /**
   * The owner is taking `nick` back (GHOST or REGAIN by `accountId`), emitted before the kill and
   * the rename: a hold services set on the nick must be lifted first.
   */
  nickReclaim: [accountId: string, nick: string];
}

export type AuthFailure =
  | { kind: "no-such-account" }
  | { kind: "bad-password" }
  | { kind: "throttled"; retryAfterMs: number; scope?: "account" | "address" }
  | { kind: "frozen"; message: string }
  | { kind: "unverified" };

/** Most codes (resends, resets, email changes) mailed for one purpose per account per day. */
export const CODES_PER_DAY = 3;
/** Longest password accepted. */
export const MAX_PASSWORD_LENGTH = 300;

const DAY = 86_400_000;

/** The audit actor for a user: the entity ID of the account they are logged in to, else `uid:nick`. */
export function auditActor(who: { uid: string; nick: string; account?: { id: string } | null }): string {
  return who.account ? who.account.id : `${who.uid}:${who.nick}`;
}

/** The outbox ref of the mail carrying an account's code of one purpose (a newer code's mail cancels it). */
const codeMailRef = (accountId: string, purpose: CodePurpose): string => `account:${accountId}:${purpose}`;

/** A name as the user typed it, fit to quote in a reply (an account name is at most 40 characters). */
const quoted = (typed: string): string => shown(typed, 64);

/** A wait as users read it: whole seconds, rounded up, never "0s". */
function wait(ms: number): string {
  return formatDuration(Math.max(1000, Math.ceil(ms / 1000) * 1000));
}

function maskOf(user: OnlineUser): { mask: string; realMask: string } {
  return { mask: `${user.nick}!${user.ident}@${user.displayHost}`, realMask: `${user.nick}!${user.ident}@${user.host}` };
}

export interface IdentifyOutcome {
  account: Account;
  /** The account the user was logged in to before (a switch), or null. */
  previous: string | null;
  /** Logging in verified the account (a mailed, generated password). */
  verifiedNow: boolean;
}

export class AccountService extends EventEmitter<AccountEvents> {
  readonly codes: CodeStore;
  readonly marks: MarkStore;
  readonly throttle: LoginThrottle;
  /** Successful NickServ registrations by address ([nickserv] registrations_per_host_per_day). */
  readonly registrations: NickRegistrations;
  /** Users who registered or proved the password of an unverified account: uid -> account id. No ircd login. */
  private readonly pending = new Map<string, string>();
  private readonly unverifiedDueQuery;

  constructor(readonly deps: AccountDeps) {
    super();
    this.codes = new CodeStore(deps.store.db);
    this.marks = new MarkStore(deps.store.db);
    this.registrations = new NickRegistrations(deps.store.db, deps.clock);
    this.throttle = new LoginThrottle(deps.clock, {
      attemptsPerMinute: deps.config.security.login_attempts_per_minute,
      alertThreshold: deps.config.security.failure_alert_threshold,
    });
    this.unverifiedDueQuery = deps.store.db.prepare<[number], { id: string }>(
      "SELECT id FROM accounts WHERE status = 'unverified' AND origin = 'nickserv' AND created_at <= ? ORDER BY created_at",
    );
  }

  private now(): number {
    return this.deps.clock.now();
  }

  private get scrypt(): ScryptParams {
    const s = this.deps.config.security;
    return { N: s.scrypt_n, r: s.scrypt_r, p: s.scrypt_p };
  }

  private get ns(): string {
    return this.deps.config.pseudoclients.nickserv.nick;
  }

  // -------------------------------------------------------------------------------------------
  // Checks on what users type

  /** Why `nick` cannot become a registered nickname (a new account's name or a grouped nick), or null. */
  nickRegistrationProblem(nick: string): string | null {
    const problem = nickProblem(nick);
    if (problem) return problem;
    if (ENTITY_ID.test(nick.toUpperCase()) || DEGRADED_NAME.test(nick)) return `${nick} looks like an entity ID and cannot be registered.`;
    const prefix = this.deps.config.nickserv.guest_prefix;
    if (nick.length > prefix.length && foldName(nick.slice(0, prefix.length)) === foldName(prefix) && /^\d+$/.test(nick.slice(prefix.length))) {
      return `Guest nicks cannot be registered; change your nick first (/nick YourName).`;
    }
    if (this.deps.store.nickOwner(nick) || this.deps.store.byName(nick)) return `${nick} is already registered.`;
    return null;
  }

  /** Why `password` is refused, or null. `names`: the nicks and account name it must not equal. */
  passwordProblem(password: string, names: string[]): string | null {
    const min = this.deps.config.nickserv.password_min_length;
    if (password.length < min) return `A password must be at least ${min} characters long.`;
    if (password.length > MAX_PASSWORD_LENGTH) return `A password can be at most ${MAX_PASSWORD_LENGTH} characters long.`;
    if (names.some((n) => foldName(n) === foldName(password))) return "Your password cannot be your nickname or account name.";
    return null;
  }

  /**
   * Checks an address for an account: syntax, the blacklist (given and canonical form), and the
   * per-address account limit (not counting `selfId`, whose address it may already be).
   */
  emailProblem(input: string, selfId: string | null = null): Result<{ email: string; canonical: string }, string> {
    const valid = validateEmail(input);
    if (!valid.ok) return valid;
    const email = valid.value;
    const canonical = canonicalEmail(email);
    const blacklist = this.deps.config.mail.blacklist;
    if (
      matchingMask(email, blacklist) !== undefined ||
      matchingMask(canonical, blacklist) !== undefined ||
      this.deps.emailBlacklist?.match(email) !== undefined
    ) {
      return err("Mail to this address or domain is not accepted here; use another address.");
    }
    const max = this.deps.config.nickserv.max_accounts_per_email;
    let count = this.deps.store.countByEmail(canonical);
    if (selfId !== null && this.deps.store.byId(selfId)?.emailCanonical === canonical) count -= 1;
    if (count >= max) return err(`This email address already has ${max} account${max === 1 ? "" : "s"} (the limit); use another address.`);
    return ok({ email, canonical });
  }

  /** The refusal shown to a frozen account (also by SASL): where to ask for help. */
  frozenText(account: Account): string {
    if (this.deps.frozenMessage) return this.deps.frozenMessage(account);
    const contact = this.deps.config.mail.contact || this.deps.config.mail.from;
    return `The account ${account.name} is frozen by the network staff and cannot be used while the freeze lasts. For help, write to ${contact}.`;
  }

  private freshEntityId(): string {
    for (;;) {
      const id = generateEntityId();
      if (!this.deps.store.byId(id)) return id;
    }
  }

  // -------------------------------------------------------------------------------------------
  // Registration

  /** The refusal when the actor's address used up registrations_per_host_per_day (0: no limit), or null. */
  private registrationLimit(actor: Actor): string | null {
    const limit = this.deps.config.nickserv.registrations_per_host_per_day;
    if (limit === 0) return null;
    const check = this.registrations.check(actor.ip, actor.host, limit);
    if (!check.over) return null;
    return (
      `Too many accounts were registered from your address: ${check.count} in the last 24 hours (the limit is ${limit} a day). ` +
      `Try again in ${wait(check.retryAfterMs)}.`
    );
  }

  /**
   * NickServ REGISTER: registers the actor's current nick; mails a verification code. At most
   * [nickserv] registrations_per_host_per_day succeed from one address in 24 hours.
   */
  async register(actor: Actor, password: string, email: string): Promise<Result<Account, string>> {
    const logged = this.accountOf(actor.uid);
    if (logged) return err(`You are already logged in to ${logged.name}. To add this nick to it, type /msg ${this.ns} GROUP.`);
    const waiting = this.pendingAccountOf(actor.uid);
    if (waiting) {
      return err(`You already registered ${waiting.name}; verify it first with the mailed code (/msg ${this.ns} VERIFY REGISTER ${waiting.name} <code>).`);
    }
    const limited = this.registrationLimit(actor);
    if (limited) {
      this.deps.log.info({ uid: actor.uid, ip: actor.ip }, "registration refused: per-address limit");
      return err(limited);
    }
    const nick = actor.nick;
    const nickIssue = this.nickRegistrationProblem(nick);
    if (nickIssue) return err(nickIssue);
    const passwordIssue = this.passwordProblem(password, [nick]);
    if (passwordIssue) return err(passwordIssue);
    if (password.toLowerCase() === email.toLowerCase()) return err("Your password cannot be your email address.");
    const address = this.emailProblem(email);
    if (!address.ok) return address;

    const hash = await hashPassword(password, this.scrypt);

    // The hash took a while: someone may have taken the nick or used up the address meanwhile.
    // From here to the end of the transaction nothing waits, so no other REGISTER slips in.
    const again =
      this.nickRegistrationProblem(nick) ??
      (this.emailProblem(email).ok ? null : "This email address reached its account limit meanwhile.") ??
      this.registrationLimit(actor);
    if (again) return err(again);
    if (this.accountOf(actor.uid) || this.pendingAccountOf(actor.uid)) return err("You registered an account meanwhile.");

    const now = this.now();
    const windowMs = this.deps.config.nickserv.verify_window;
    const { account, code } = this.deps.store.db.transaction(() => {
      const created = this.deps.store.create({
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
      const issued = this.codes.issue(created.id, "register", now, windowMs, "initial");
      this.registrations.record(actor.ip, actor.host, created.id);
      this.deps.audit.record({
        actor: `${actor.uid}:${actor.nick}`,
        action: "account.register",
        target: created.id,
        details: { name: created.name, emailDomain: emailDomain(created.email), mask: `${actor.nick}!${actor.ident}@${actor.host}`, ip: actor.ip },
      });
      return { account: created, code: issued.code };
    })();
    this.deps.mail.queue(
      "account_verify",
      account.email,
      { account: account.name, code, verifyWindow: formatDuration(windowMs), serviceNick: this.ns },
      { ref: codeMailRef(account.id, "register") },
    );
    this.pending.set(actor.uid, account.id);
    this.deps.log.info({ account: account.id, name: account.name, uid: actor.uid }, "account registered (unverified)");
    return ok(account);
  }

  /**
   * X2 REGISTER for a user without an account: an unverified account named after the nick,
   * origin 'x2', with a generated password that the caller mails. It lives and dies with the channel.
   */
  async createForChannel(nick: string, email: string): Promise<Result<{ account: Account; password: string }, string>> {
    const nickIssue = this.nickRegistrationProblem(nick);
    if (nickIssue) return err(nickIssue);
    const address = this.emailProblem(email);
    if (!address.ok) return address;
    const password = generatePassword();
    const hash = await hashPassword(password, this.scrypt);
    const again = this.nickRegistrationProblem(nick) ?? (this.emailProblem(email).ok ? null : "This email address reached its account limit meanwhile.");
    if (again) return err(again);
    const now = this.now();
    const account = this.deps.store.db.transaction(() => {
      const created = this.deps.store.create({
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
      this.deps.audit.record({
        actor: "x2",
        action: "account.register",
        target: created.id,
        details: { name: created.name, emailDomain: emailDomain(created.email), origin: "x2" },
      });
      return created;
    })();
    this.deps.log.info({ account: account.id, name: account.name }, "account created for a channel registration (unverified)");
    return ok({ account, password });
  }

  // -------------------------------------------------------------------------------------------
  // Authentication and sessions

  /**
   * Checks a password for an account named by name, nick, entity ID or ?entity ID, with the login
   * throttles (per account and per IP). Does not log in. Unverified accounts pass only with a
   * generated password (the caller then logs in, which verifies).
   */
  async authenticate(reference: string, password: string, ip: string): Promise<Result<{ account: Account; generatedPassword: boolean }, AuthFailure>> {
    const found = this.resolve(reference);
    const verdict = this.throttle.check(found?.id ?? null, ip);
    if (!verdict.ok) return err({ kind: "throttled", retryAfterMs: verdict.retryAfterMs, scope: verdict.scope });
    if (!found) {
      this.raise(this.throttle.recordFailure(null, ip), null, ip);
      return err({ kind: "no-such-account" });
    }
    const checked = await verifyPassword(password, found.passwordHash, this.scrypt);
    if (!checked.valid) {
      this.raise(this.throttle.recordFailure(found.id, ip), found, ip);
      this.deps.log.info({ account: found.id, ip }, "failed login");
      return err({ kind: "bad-password" });
    }
    this.throttle.recordSuccess(found.id);
    if (checked.needsRehash) {
      const rehashed = await hashPassword(password, this.scrypt);
      const current = this.deps.store.byId(found.id);
      // Only if the password did not change while we hashed.
      if (current && current.passwordHash === found.passwordHash) {
        this.deps.store.setPassword(found.id, rehashed, current.passwordGenerated);
        this.deps.log.info({ account: found.id }, "password rehashed with the current scrypt parameters");
      }
    }
    const account = this.deps.store.byId(found.id);
    if (!account) return err({ kind: "no-such-account" });
    if (account.frozen) return err({ kind: "frozen", message: this.frozenText(account) });
    if (account.status === "unverified" && !account.passwordGenerated) return err({ kind: "unverified" });
    return ok({ account, generatedPassword: account.passwordGenerated });
  }

  /** The user-facing text of an authentication failure. */
  describeAuthFailure(failure: AuthFailure, typed: string): string {
    const reference = quoted(typed);
    switch (failure.kind) {
      case "no-such-account":
        return `${reference} is not a registered account or nickname.`;
      case "bad-password":
        return `Invalid password for ${reference}.`;
      case "throttled": {
        const limit = this.deps.config.security.login_attempts_per_minute;
        return failure.scope === "address"
          ? `Too many failed logins from your address (limit ${limit} a minute); try again in ${wait(failure.retryAfterMs)}.`
          : `Too many failed logins to ${reference} (limit ${limit} a minute); try again in ${wait(failure.retryAfterMs)}.`;
      }
      case "frozen":
        return failure.message;
      case "unverified":
        return `${reference} is not verified yet: type the code from the registration mail, /msg ${this.ns} VERIFY REGISTER ${reference} <code>. No mail? /msg ${this.ns} RESEND.`;
    }
  }

  private raise(alerts: LoginAlert[], account: Account | null, ip: string): void {
    for (const alert of alerts) {
      const window = formatDuration(alert.windowMs);
      const text =
        alert.scope === "account" && account
          ? `Login failures: ${alert.failures} failed logins to account ${account.name} (${account.id}) within ${window}; latest from ${ip}.`
          : `Login failures: ${alert.failures} failed logins network-wide within ${window}; latest from ${ip}.`;
      this.deps.actions.operNotice(text);
      this.deps.log.warn({ scope: alert.scope, account: alert.accountId ?? null, failures: alert.failures, ip }, "login failure alert");
    }
  }

  /** Logs a user in: session, ircd account metadata, last seen, event. Verifies on a generated password. */
  login(uid: string, account: Account, via: LoginVia, generatedPassword: boolean): void {
    let target = this.deps.store.byId(account.id) ?? account;
    if (target.status === "unverified") {
      if (!generatedPassword) {
        // Unverified is inert: remember who they are (for VERIFY/RESEND), nothing more.
        this.pending.set(uid, target.id);
        this.deps.log.warn({ account: target.id, uid, via }, "login to an unverified account with a chosen password kept internal");
        return;
      }
      target = this.markVerified(target, target.id, "generated-password");
    }
    const previous = this.deps.sessions.get(uid);
    if (previous && previous.accountId !== target.id) this.emit("loggedOut", previous.accountId, uid);
    this.pending.delete(uid);
    const now = this.now();
    this.deps.sessions.set({ uid, accountId: target.id, since: now, via });
    this.deps.actions.setLogin(uid, { id: target.id, name: target.name });
    const user = this.deps.network.user(uid);
    if (user) {
      const { mask, realMask } = maskOf(user);
      const ownsNick = this.deps.store.nickOwner(user.nick)?.accountId === target.id;
      this.deps.store.markLogin(target.id, now, mask, realMask, ownsNick ? user.nick : undefined);
    }
    const fresh = this.deps.store.byId(target.id) ?? target;
    this.deps.log.info({ account: fresh.id, uid, via }, "logged in");
    this.emit("loggedIn", fresh, uid, { via, generatedPassword });
  }

  logout(uid: string): void {
    this.pending.delete(uid);
    const session = this.deps.sessions.remove(uid);
    if (!session) return;
    const user = this.deps.network.user(uid);
    if (user) {
      this.deps.actions.setLogin(uid, null);
      const { mask, realMask } = maskOf(user);
      this.deps.store.markSeen(session.accountId, this.now(), mask, realMask);
    }
    this.deps.log.info({ account: session.accountId, uid }, "logged out");
    this.emit("loggedOut", session.accountId, uid);
  }

  /** The user left the network: ends the session without telling the ircd; records last seen. */
  userQuit(uid: string): void {
    this.pending.delete(uid);
    const session = this.deps.sessions.remove(uid);
    if (!session) return;
    this.deps.store.markSeen(session.accountId, this.now(), null, null);
    this.emit("loggedOut", session.accountId, uid);
  }

  /** The account a user is logged in to, or null. */
  accountOf(uid: string): Account | null {
    const session = this.deps.sessions.get(uid);
    if (!session) return null;
    const account = this.deps.store.byId(session.accountId);
    if (!account) {
      this.deps.sessions.remove(uid);
      return null;
    }
    return account;
  }

  /** The unverified account a user registered or proved the password of (not logged in), or null. */
  pendingAccountOf(uid: string): Account | null {
    const id = this.pending.get(uid);
    if (id === undefined) return null;
    const account = this.deps.store.byId(id);
    if (!account || account.status !== "unverified") {
      this.pending.delete(uid);
      return null;
    }
    return account;
  }

  /** Finds an account by name, nick, entity ID or ?entity ID. */
  resolve(reference: string): Account | undefined {
    return this.deps.store.resolve(reference);
  }

  /** NickServ IDENTIFY: authenticate and log in (switching from another account if needed). */
  async identify(actor: Actor, reference: string | null, password: string): Promise<Result<IdentifyOutcome, string>> {
    const ref = reference ?? actor.nick;
    const current = this.accountOf(actor.uid);
    const named = this.resolve(ref);
    if (current && named && named.id === current.id) return err(`You are already logged in as ${current.name}.`);
    const auth = await this.authenticate(ref, password, actor.ip);
    if (!auth.ok) {
      if (auth.error.kind === "unverified" && named) this.pending.set(actor.uid, named.id);
      return err(this.describeAuthFailure(auth.error, ref));
    }
    const verifiedNow = auth.value.account.status === "unverified";
    this.login(actor.uid, auth.value.account, "identify", auth.value.generatedPassword);
    const account = this.deps.store.byId(auth.value.account.id) ?? auth.value.account;
    return ok({ account, previous: current && current.id !== account.id ? current.name : null, verifiedNow });
  }

  // -------------------------------------------------------------------------------------------
  // Verification

  /** Marks an account verified (audited) and emits `verified`. */
  private markVerified(account: Account, actor: string, how: string): Account {
    const now = this.now();
    this.deps.store.db.transaction(() => {
      this.deps.store.setStatus(account.id, "active", now);
      this.deps.audit.record({ actor, action: "account.verify", target: account.id, details: { how } });
    })();
    const fresh = this.deps.store.byId(account.id) ?? account;
    this.deps.mail.cancel?.(codeMailRef(account.id, "register"));
    this.deps.log.info({ account: account.id, how }, "account verified");
    this.emit("verified", fresh);
    return fresh;
  }

  private codeFailureText(failure: CodeFailure, account: Account, what: string, again: string): string {
    switch (failure) {
      case "none":
        return `There is no ${what} code waiting for ${account.name}.`;
      case "wrong":
        return `That is not the right code for ${account.name}. Copy the code from the latest mail exactly.`;
      case "expired":
        return `That code has expired. ${again}`;
      case "used":
        return "That code was already used; each code works once.";
      case "replaced":
        return "That code was replaced by a newer one; use the code from the latest mail.";
    }
  }

  /**
   * VERIFY REGISTER: the mailed code verifies the account (single use, unexpired). The caller is
   * logged in when they registered it, proved its password, or use one of its nicks; so are other
   * users waiting on it.
   */
  verifyRegistration(reference: string, code: string, actor: Actor): Result<{ account: Account; loggedIn: boolean }, string> {
    const account = this.resolve(reference);
    if (!account) return err(`${quoted(reference)} is not a registered account.`);
    if (account.status !== "unverified") return err(`${account.name} is already verified.`);
    if (account.origin === "x2" && account.passwordGenerated && !this.codes.active(account.id, "register", this.now())) {
      return err(`${account.name} is verified by logging in with the password mailed for your channel: /msg ${this.ns} IDENTIFY ${account.name} <password>.`);
    }
    const used = this.codes.consume(account.id, "register", code, this.now());
    if (!used.ok) return err(this.codeFailureText(used.error, account, "verification", `Ask for a new one with /msg ${this.ns} RESEND.`));
    const verified = this.markVerified(account, `${actor.uid}:${actor.nick}`, "code");
    const uids = new Set<string>();
    for (const [uid, id] of this.pending) if (id === account.id) uids.add(uid);
    if (this.deps.store.nickOwner(actor.nick)?.accountId === account.id) uids.add(actor.uid);
    let loggedIn = false;
    for (const uid of uids) {
      if (!this.deps.network.user(uid)) {
        this.pending.delete(uid);
        continue;
      }
      this.login(uid, verified, "verify", false);
      if (uid === actor.uid) loggedIn = true;
    }
    return ok({ account: this.deps.store.byId(account.id) ?? verified, loggedIn });
  }

  /** VERIFY EMAIL: the code mailed to a new address makes it the account's address. */
  verifyEmail(reference: string, code: string, actor: { uid: string; nick: string; account?: { id: string } | null }): Result<{ account: Account; email: string }, string> {
    const account = this.resolve(reference);
    if (!account) return err(`${quoted(reference)} is not a registered account.`);
    if (account.frozen) return err(this.frozenText(account));
    const used = this.codes.consume(account.id, "email", code, this.now());
    if (!used.ok) return err(this.codeFailureText(used.error, account, "email change", `Ask again with /msg ${this.ns} SET EMAIL <address>.`));
    const wanted = used.value.data ?? "";
    const address = this.emailProblem(wanted, account.id);
    if (!address.ok) return err(`The new address cannot be used any more: ${address.error}`);
    this.deps.store.db.transaction(() => {
      this.deps.store.setEmail(account.id, address.value.email, address.value.canonical);
      this.deps.audit.record({
        actor: auditActor(actor),
        action: "account.email",
        target: account.id,
        details: { from: emailDomain(account.email), to: emailDomain(address.value.email) },
      });
    })();
    return ok({ account: this.deps.store.byId(account.id) ?? account, email: address.value.email });
  }

  /**
   * Checks the mail limits of a code purpose: one per resend_interval, and CODES_PER_DAY a day
   * (for 'register', counting resends only: the first mail is free). Returns a refusal or null.
   */
  private codeLimit(accountId: string, purpose: CodePurpose, what: string): string | null {
    const now = this.now();
    const interval = this.deps.config.nickserv.resend_interval;
    const issued = this.codes.issuedSince(accountId, purpose, now - DAY);
    const last = issued[issued.length - 1];
    if (last && now - last.createdAt < interval) {
      return `You can ask for ${what} once every ${formatDuration(interval)}; try again in ${wait(last.createdAt + interval - now)}.`;
    }
    const counted = purpose === "register" ? issued.filter((c) => c.data === "resend") : issued;
    const first = counted[0];
    if (counted.length >= CODES_PER_DAY && first) {
      return `You have asked for ${what} ${counted.length} times in the last 24 hours (limit ${CODES_PER_DAY} a day); try again in ${wait(first.createdAt + DAY - now)}.`;
    }
    return null;
  }

  /**
   * Issues a fresh code of `purpose` (voiding the live one and taking back its queued mail) and
   * audits the request, in one transaction. The caller mails the code.
   */
  private issueCode(accountId: string, purpose: CodePurpose, lifetimeMs: number, data: string | null, audit: AuditRecord): IssuedCode {
    this.deps.mail.cancel?.(codeMailRef(accountId, purpose));
    const now = this.now();
    return this.deps.store.db.transaction(() => {
      const issued = this.codes.issue(accountId, purpose, now, lifetimeMs, data);
      this.deps.audit.record(audit);
      return issued;
    })();
  }

  /** Mails a fresh registration code (the old one is voided) to the account's address. */
  private mailRegisterCode(account: Account): { expiresAt: number } | string {
    const now = this.now();
    const deadline = account.createdAt + this.deps.config.nickserv.verify_window;
    const lifetime = account.origin === "nickserv" ? deadline - now : this.deps.config.nickserv.code_lifetime;
    if (lifetime <= 0) return `The registration of ${account.name} has expired and is being dropped; register again.`;
    const ref = codeMailRef(account.id, "register");
    this.deps.mail.cancel?.(ref);
    const issued = this.codes.issue(account.id, "register", now, lifetime, "resend");
    this.deps.mail.queue(
      "account_verify",
      account.email,
      { account: account.name, code: issued.code, verifyWindow: formatDuration(lifetime), serviceNick: this.ns },
      { ref },
    );
    return { expiresAt: issued.expiresAt };
  }

  /** RESEND: a fresh verification code for the caller's unverified account. */
  resend(uid: string, nick: string): Result<{ account: Account; expiresAt: number }, string> {
    const pending = this.pendingAccountOf(uid);
    if (!pending) {
      if (this.accountOf(uid)) return err("Your account is already verified.");
      return err(
        `You have no registration waiting for verification. If you registered earlier, prove it is yours first: /msg ${this.ns} IDENTIFY <account> <password>, then RESEND.`,
      );
    }
    const limited = this.codeLimit(pending.id, "register", "a new code");
    if (limited) return err(limited);
    const sent = this.mailRegisterCode(pending);
    if (typeof sent === "string") return err(sent);
    this.deps.audit.record({ actor: `${uid}:${nick}`, action: "account.verify.resend", target: pending.id });
    return ok({ account: pending, expiresAt: sent.expiresAt });
  }

  // -------------------------------------------------------------------------------------------
  // Settings

  /** SET PASSWORD (the owner) and SETPASS (staff): a new chosen password. */
  async changePassword(accountId: string, password: string, actor: string, action = "account.password"): Promise<Result<Account, string>> {
    const account = this.deps.store.byId(accountId);
    if (!account) return err("That account no longer exists.");
    const names = [account.name, ...this.deps.store.nicksOf(account.id).map((n) => n.nick)];
    const problem = this.passwordProblem(password, names);
    if (problem) return err(problem);
    if (password.toLowerCase() === account.email.toLowerCase()) return err("Your password cannot be your email address.");
    const hash = await hashPassword(password, this.scrypt);
    const now = this.now();
    this.deps.store.db.transaction(() => {
      this.deps.store.setPassword(account.id, hash, false);
      this.codes.voidActive(account.id, "resetpass", now);
      this.deps.audit.record({ actor, action, target: account.id });
    })();
    this.throttle.recordSuccess(account.id);
    return ok(this.deps.store.byId(account.id) ?? account);
  }

  /**
   * SET EMAIL by a logged-in owner: mails a code to the new address; the address changes only when
   * the code is given (VERIFY EMAIL). Refused for frozen accounts.
   */
  requestEmailChange(accountId: string, input: string, actor: string): Result<{ account: Account; email: string; expiresAt: number }, string> {
    const account = this.deps.store.byId(accountId);
    if (!account) return err("That account no longer exists.");
    if (account.frozen) return err(this.frozenText(account));
    const address = this.emailProblem(input, account.id);
    if (!address.ok) return address;
    if (address.value.email === account.email) return err(`${address.value.email} is already the address of ${account.name}.`);
    const limited = this.codeLimit(account.id, "email", "an email change");
    if (limited) return err(limited);
    const lifetime = this.deps.config.nickserv.code_lifetime;
    const issued = this.issueCode(account.id, "email", lifetime, address.value.email, {
      actor,
      action: "account.email.request",
      target: account.id,
      details: { to: emailDomain(address.value.email) },
    });
    this.deps.mail.queue(
      "email_change_verify",
      address.value.email,
      { account: account.name, code: issued.code, newEmail: address.value.email, verifyWindow: formatDuration(lifetime), serviceNick: this.ns },
      { ref: codeMailRef(account.id, "email") },
    );
    return ok({ account, email: address.value.email, expiresAt: issued.expiresAt });
  }

  /**
   * SET EMAIL before verification (the address was mistyped): changes it at once, voids the old
   * code and mails a new one to the new address. Counts toward the resend limits.
   */
  changePendingEmail(uid: string, nick: string, input: string): Result<{ account: Account; email: string; expiresAt: number }, string> {
    const pending = this.pendingAccountOf(uid);
    if (!pending) return err(`You must be logged in to use SET EMAIL: /msg ${this.ns} IDENTIFY <account> <password>`);
    if (pending.frozen) return err(this.frozenText(pending));
    const address = this.emailProblem(input, pending.id);
    if (!address.ok) return address;
    if (address.value.email === pending.email) return err(`${address.value.email} is already the address of ${pending.name}; to get the code again, use /msg ${this.ns} RESEND.`);
    const limited = this.codeLimit(pending.id, "register", "a new code");
    if (limited) return err(limited);
    this.deps.store.db.transaction(() => {
      this.deps.store.setEmail(pending.id, address.value.email, address.value.canonical);
      this.deps.audit.record({
        actor: `${uid}:${nick}`,
        action: "account.email",
        target: pending.id,
        details: { from: emailDomain(pending.email), to: emailDomain(address.value.email), unverified: true },
      });
    })();
    const updated = this.deps.store.byId(pending.id) ?? pending;
    const sent = this.mailRegisterCode(updated);
    if (typeof sent === "string") return err(sent);
    return ok({ account: updated, email: address.value.email, expiresAt: sent.expiresAt });
  }

  /** SET EXPMAIL / SET HIDEMAIL. */
  setOption(accountId: string, option: "expmail" | "hidemail", on: boolean, actor: string): Result<Account, string> {
    const account = this.deps.store.byId(accountId);
    if (!account) return err("That account no longer exists.");
    const flag = option === "expmail" ? "expmail" : "hide_email";
    this.deps.store.db.transaction(() => {
      this.deps.store.setFlag(account.id, flag, on);
      this.deps.audit.record({ actor, action: `account.set.${option}`, target: account.id, details: { on } });
    })();
    return ok(this.deps.store.byId(account.id) ?? account);
  }

  // -------------------------------------------------------------------------------------------
  // Nicks

  /** GROUP: adds `nick` (the user's current nick) to the account. */
  group(accountId: string, nick: string, actor: string): Result<{ account: Account; count: number }, string> {
    const account = this.deps.store.byId(accountId);
    if (!account) return err("That account no longer exists.");
    if (account.frozen) return err(this.frozenText(account));
    if (this.deps.store.nickOwner(nick)?.accountId === account.id) return err(`${nick} is already grouped to your account.`);
    const problem = this.nickRegistrationProblem(nick);
    if (problem) return err(problem);
    const max = this.deps.config.nickserv.max_grouped_nicks;
    const nicks = this.deps.store.nicksOf(account.id);
    if (nicks.length >= max) {
      return err(`Your account already has ${nicks.length} nicknames (limit ${max}); ungroup one first with /msg ${this.ns} UNGROUP <nick>.`);
    }
    this.deps.store.db.transaction(() => {
      this.deps.store.addNick(account.id, nick, this.now());
      this.deps.audit.record({ actor, action: "account.group", target: account.id, details: { nick } });
    })();
    return ok({ account, count: nicks.length + 1 });
  }

  /** UNGROUP: removes a grouped nick (never the account's name). */
  ungroup(accountId: string, nick: string, actor: string): Result<Account, string> {
    const account = this.deps.store.byId(accountId);
    if (!account) return err("That account no longer exists.");
    const owner = this.deps.store.nickOwner(nick);
    if (!owner || owner.accountId !== account.id) return err(`${quoted(nick)} is not grouped to your account.`);
    if (foldName(owner.nick) === foldName(account.name)) return err(`${owner.nick} is your account name and cannot be ungrouped.`);
    this.deps.store.db.transaction(() => {
      this.deps.store.removeNick(owner.nick);
      this.deps.audit.record({ actor, action: "account.ungroup", target: account.id, details: { nick: owner.nick } });
    })();
    return ok(account);
  }

  /**
   * GHOST / REGAIN: the caller owns `nick` when logged in to its account (or to the account the
   * user holding it is logged in to), or when `password` is its account's password. GHOST
   * disconnects the user holding it; REGAIN does that, logs the caller in and renames them to it.
   */
  async reclaimNick(mode: "ghost" | "regain", actor: Actor, nick: string, password: string | null): Promise<Result<string[], string>> {
    const target = this.deps.network.user(nick);
    const typed = quoted(nick);
    if (target && target.uid === actor.uid) return err(mode === "ghost" ? "You cannot ghost yourself." : `You are already using ${target.nick}.`);
    if (mode === "ghost" && !target) return err(`${typed} is not online.`);
    const owner = this.deps.store.byNick(nick);
    const current = this.accountOf(actor.uid);
    let authorised: Account | null = null;
    let generated = false;
    if (password !== null) {
      if (!owner) return err(`${typed} is not a registered nickname.`);
      const auth = await this.authenticate(owner.id, password, actor.ip);
      if (!auth.ok) return err(this.describeAuthFailure(auth.error, nick));
      authorised = auth.value.account;
      generated = auth.value.generatedPassword;
    } else if (current && (owner?.id === current.id || (target && this.deps.sessions.get(target.uid)?.accountId === current.id))) {
      authorised = current;
    } else if (current && current.frozen) {
      return err(this.frozenText(current));
    } else {
      if (!owner) return err(`${typed} is not a registered nickname.`);
      return err(`You do not own ${typed}: log in to its account first, or give its password: /msg ${this.ns} ${mode.toUpperCase()} ${typed} <password>.`);
    }
    if (authorised.frozen) return err(this.frozenText(authorised));
    if (mode === "regain" && owner && owner.id !== authorised.id) return err(`${typed} belongs to another account.`);
    const lines: string[] = [];
    const label = mode === "ghost" ? "GHOST" : "REGAIN";
    const actorRef = current ? current.id : `${actor.uid}:${actor.nick}`;
    // Lift a hold on the nick (set after a guest rename) before the kill and the rename: the owner gets it back for good.
    this.emit("nickReclaim", authorised.id, this.deps.store.nickOwner(nick)?.nick ?? target?.nick ?? nick);
    if (target) {
      this.deps.actions.killUser(target.uid, `${label} command used by ${actor.nick}`);
      this.deps.audit.record({ actor: actorRef, action: `account.${mode}`, target: authorised.id, details: { nick: target.nick, killed: target.uid } });
      lines.push(`${target.nick} has been disconnected.`);
    }
    if (mode === "regain") {
      if (!current || current.id !== authorised.id) {
        this.login(actor.uid, authorised, "identify", generated);
        lines.push(`You are now logged in as ${authorised.name}.`);
      }
      const spelled = this.deps.store.nickOwner(nick)?.nick ?? target?.nick ?? nick;
      this.deps.actions.forceNick(actor.uid, spelled);
      lines.push(`You have regained ${spelled}.`);
    }
    return ok(lines);
  }

  // -------------------------------------------------------------------------------------------
  // Password reset

  /** RESETPASS <account>: mails a reset code to the account's address. */
  requestPasswordReset(reference: string, actor: { uid: string; nick: string; account?: { id: string } | null }): Result<{ account: Account; lifetimeMs: number }, string> {
    const account = this.resolve(reference);
    if (!account) return err(`${quoted(reference)} is not a registered account.`);
    if (account.frozen) return err(this.frozenText(account));
    const limited = this.codeLimit(account.id, "resetpass", "a password reset");
    if (limited) return err(limited);
    const lifetime = this.deps.config.nickserv.code_lifetime;
    const issued = this.issueCode(account.id, "resetpass", lifetime, null, {
      actor: auditActor(actor),
      action: "account.resetpass.request",
      target: account.id,
    });
    this.deps.mail.queue(
      "password_reset",
      account.email,
      { account: account.name, code: issued.code, lifetime: formatDuration(lifetime), serviceNick: this.ns },
      { ref: codeMailRef(account.id, "resetpass") },
    );
    return ok({ account, lifetimeMs: lifetime });
  }

  /** RESETPASS <account> <code> <newpassword>. The code proves the mailbox, so it also verifies. */
  async completePasswordReset(
    reference: string,
    code: string,
    password: string,
    actor: { uid: string; nick: string; account?: { id: string } | null },
  ): Promise<Result<{ account: Account; verifiedNow: boolean }, string>> {
    const account = this.resolve(reference);
    if (!account) return err(`${quoted(reference)} is not a registered account.`);
    if (account.frozen) return err(this.frozenText(account));
    const names = [account.name, ...this.deps.store.nicksOf(account.id).map((n) => n.nick)];
    const problem = this.passwordProblem(password, names);
    if (problem) return err(problem);
    const used = this.codes.consume(account.id, "resetpass", code, this.now());
    if (!used.ok) return err(this.codeFailureText(used.error, account, "password reset", `Ask for a new one with /msg ${this.ns} RESETPASS ${account.name}.`));
    const hash = await hashPassword(password, this.scrypt);
    const actorRef = auditActor(actor);
    this.deps.store.db.transaction(() => {
      this.deps.store.setPassword(account.id, hash, false);
      this.deps.audit.record({ actor: actorRef, action: "account.resetpass", target: account.id });
    })();
    this.throttle.recordSuccess(account.id);
    const fresh = this.deps.store.byId(account.id) ?? account;
    const verifiedNow = fresh.status === "unverified";
    const result = verifiedNow ? this.markVerified(fresh, actorRef, "password-reset-code") : fresh;
    return ok({ account: result, verifiedNow });
  }

  // -------------------------------------------------------------------------------------------
  // Staff

  addMark(accountId: string, oper: { id: string; name: string }, text: string): Result<AccountMark, string> {
    const clean = text.trim();
    if (clean.length === 0) return err("A mark needs a text.");
    if (clean.length > MAX_MARK_LENGTH) return err(`A mark can be at most ${MAX_MARK_LENGTH} characters long.`);
    return ok(
      this.deps.store.db.transaction(() => {
        const mark = this.marks.add(accountId, oper.name, clean, this.now());
        this.deps.audit.record({ actor: oper.id, action: "account.mark.add", target: accountId, details: { mark: mark.id, text: clean } });
        return mark;
      })(),
    );
  }

  deleteMark(accountId: string, id: number, oper: { id: string }): Result<AccountMark, string> {
    const mark = this.marks.get(accountId, id);
    if (!mark) return err(`There is no mark #${id} on that account.`);
    this.deps.store.db.transaction(() => {
      this.marks.delete(accountId, id);
      this.deps.audit.record({ actor: oper.id, action: "account.mark.delete", target: accountId, details: { mark: id, text: mark.text } });
    })();
    return ok(mark);
  }

  /** INFO lines for `account` as `viewer` sees it. */
  infoLines(account: Account, viewer: { accountId: string | null; auspex: boolean }): string[] {
    const now = this.now();
    return accountInfoLines({
      account,
      nicks: this.deps.store.nicksOf(account.id),
      marks: viewer.auspex ? this.marks.list(account.id) : [],
      online: this.deps.sessions.uidsOf(account.id).length > 0,
      viewer: { isOwner: viewer.accountId === account.id, auspex: viewer.auspex },
      now,
      verifyDeadline: account.status === "unverified" && account.origin === "nickserv" ? account.createdAt + this.deps.config.nickserv.verify_window : null,
      ...(account.degradedAt !== null ? { degraded: loadDegradedExtra(this.deps.store.db, account.id) } : {}),
    });
  }

  // -------------------------------------------------------------------------------------------
  // Dropping

  /** NickServ-origin unverified accounts older than the verification window. */
  unverifiedDue(): string[] {
    return this.unverifiedDueQuery.all(this.now() - this.deps.config.nickserv.verify_window).map((r) => r.id);
  }

  /**
   * Drops an account (audited, in one transaction): its nicks, codes and marks go with it; its
   * sessions end (an unverified account has none at the ircd, so no logout is sent for it).
   */
  drop(accountId: string, reason: string, actor: string): boolean {
    const account = this.deps.store.byId(accountId);
    if (!account) return false;
    const nicks = this.deps.store.nicksOf(account.id).map((n) => n.nick);
    this.deps.store.db.transaction(() => {
      this.deps.store.delete(account.id);
      this.deps.audit.record({ actor, action: "account.drop", target: account.id, details: { name: account.name, reason, nicks, status: account.status } });
    })();
    for (const purpose of ["register", "email", "resetpass"] as const) this.deps.mail.cancel?.(codeMailRef(account.id, purpose));
    for (const [uid, id] of this.pending) if (id === account.id) this.pending.delete(uid);
    for (const uid of this.deps.sessions.uidsOf(account.id)) {
      this.deps.sessions.remove(uid);
      if (this.deps.network.user(uid)) this.deps.actions.setLogin(uid, null);
      this.emit("loggedOut", account.id, uid);
    }
    this.deps.log.info({ account: account.id, name: account.name, reason }, "account dropped");
    this.emit("dropped", account.id, reason);
    return true;
  }
}
