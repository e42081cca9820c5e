/**
 * Accounts on the network: keeps services' sessions in step with what the ircd reports, and drives
 * nick protection.
 *
 * - A user who quits or is killed (or lost in a split) ends their session; the ircd forgets the
 *   login with the user, so no logout metadata is sent.
 * - Nick changes keep the session; they are checked against nick protection.
 * - When the link comes up (first start or relink), the network state has been rebuilt from the
 *   ircd's burst, which carries `METADATA <uid> accountid/accountname` for logged-in users: their
 *   sessions are re-established when the account still exists, is active and not frozen; otherwise
 *   the ircd's login is cleared.
 * - A dropped account logs its users out; a renamed one has its new name sent to the ircd.
 * - Nick protection (services/accounts/protection.ts) is checked on connect, nick change, login,
 *   logout and verification, and its deadlines are checked by a 1 s ticker and by the maintenance
 *   loop src/loops/nick-protection.ts.
 * - A frozen account's nicks stay protected; the users who proved to own it (the connections the
 *   freeze logged out, a right password refused as frozen) count as its owner and keep them.
 * - A nick held after a guest rename (nickserv.guest_hold) is released when its owner logs in (any
 *   way), before GHOST or REGAIN act on it, and when the account is dropped.
 */
import type { InspircdLink } from "../irc/link/inspircd.js";
import type { Network, User } from "../irc/network.js";
import type { AccountService } from "../services/accounts/service.js";
import type { Account } from "../services/accounts/store.js";
import { NickProtection } from "../services/accounts/protection.js";
import type { NetworkActions, NetworkView } from "../services/ports.js";
import type { Config } from "../config/schema.js";
import type { Clock } from "../util/clock.js";
import { errorStack, type Logger } from "../util/logger.js";

export interface AccountNetworkDeps {
  link: Pick<InspircdLink, "on" | "off" | "sid">;
  network: Network;
  /** The domain's view of the same network (nick protection looks users up through it). */
  view: Pick<NetworkView, "user">;
  accounts: AccountService;
  actions: NetworkActions;
  config: Config;
  clock: Clock;
  log: Logger;
  /** Real-time period of the protection ticker; 0 disables it (tests call tick()). Default 1 s. */
  tickIntervalMs?: number;
}

export interface ReestablishReport {
  /** Sessions re-established from burst metadata. */
  restored: number;
  /** Logins the ircd held that services cleared (account gone, unverified or frozen). */
  cleared: number;
  /** Logins re-sent because the account's name changed meanwhile. */
  renamed: number;
}

export class AccountNetwork {
  readonly protection: NickProtection;
  private timer: NodeJS.Timeout | null = null;
  private readonly deferred = new Set<NodeJS.Immediate>();
  private readonly listeners: Array<() => void> = [];

  constructor(private readonly deps: AccountNetworkDeps) {
    const { accounts, actions, clock, config, log, view } = deps;
    this.protection = new NickProtection(
      {
        clock,
        store: { nickOwner: (nick) => accounts.nickOwner(nick), byId: (id) => accounts.byId(id) },
        // The owner of a frozen account (logged out by the freeze, or refused after a right
        // password) keeps its nicks: nobody else may use them, and they are not renamed.
        accountOf: (uid) => accounts.sessionAccountId(uid) ?? accounts.frozenOwnerOf(uid)?.id ?? null,
        network: view,
        actions,
        isService: (uid) => this.isService(uid),
        holds: accounts.nickHolds,
        log,
      },
      {
        // Getters: REHASH may change them.
        get graceMs() {
          return config.nickserv.guest_grace;
        },
        get guestPrefix() {
          return config.nickserv.guest_prefix;
        },
        get holdMs() {
          return config.nickserv.guest_hold;
        },
      },
    );
  }

  start(): void {
    const { link, network, accounts } = this.deps;
    this.listen(network, "userConnected", (user: User, duringBurst: boolean) => {
      // Users in a burst are looked at once the burst is complete (their metadata follows the UID).
      if (duringBurst || this.isService(user.uid)) return;
      // Let the lines that follow the UID (METADATA, a SASL login becoming a session) land first.
      this.defer(() => this.protection.check(user.uid));
    });
    this.listen(network, "nickChanged", (user: User) => {
      if (!network.isBursting(user.server)) this.protection.check(user.uid);
    });
    this.listen(network, "userQuit", (user: User) => this.userGone(user));
    this.listen(link, "ready", () => this.reestablish());
    this.listen(link, "disconnected", () => this.protection.clear());
    this.listen(accounts, "loggedIn", (account: Account, uid: string) => {
      // The owner is back: their nicks need no hold (and REGAIN renames them right after this).
      this.protection.releaseHoldsOf(account.id);
      this.protection.check(uid);
    });
    this.listen(accounts, "nickReclaim", (accountId: string, nick: string) => this.protection.releaseHold(nick, accountId));
    // After the command that logged them out has answered: its reply first, then the warning.
    this.listen(accounts, "loggedOut", (_accountId: string, uid: string) => this.defer(() => this.protection.check(uid)));
    this.listen(accounts, "verified", (account: Account) => this.nicksNowProtected(account));
    this.listen(accounts, "dropped", (accountId: string, reason: string) => this.accountDropped(accountId, reason));
    this.listen(accounts, "renamed", (account: Account, oldName: string) => this.accountRenamed(account, oldName));
    const every = this.deps.tickIntervalMs ?? 1_000;
    if (every > 0) {
      this.timer = setInterval(() => this.tick(), every);
      this.timer.unref();
    }
  }

  stop(): void {
    for (const off of this.listeners.splice(0)) off();
    for (const handle of this.deferred) clearImmediate(handle);
    this.deferred.clear();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.protection.clear();
  }

  /** Renames users whose grace period is over; returns how many. */
  tick(): number {
    try {
      return this.protection.tick().length;
    } catch (error) {
      this.deps.log.error({ err: errorStack(error) }, "nick protection check failed");
      return 0;
    }
  }

  /**
   * Rebuilds the sessions from the network state after a burst: the ircd's account metadata is the
   * truth about who is logged in, checked against the database.
   */
  reestablish(): ReestablishReport {
    const { network, accounts, actions, log } = this.deps;
    const report: ReestablishReport = { restored: 0, cleared: 0, renamed: 0 };
    // Sessions of users who left while the link was down were never ended: start from the burst.
    accounts.clearSessions();
    for (const user of network.users.values()) {
      if (this.isService(user.uid)) continue;
      if (user.account === null && user.accountId === null) continue;
      const account = this.accountFromMetadata(user);
      if (!account || account.status !== "active" || account.frozen) {
        actions.setLogin(user.uid, null);
        report.cleared++;
        log.info(
          { uid: user.uid, account: user.accountId ?? user.account, why: !account ? "no such account" : account.frozen ? "frozen" : account.status },
          "ircd login cleared after burst",
        );
        continue;
      }
      accounts.restoreSession(user.uid, account.id);
      report.restored++;
      if (user.account !== account.name || user.accountId !== account.id) {
        actions.setLogin(user.uid, { id: account.id, name: account.name });
        report.renamed++;
      }
    }
    for (const user of network.users.values()) if (!this.isService(user.uid)) this.protection.check(user.uid);
    log.info({ ...report, users: network.users.size }, "sessions re-established from the burst");
    return report;
  }

  private accountFromMetadata(user: User): Account | undefined {
    const { accounts } = this.deps;
    if (user.accountId) return accounts.byId(user.accountId);
    // An ircd without accountid: the name alone identifies the account.
    return user.account ? accounts.byName(user.account) : undefined;
  }

  private userGone(user: User): void {
    this.protection.forget(user.uid);
    // Ends the session (and records last seen) without telling the ircd: the login left with the user.
    this.deps.accounts.userQuit(user.uid);
  }

  private nicksNowProtected(account: Account): void {
    for (const { nick } of this.deps.accounts.nicksOf(account.id)) {
      const user = this.deps.network.findByNick(nick);
      if (user) this.protection.check(user.uid);
    }
  }

  private accountDropped(accountId: string, reason: string): void {
    const { accounts, actions, network, log } = this.deps;
    const uids = new Set(accounts.loggedInUids(accountId));
    for (const user of network.users.values()) if (user.accountId === accountId) uids.add(user.uid);
    for (const uid of uids) {
      accounts.endSession(uid);
      actions.setLogin(uid, null);
      if (network.users.has(uid)) actions.notify(uid, { kind: "account-dropped", reason });
    }
    if (uids.size > 0) log.info({ account: accountId, users: uids.size, reason }, "users of a dropped account logged out");
    // Its nicks are free now: nothing more to protect, nor to hold.
    this.protection.releaseHoldsOf(accountId);
    for (const pending of this.protection.pendingRenames()) if (pending.accountId === accountId) this.protection.check(pending.uid);
  }

  private accountRenamed(account: Account, oldName: string): void {
    const { accounts, actions, log } = this.deps;
    const uids = accounts.loggedInUids(account.id);
    for (const uid of uids) actions.setLogin(uid, { id: account.id, name: account.name });
    if (uids.length > 0) log.info({ account: account.id, from: oldName, to: account.name, users: uids.length }, "login re-sent with the account's new name");
  }

  private isService(uid: string): boolean {
    return uid.startsWith(this.deps.link.sid);
  }

  private defer(fn: () => void): void {
    const handle = setImmediate(() => {
      this.deferred.delete(handle);
      try {
        fn();
      } catch (error) {
        this.deps.log.error({ err: errorStack(error) }, "nick protection check failed");
      }
    });
    this.deferred.add(handle);
  }

  /** Subscribes and remembers how to unsubscribe (stop()). */
  private listen(emitter: object, event: string, fn: (...args: never[]) => void): void {
    const target = emitter as { on(e: string, f: (...args: never[]) => void): unknown; off(e: string, f: (...args: never[]) => void): unknown };
    target.on(event, fn);
    this.listeners.push(() => target.off(event, fn));
  }
}

/** Installs the account/network wiring (main.ts); returns it for stop() and for tests. */
export function installAccountNetwork(deps: AccountNetworkDeps): AccountNetwork {
  const wiring = new AccountNetwork(deps);
  wiring.start();
  return wiring;
}
