/**
 * Everything the accounts domain's modules may be given. Each module takes a narrow Pick of it
 * (and the callbacks into its siblings it needs), never the facade.
 */
import type { Config } from "../../config/schema.js";
import type { DomainDeps } from "../deps.js";
import type { StaffDirectory } from "../staff-directory.js";
import type { CodePurpose, CodeStore } from "./codes.js";
import type { LoginThrottle } from "./login-throttle.js";
import type { ScryptParams } from "./password.js";
import type { Sessions } from "./sessions.js";
import type { AccountStore } from "./store.js";
import type { FrozenFailure } from "./failures.js";
import type { Account } from "./store.js";
import type { AccountEventSink, FreezeLookup, MailQueue } from "./types.js";

export interface AccountContext extends DomainDeps {
  store: AccountStore;
  sessions: Sessions;
  codes: CodeStore;
  throttle: LoginThrottle;
  mail: MailQueue;
  events: AccountEventSink;
  /** The freeze records (reasons). */
  freezes: FreezeLookup;
  /** Who is staff ([opers]): their accounts never expire and their names are reserved. */
  staff: StaffDirectory;
}

/**
 * The refusal for a frozen account. `proven`: the asker proved to own it (password, certificate,
 * mailed code, or the connection the freeze logged out), so the staff's reason may be shown.
 */
export function frozenFailure(freezes: FreezeLookup, account: Pick<Account, "id" | "name">, proven: boolean): FrozenFailure {
  return { kind: "frozen", account: account.name, reason: proven ? (freezes.active(account.id)?.reason ?? "no reason recorded") : null };
}

export function scryptOf(config: Config): ScryptParams {
  const s = config.security;
  return { N: s.scrypt_n, r: s.scrypt_r, p: s.scrypt_p };
}

/** The outbox ref of the mail carrying an account's code of one purpose (a newer code's mail cancels it). */
export const codeMailRef = (accountId: string, purpose: CodePurpose): string => `account:${accountId}:${purpose}`;

/** `nick!ident@host` as others see it, and with the real host. */
export function masksOf(user: { nick: string; ident: string; host: string; displayHost: string }): { mask: string; realMask: string } {
  return { mask: `${user.nick}!${user.ident}@${user.displayHost}`, realMask: `${user.nick}!${user.ident}@${user.host}` };
}
