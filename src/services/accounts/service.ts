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
import type { Result } from "../../util/result.js";
import { NickRegistrations } from "../abuse/nick-registrations.js";
import type { DomainDeps } from "../deps.js";
import type { StaffDirectory } from "../staff-directory.js";
import { Authentication } from "./authentication.js";
import { CodeMail } from "./code-mail.js";
import { CodeStore } from "./codes.js";
import type { AccountContext } from "./context.js";
import { Erasure, type Erased, type PersonalValues } from "./erasure.js";
import { AccountExpiry, type ExpiryOptions } from "./expiry.js";
import { frozenFailure } from "./context.js";
import type { AccountFailure, AuthFailure, FrozenFailure, NickRegistrationProblem, ReclaimFailure } from "./failures.js";
import type { AccountInfo, ChannelCounts } from "./info.js";
import { LoginThrottle } from "./login-throttle.js";
import { Logins } from "./logins.js";
import { MarkStore, type AccountMark } from "./marks.js";
import { NickHolds } from "./nick-holds.js";
import { Nicks } from "./nicks.js";
import { reclaimAccount, type Reclaimed, type ReclaimRequest } from "./reclaim.js";
import { Registration } from "./registration.js";
import { AccountRules } from "./rules.js";
import type { LoginVia, Sessions } from "./sessions.js";
import { Settings } from "./settings.js";
import { Staff } from "./staff.js";
import type { Account, AccountNick, AccountStore } from "./store.js";
import { NO_FREEZE_RECORDS, type AccountEvents, type AccountEventSink, type Actor, type FreezeLookup, type IdentifyOutcome, type MailQueue, type NickReclaimed, type Requesting } from "./types.js";
import { Verification } from "./verification.js";

export { auditActor, CODES_PER_DAY, MAX_PASSWORD_LENGTH } from "./types.js";
export type { AccountEvents, Actor, FreezeLookup, FreezeSummary, IdentifyOutcome, MailQueue, NickReclaimed, Requesting } from "./types.js";
export type { AccountFailure, AuthFailure, FrozenFailure, ReclaimFailure } from "./failures.js";
export type { Erased, PersonalValues } from "./erasure.js";

export interface AccountDeps extends DomainDeps {
  store: AccountStore;
  sessions: Sessions;
  mail: MailQueue;
  /** Staff-managed email blacklist (OperServ BLACKLIST), on top of config mail.blacklist. */
  emailBlacklist?: { match(email: string): unknown };
  /** The channel counts INFO shows for a degraded account (the channels domain provides them). */
  channelCounts?: (accountId: string) => ChannelCounts;
  /** Account expiry's pluggable parts (see ExpiryOptions). */
  expiryOptions?: ExpiryOptions;
  /** The freeze records (src/services/lifecycle/freeze): reasons, INFO, expiry after an unfreeze. */
  freezes?: FreezeLookup;
  /** Who is staff ([opers]): their accounts never expire and their names are reserved. */
  staff: StaffDirectory;
  /** True for an entity ID that belonged to a deleted account: it is never given again (the deletion domain provides it). */
  entityIdRetired?: (id: string) => boolean;
}

export class AccountService extends GuardedEmitter<AccountEvents> {
  readonly codes: CodeStore;
  readonly throttle: LoginThrottle;
  /** Successful NickServ registrations by address ([nickserv] registrations_per_host_per_day). */
  readonly registrations: NickRegistrations;
  /** Degradation and account expiry (the account-expiry loop and OperServ EXPIRING use it). */
  readonly expiry: AccountExpiry;
  /** The nicks services asked the ircd to hold after guest renames (nick protection uses it). */
  readonly nickHolds: NickHolds;
  private readonly rules: AccountRules;
  private readonly logins: Logins;
  private readonly authentication: Authentication;
  private readonly verification: Verification;
  private readonly settings: Settings;
  private readonly nicks: Nicks;
  private readonly staff: Staff;
  private readonly registration: Registration;
  private readonly erasure: Erasure;
  private readonly context: AccountContext;

  /** `deps` stays readable for tests; other parts use the methods below. */
  constructor(readonly deps: AccountDeps) {
    super();
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
    const emit = this.emit.bind(this) as (event: string, ...args: unknown[]) => boolean;
    const events: AccountEventSink = { emit: (event, ...args) => emit(event, ...args) };
    const ctx: AccountContext = { ...deps, codes: this.codes, throttle: this.throttle, events, freezes: deps.freezes ?? NO_FREEZE_RECORDS };
    this.context = ctx;
    this.rules = new AccountRules({ store, config, emailBlacklist: deps.emailBlacklist, staff: deps.staff });
    const codeMail = new CodeMail(ctx);
    this.logins = new Logins({ ...ctx, markVerified: (account, actor, how) => this.verification.markVerified(account, actor, how) });
    const login = (uid: string, account: Account, via: LoginVia, generated: boolean): void => this.logins.login(uid, account, via, generated);
    const accountOf = (uid: string): Account | null => this.logins.accountOf(uid);
    const pendingAccountOf = (uid: string): Account | null => this.logins.pendingAccountOf(uid);
    const frozenOwnerOf = (uid: string): Account | null => this.logins.frozenOwnerOf(uid);
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
  resolve(reference: string): Account | undefined {
    return this.deps.store.resolve(reference);
  }

  byId(id: string): Account | undefined {
    return this.deps.store.byId(id);
  }

  byName(name: string): Account | undefined {
    return this.deps.store.byName(name);
  }

  /** The account a nick is grouped to (and the nick as registered), or undefined. */
  nickOwner(nick: string): { accountId: string; nick: string } | undefined {
    return this.deps.store.nickOwner(nick);
  }

  nicksOf(accountId: string): AccountNick[] {
    return this.deps.store.nicksOf(accountId);
  }

  // ------------------------------------------------------------------------------------------
  // Registration

  /** NickServ REGISTER (see registration.ts). */
  register(actor: Actor, password: string, email: string): Promise<Result<Account, AccountFailure>> {
    return this.registration.register(actor, password, email);
  }

  /** The unverified account X2 REGISTER makes for a user without one, with a generated password the caller mails. */
  createForChannel(nick: string, email: string): Promise<Result<{ account: Account; password: string }, AccountFailure>> {
    return this.registration.createForChannel(nick, email);
  }

  /** Why `nick` cannot become a registered nickname (a new account's name or a grouped nick), or null. */
  nickRegistrationProblem(nick: string): NickRegistrationProblem | null {
    return this.rules.nickRegistrationProblem(nick);
  }

  // ------------------------------------------------------------------------------------------
  // Authentication and sessions

  authenticate(reference: string, password: string, ip: string): Promise<Result<{ account: Account; generatedPassword: boolean }, AuthFailure>> {
    return this.authentication.authenticate(reference, password, ip);
  }

  async identify(actor: Actor, reference: string | null, password: string): Promise<Result<IdentifyOutcome, AccountFailure>> {
    const result = await this.authentication.identify(actor, reference, password);
    const error = result.ok ? null : result.error;
    this.emit("identifyAttempt", error === null ? "success" : error.kind === "auth" ? error.failure.kind : error.kind);
    return result;
  }

  login(uid: string, account: Account, via: LoginVia, generatedPassword: boolean): void {
    this.logins.login(uid, account, via, generatedPassword);
  }

  logout(uid: string): void {
    this.logins.logout(uid);
  }

  /** The user left the network: ends the session without telling the ircd; records last seen. */
  userQuit(uid: string): void {
    this.logins.userQuit(uid);
  }

  /** The account a user is logged in to, or null. */
  accountOf(uid: string): Account | null {
    return this.logins.accountOf(uid);
  }

  /** The id and name of the account a user is logged in to, or null (no full account read). */
  sessionAccount(uid: string): { id: string; name: string } | null {
    return this.logins.sessionAccount(uid);
  }

  /** The unverified account a user registered or proved the password of (not logged in), or null. */
  pendingAccountOf(uid: string): Account | null {
    return this.logins.pendingAccountOf(uid);
  }

  /** The id of the account a user's session is with (no database read), or null. */
  sessionAccountId(uid: string): string | null {
    return this.deps.sessions.get(uid)?.accountId ?? null;
  }

  /** The users logged in to an account. */
  loggedInUids(accountId: string): string[] {
    return this.deps.sessions.uidsOf(accountId);
  }

  /**
   * The users logged in to an account that holds `privilege` ([opers]): the staff to tell about
   * something (a registration held for review). Looks at the listed opers only.
   */
  staffOnline(privilege: string): string[] {
    const { config, store, sessions, staff } = this.deps;
    const uids = new Set<string>();
    // [opers] keys are entity IDs or names: resolve finds both; the directory says what the account holds.
    for (const key of Object.keys(config.opers)) {
      const account = store.resolve(key);
      if (account && staff.privilegesOf(account).has(privilege)) for (const uid of sessions.uidsOf(account.id)) uids.add(uid);
    }
    return [...uids];
  }

  /**
   * When an account was last seen, as every service shows it (NickServ INFO, X2 ACCESS LIST):
   * now while a user is logged in to it (the sessions are the truth of "now"), else the
   * last_seen_at the logins, logouts, quits and hourly refreshes wrote.
   */
  seen(account: Pick<Account, "id" | "lastSeenAt">): { online: boolean; at: number } {
    const online = this.deps.sessions.uidsOf(account.id).length > 0;
    return { online, at: online ? this.deps.clock.now() : account.lastSeenAt };
  }

  /**
   * After a burst: forgets every session (users who left while the link was down never ended
   * theirs) so that `restoreSession` can rebuild them from the ircd's account metadata.
   */
  clearSessions(): void {
    this.deps.sessions.clear();
  }

  /** A login the ircd holds (burst metadata) becomes a session again; no event, nothing sent. */
  restoreSession(uid: string, accountId: string): void {
    this.deps.sessions.set({ uid, accountId, since: this.deps.clock.now(), via: "burst" });
  }

  /** Ends a session without events or ircd lines (the wiring logs out users of a dropped account). */
  endSession(uid: string): void {
    this.deps.sessions.remove(uid);
  }

  // ------------------------------------------------------------------------------------------
  // Frozen accounts (the freeze itself is src/services/lifecycle/freeze)

  /**
   * The refusal for a frozen account, or null when it is not frozen. `proven`: the asker proved to
   * own it (its password, its certificate, a code mailed to it), so the staff's reason is given.
   * What every way around a freeze checks (the deletion work's NickServ DROP too).
   */
  frozenFailure(accountId: string, proven: boolean): FrozenFailure | null {
    const account = this.deps.store.byId(accountId);
    return account?.frozen ? frozenFailure(this.context.freezes, account, proven) : null;
  }

  /** The frozen account a user proved to own (a right password, or the connection the freeze logged out), or null. */
  frozenOwnerOf(uid: string): Account | null {
    return this.logins.frozenOwnerOf(uid);
  }

  /** The refusal for a user who is not logged in because their account is frozen (with the reason: they proved it is theirs), or null. */
  frozenRefusal(uid: string): FrozenFailure | null {
    const account = this.logins.frozenOwnerOf(uid);
    return account ? frozenFailure(this.context.freezes, account, true) : null;
  }

  /** A user proved to own a frozen account (SASL: the password or certificate was right). */
  rememberFrozenOwner(uid: string, accountId: string): void {
    this.logins.rememberFrozenOwner(uid, accountId);
  }

  /**
   * The account was just frozen: its users are logged out (the ircd's account state cleared for
   * those it shows logged in) without being disconnected, and stay known as its owner.
   */
  logoutFrozen(accountId: string): Array<{ uid: string; nick: string }> {
    return this.logins.logoutFrozen(accountId);
  }

  /** The account is not frozen any more: the users who proved to own it meanwhile (still online or not). */
  releaseFrozenOwners(accountId: string): string[] {
    return this.logins.releaseFrozenOwners(accountId);
  }

  // ------------------------------------------------------------------------------------------
  // Codes and verification

  verifyRegistration(reference: string, code: string, actor: Actor): Result<{ account: Account; loggedIn: boolean }, AccountFailure> {
    return this.verification.verifyRegistration(reference, code, actor);
  }

  verifyEmail(reference: string, code: string, actor: Requesting): Result<{ account: Account; email: string }, AccountFailure> {
    return this.verification.verifyEmail(reference, code, actor);
  }

  resend(uid: string, nick: string): Result<{ account: Account; expiresAt: number }, AccountFailure> {
    return this.verification.resend(uid, nick);
  }

  requestPasswordReset(reference: string, actor: Requesting): Result<{ account: Account; lifetimeMs: number }, AccountFailure> {
    return this.verification.requestPasswordReset(reference, actor);
  }

  completePasswordReset(reference: string, code: string, password: string, actor: Requesting): Promise<Result<{ account: Account; verifiedNow: boolean }, AccountFailure>> {
    return this.verification.completePasswordReset(reference, code, password, actor);
  }

  // ------------------------------------------------------------------------------------------
  // Settings

  changePassword(accountId: string, password: string, actor: string, action = "account.password"): Promise<Result<Account, AccountFailure>> {
    return this.settings.changePassword(accountId, password, actor, action);
  }

  requestEmailChange(accountId: string, input: string, actor: string): Result<{ account: Account; email: string; expiresAt: number }, AccountFailure> {
    return this.settings.requestEmailChange(accountId, input, actor);
  }

  changePendingEmail(uid: string, nick: string, input: string): Result<{ account: Account; email: string; expiresAt: number }, AccountFailure> {
    return this.settings.changePendingEmail(uid, nick, input);
  }

  setOption(accountId: string, option: "expmail" | "hidemail", on: boolean, actor: string): Result<Account, AccountFailure> {
    return this.settings.setOption(accountId, option, on, actor);
  }

  // ------------------------------------------------------------------------------------------
  // Nicks

  group(accountId: string, nick: string, actor: string): Result<{ account: Account; count: number }, AccountFailure> {
    return this.nicks.group(accountId, nick, actor);
  }

  ungroup(accountId: string, nick: string, actor: string): Result<Account, AccountFailure> {
    return this.nicks.ungroup(accountId, nick, actor);
  }

  reclaimNick(mode: "ghost" | "regain", actor: Actor, nick: string, password: string | null): Promise<Result<NickReclaimed, AccountFailure>> {
    return this.nicks.reclaimNick(mode, actor, nick, password);
  }

  /** NickServ RECLAIM: takes back a degraded account (reclaim.ts). */
  reclaim(request: ReclaimRequest): Promise<Result<Reclaimed, ReclaimFailure>> {
    return reclaimAccount(
      {
        ...this.context,
        authenticate: (r, p, ip) => this.authenticate(r, p, ip),
        matchFormerName: (name, p, ip) => this.authentication.matchFormerName(name, p, ip),
        login: (uid, a, via, g) => this.login(uid, a, via, g),
      },
      request,
    );
  }

  // ------------------------------------------------------------------------------------------
  // Staff

  marks(accountId: string): AccountMark[] {
    return this.staff.marks(accountId);
  }

  addMark(accountId: string, oper: { id: string; name: string }, text: string): Result<AccountMark, AccountFailure> {
    return this.staff.addMark(accountId, oper, text);
  }

  deleteMark(accountId: string, id: number, oper: { id: string }): Result<AccountMark, AccountFailure> {
    return this.staff.deleteMark(accountId, id, oper);
  }

  setNoexpire(accountId: string, on: boolean, operId: string): Result<Account, AccountFailure> {
    return this.staff.setNoexpire(accountId, on, operId);
  }

  /** OperServ STATS: the accounts, and how many of them wait for their mailed code or password. */
  counts(): { total: number; unverified: number } {
    return { total: this.deps.store.count(), unverified: this.deps.store.countUnverified() };
  }

  /** NickServ-origin unverified accounts older than the verification window. */
  unverifiedDue(): string[] {
    return this.staff.unverifiedDue();
  }

  /** Drops an account (audited, one transaction); its sessions end and `dropped` fires. */
  drop(accountId: string, reason: string, actor: string): boolean {
    return this.staff.drop(accountId, reason, actor);
  }

  // ------------------------------------------------------------------------------------------
  // Deletion cases (src/services/lifecycle/deletion drives them; see erasure.ts)

  /** The account's names and addresses, which the deletion scrubs wherever they are stored. */
  personalValues(accountId: string): PersonalValues | undefined {
    return this.erasure.personalValues(accountId);
  }

  /** NickServ DROP's mailed confirmation code (the same limits as other codes). */
  issueDeletionCode(accountId: string, actor: string): Result<{ code: string; expiresAt: number; lifetimeMs: number; mailRef: string }, AccountFailure> {
    return this.erasure.issueDeletionCode(accountId, actor);
  }

  consumeDeletionCode(accountId: string, code: string): Result<void, AccountFailure> {
    return this.erasure.consumeDeletionCode(accountId, code);
  }

  /** Erases the account (nicks, then its rows, then the account) inside the caller's transaction; `afterCommit` ends its sessions. */
  eraseInTransaction(accountId: string, reason: string): { erased: Erased; afterCommit: () => void } {
    return this.erasure.eraseInTransaction(accountId, reason);
  }

  // ------------------------------------------------------------------------------------------

  /** What NickServ INFO shows about `account` to `viewer`. */
  info(account: Account, viewer: { accountId: string | null; auspex: boolean }): AccountInfo {
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
      mailFailing: viewer.auspex ? (this.deps.mail.failingAddress(account.email) ?? null) : null,
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
