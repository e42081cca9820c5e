/** The accounts domain's public types: who acts, what it mails, what it announces. */
import type { FailingAddress, QueuedMail } from "../mail/outbox.js";
import type { OnlineUser } from "../ports.js";
import type { LoginVia } from "./sessions.js";
import type { Account } from "./store.js";

/** Who is acting, as far as the accounts domain needs to know (host: the real one; displayHost: as others see it). */
export type Actor = Pick<OnlineUser, "uid" | "nick" | "ident" | "host" | "displayHost" | "ip">;

/** A user asking for something, as the audit log names them (see auditActor). */
export interface Requesting {
  uid: string;
  nick: string;
  account?: { id: string } | null;
}

/** The mail queue as accounts use it (implemented by the mail service). */
export interface MailQueue {
  /** `priority`: "urgent" (default) or "bulk" (mass mail, e.g. expiry notices; see the mail outbox). */
  queue(template: string, to: string, data: Record<string, unknown>, options?: { ref?: string; delayMs?: number; priority?: "urgent" | "bulk" }): QueuedMail;
  /** Takes back the still-queued mails of `ref` (a replaced code's mail). */
  cancel(ref: string): number;
  /** When mail to `address` was refused for good (and none accepted since), and the last reply. */
  failingAddress(address: string): FailingAddress | undefined;
}

export interface AccountEvents {
  /** A user logged in. `generatedPassword`: with a password services generated and mailed. */
  loggedIn: [account: Account, uid: string, info: { via: LoginVia; generatedPassword: boolean }];
  loggedOut: [accountId: string, uid: string];
  /** The account's email was verified (by code, or by logging in with a mailed password). */
  verified: [account: Account];
  /** The account is gone (unverified expiry, oper drop, expiry). `reason` is as recorded. */
  dropped: [accountId: string, reason: string];
  renamed: [account: Account, oldName: string];
  /**
   * The owner is taking `nick` back (GHOST or REGAIN by `accountId`), emitted before the kill and
   * the rename: a hold services set on the nick must be lifted first.
   */
  nickReclaim: [accountId: string, nick: string];
  /** NickServ IDENTIFY ended: "success" or the refusal's kind (for metrics). */
  identifyAttempt: [outcome: string];
}

/** Announces the domain's events (the facade is the emitter; sub-modules only emit). */
export interface AccountEventSink {
  emit<K extends keyof AccountEvents>(event: K, ...args: AccountEvents[K]): boolean;
}

export interface IdentifyOutcome {
  account: Account;
  /** The account the user was logged in to before (a switch), or null. */
  previous: string | null;
  /** Logging in verified the account (a mailed, generated password). */
  verifiedNow: boolean;
}

/** What GHOST or REGAIN did. */
export interface NickReclaimed {
  /** The nick of the user who was disconnected, if one was. */
  disconnected: string | null;
  /** The account the caller was logged in to by REGAIN, if they were not already. */
  loggedInAs: string | null;
  /** REGAIN: the nick the caller now has. */
  regained: string | null;
}

/** An account's current freeze, as far as the accounts domain needs it (reasons, INFO). */
export interface FreezeSummary {
  /** The staff's reason. */
  reason: string;
  frozenAt: number;
  /** The oper who froze it, by account name ("system" for a flag set outside FREEZE). */
  frozenByName: string;
  /** When a timed freeze ends by itself, or null. */
  expiresAt: number | null;
}

/**
 * The freeze records, as the accounts domain reads them (a port: they belong to
 * src/services/lifecycle/freeze, which builds on this domain). accounts.frozen mirrors "has an
 * active record"; the record holds the reason.
 */
export interface FreezeLookup {
  /** The account's active freeze, or null. */
  active(accountId: string): FreezeSummary | null;
  /** When the account's latest freeze was lifted, or null (account expiry counts absence from then at the earliest). */
  lastLiftedAt(accountId: string): number | null;
}

/** Without freeze records (no freeze module plugged in), a frozen account shows no reason. */
export const NO_FREEZE_RECORDS: FreezeLookup = { active: () => null, lastLiftedAt: () => null };

/** Most codes (resends, resets, email changes) mailed for one purpose per account per day. */
export const CODES_PER_DAY = 3;
/** Longest password accepted. */
export const MAX_PASSWORD_LENGTH = 300;

/** The audit actor for a user: the entity ID of the account they are logged in to, else `uid:nick`. */
export function auditActor(who: Requesting): string {
  return who.account ? who.account.id : `${who.uid}:${who.nick}`;
}
