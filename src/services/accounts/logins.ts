/**
 * Sessions: who is logged in to which account (login, logout, quits), and the pending logins:
 * users who registered, or proved the password of, an account that is not verified yet. Those
 * get no ircd login (docs/architecture.md §5: unverified is inert); they are remembered so that VERIFY and
 * RESEND know whose account it is.
 */
import type { Account } from "./store.js";
import type { LoginVia } from "./sessions.js";
import { masksOf, type AccountContext } from "./context.js";

export interface LoginsDeps extends Pick<AccountContext, "store" | "sessions" | "clock" | "log" | "network" | "actions" | "events"> {
  /** Marks an unverified account verified (a login with a generated, mailed password proves the mailbox). */
  markVerified(account: Account, actor: string, how: string): Account;
}

export class Logins {
  /** uid -> the unverified account that user registered or proved the password of. No ircd login. */
  private readonly pending = new Map<string, string>();

  constructor(private readonly deps: LoginsDeps) {}

  /** Logs a user in: session, ircd account metadata, last seen, event. Verifies on a generated password. */
  login(uid: string, account: Account, via: LoginVia, generatedPassword: boolean): void {
    const { store, sessions, actions, network, log, events } = this.deps;
    let target = store.byId(account.id) ?? account;
    if (target.status === "unverified") {
      if (!generatedPassword) {
        // Unverified is inert: remember who they are (for VERIFY/RESEND), nothing more.
        this.pending.set(uid, target.id);
        log.warn({ account: target.id, uid, via }, "login to an unverified account with a chosen password kept internal");
        return;
      }
      target = this.deps.markVerified(target, target.id, "generated-password");
    }
    const previous = sessions.get(uid);
    if (previous && previous.accountId !== target.id) events.emit("loggedOut", previous.accountId, uid);
    this.pending.delete(uid);
    const now = this.deps.clock.now();
    sessions.set({ uid, accountId: target.id, since: now, via });
    actions.setLogin(uid, { id: target.id, name: target.name });
    const user = network.user(uid);
    if (user) {
      const { mask, realMask } = masksOf(user);
      const ownsNick = store.nickOwner(user.nick)?.accountId === target.id;
      store.markLogin(target.id, now, mask, realMask, ownsNick ? user.nick : undefined);
    }
    const fresh = store.byId(target.id) ?? target;
    log.info({ account: fresh.id, uid, via }, "logged in");
    events.emit("loggedIn", fresh, uid, { via, generatedPassword });
  }

  logout(uid: string): void {
    this.pending.delete(uid);
    const session = this.deps.sessions.remove(uid);
    if (!session) return;
    const user = this.deps.network.user(uid);
    if (user) {
      this.deps.actions.setLogin(uid, null);
      const { mask, realMask } = masksOf(user);
      this.deps.store.markSeen(session.accountId, this.deps.clock.now(), mask, realMask);
    }
    this.deps.log.info({ account: session.accountId, uid }, "logged out");
    this.deps.events.emit("loggedOut", session.accountId, uid);
  }

  /** The user left the network: ends the session without telling the ircd; records last seen. */
  userQuit(uid: string): void {
    this.pending.delete(uid);
    const session = this.deps.sessions.remove(uid);
    if (!session) return;
    this.deps.store.markSeen(session.accountId, this.deps.clock.now(), null, null);
    this.deps.events.emit("loggedOut", session.accountId, uid);
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

  /** Remembers that `uid` registered or proved the password of the unverified account. */
  setPending(uid: string, accountId: string): void {
    this.pending.set(uid, accountId);
  }

  forgetPending(uid: string): void {
    this.pending.delete(uid);
  }

  /** The users waiting on an unverified account. */
  pendingUidsOf(accountId: string): string[] {
    const uids: string[] = [];
    for (const [uid, id] of this.pending) if (id === accountId) uids.push(uid);
    return uids;
  }

  /** The account is gone: nobody waits on it any more, and its sessions end (returns their uids). */
  endAll(accountId: string): string[] {
    for (const uid of this.pendingUidsOf(accountId)) this.pending.delete(uid);
    const uids = this.deps.sessions.uidsOf(accountId);
    for (const uid of uids) this.deps.sessions.remove(uid);
    return uids;
  }
}
