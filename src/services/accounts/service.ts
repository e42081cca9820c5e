/*
 * SKELETON — the signatures below are the contract other parts code against.
 * The accounts work fills in the bodies; do not change a signature without telling everyone.
 */
import { EventEmitter } from "node:events";
import type { Config } from "../../config/schema.js";
import type { Clock } from "../../util/clock.js";
import type { Logger } from "../../util/logger.js";
import type { Result } from "../../util/result.js";
import type { AuditLog } from "../audit.js";
import type { NetworkActions, NetworkView } from "../ports.js";
import type { Account, AccountStore } from "./store.js";
import type { LoginVia, Sessions } from "./sessions.js";

/** Who is acting, as far as the accounts domain needs to know. */
export interface Actor {
  uid: string;
  nick: string;
  ident: string;
  /** Real host. */
  host: string;
  /** Host shown to others. */
  displayHost: string;
  ip: string;
}

/** The mail queue as accounts use it (implemented by the mail service). */
export interface MailQueue {
  queue(template: string, to: string, data: Record<string, unknown>, options?: { ref?: string; delayMs?: number }): number;
}

export interface AccountDeps {
  store: AccountStore;
  sessions: Sessions;
  mail: MailQueue;
  audit: AuditLog;
  clock: Clock;
  config: Config;
  log: Logger;
  network: NetworkView;
  actions: NetworkActions;
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
}

export type AuthFailure =
  | { kind: "no-such-account" }
  | { kind: "bad-password" }
  | { kind: "throttled"; retryAfterMs: number }
  | { kind: "frozen"; message: string }
  | { kind: "unverified" };

export class AccountService extends EventEmitter<AccountEvents> {
  constructor(readonly deps: AccountDeps) {
    super();
  }

  /** NickServ REGISTER: registers the actor's current nick; mails a verification code. */
  register(actor: Actor, password: string, email: string): Promise<Result<Account, string>> {
    void actor; void password; void email;
    throw new Error("not implemented");
  }

  /**
   * X2 REGISTER for a user without an account: an unverified account named after the nick,
   * origin 'x2', with a generated password that the caller mails. It lives and dies with the channel.
   */
  createForChannel(nick: string, email: string): Promise<Result<{ account: Account; password: string }, string>> {
    void nick; void email;
    throw new Error("not implemented");
  }

  /**
   * Checks a password for an account named by name, nick, entity ID or ?entity ID, with the login
   * throttles (per account and per IP). Does not log in. Unverified accounts pass only with a
   * generated password (the caller then logs in, which verifies).
   */
  authenticate(reference: string, password: string, ip: string): Promise<Result<{ account: Account; generatedPassword: boolean }, AuthFailure>> {
    void reference; void password; void ip;
    throw new Error("not implemented");
  }

  /** Logs a user in: session, ircd account metadata, last seen, event. Verifies on a generated password. */
  login(uid: string, account: Account, via: LoginVia, generatedPassword: boolean): void {
    void uid; void account; void via; void generatedPassword;
    throw new Error("not implemented");
  }

  logout(uid: string): void {
    void uid;
    throw new Error("not implemented");
  }

  /** The account a user is logged in to, or null. */
  accountOf(uid: string): Account | null {
    void uid;
    throw new Error("not implemented");
  }

  /** Finds an account by name, nick, entity ID or ?entity ID. */
  resolve(reference: string): Account | undefined {
    return this.deps.store.resolve(reference);
  }
}
