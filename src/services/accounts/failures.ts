/**
 * Why the accounts domain refused something: a kind and its data, never a sentence. The words
 * are in src/commands/nickserv/failures.ts.
 */
import type { AddressProblem } from "../mail/address.js";
import type { CodeFailure, CodePurpose } from "./codes.js";
import type { NickSyntaxProblem } from "./names.js";

/**
 * The refusal of anything a frozen account may not do. `reason` is the staff's reason, given only
 * when the asker proved to own the account (its password, its certificate, a code mailed to it, or
 * the connection the freeze logged out); null for anyone else. The words: the [freeze] messages.
 */
export type FrozenFailure = { kind: "frozen"; account: string; reason: string | null };

/** Why a nick cannot become a registered nickname (an account's name or a grouped nick). */
export type NickRegistrationProblem =
  | NickSyntaxProblem
  | { kind: "nick-entity-id"; nick: string }
  | { kind: "nick-guest" }
  | { kind: "nick-registered"; nick: string }
  /** The nick belongs to a frozen account: it cannot be registered again while the freeze lasts. */
  | FrozenFailure
  /** The nick is an [opers] name bound to a staff account: nobody else may ever take it. */
  | { kind: "nick-reserved"; nick: string };

/** Why a password is refused. */
export type PasswordProblem =
  | { kind: "password-short"; min: number }
  | { kind: "password-long"; max: number }
  | { kind: "password-is-name" }
  | { kind: "password-is-email" };

/** Why an address cannot be an account's address. */
export type EmailProblem =
  | { kind: "email-invalid"; problem: AddressProblem }
  | { kind: "email-refused" }
  | { kind: "email-limit"; max: number }
  /** The address reached its account limit while a password was being hashed. */
  | { kind: "email-limit-meanwhile" };

/** Why a password check failed (IDENTIFY, SASL, GHOST/REGAIN with a password, RECLAIM). */
export type AuthFailure =
  | { kind: "no-such-account" }
  | { kind: "bad-password" }
  | { kind: "throttled"; retryAfterMs: number; scope?: "account" | "address"; limit: number }
  | FrozenFailure
  | { kind: "unverified" }
  /**
   * The name is not registered now, but a degraded account once had it and the password is that
   * account's: it is now `account` (its degraded name); RECLAIM takes it back. Never for a wrong
   * password (that gets no-such-account, as for a name nobody had).
   */
  | { kind: "degraded"; formerName: string; account: string; entityId: string };

/** Why a SASL login failed: a password check, or the exchange itself. */
export type SaslFailure =
  | AuthFailure
  | { kind: "malformed"; reason: SaslMalformed }
  | { kind: "authzid" }
  | { kind: "error" }
  /** The password hashing queue was full (hash-queue.ts). */
  | { kind: "busy" }
  | { kind: "no-certificate" }
  | { kind: "unknown-certificate"; fingerprint: string };

/** What was wrong with the data of a SASL exchange. */
export type SaslMalformed =
  | "not-base64"
  | "not-three-parts"
  | "not-utf8"
  | "no-account-name"
  | "no-password"
  | "not-started"
  | "chunk-too-long"
  | "too-long"
  | "bad-authzid";

/** What a mailed code is for, as the limits and the refusals name it. */
export type CodeLimitPurpose = CodePurpose;

/** A refusal by the mail limits of a code purpose. */
export type CodeLimitFailure =
  | { kind: "code-interval"; purpose: CodeLimitPurpose; intervalMs: number; retryAfterMs: number }
  | { kind: "code-daily"; purpose: CodeLimitPurpose; count: number; limit: number; retryAfterMs: number };

/** What a member asked to be mailed: a code of a purpose, or an export of their data. */
export type MailedRequest = "register" | "resetpass" | "delete" | "export";

/**
 * The account's stored address (older than the address rules, or imported) does not pass them, so
 * what was asked for (`what`) cannot be mailed: nothing was done. `problem` is why, given only
 * when the asker proved to own the account; null for anyone else (the address stays private).
 */
export type UnmailableFailure = { kind: "email-unmailable"; account: string; what: MailedRequest; problem: AddressProblem | null };

/** Every refusal of the accounts domain. */
export type AccountFailure =
  | NickRegistrationProblem
  | PasswordProblem
  | EmailProblem
  | CodeLimitFailure
  | { kind: "auth"; failure: AuthFailure; reference: string }
  | FrozenFailure
  | UnmailableFailure
  | { kind: "account-gone" }
  /** An account reference (name, nick, entity ID) that names no account. */
  | { kind: "unknown-reference"; reference: string }
  | { kind: "already-logged-in"; account: string }
  | { kind: "already-registered"; account: string }
  | { kind: "registered-meanwhile" }
  | { kind: "registration-limit"; count: number; limit: number; retryAfterMs: number }
  | { kind: "already-identified"; account: string }
  | { kind: "already-verified"; account: string }
  | { kind: "verify-by-password"; account: string }
  | { kind: "code"; failure: CodeFailure; purpose: CodeLimitPurpose; account: string }
  | { kind: "new-email-unusable"; problem: EmailProblem }
  | { kind: "registration-expired"; account: string }
  | { kind: "own-account-verified" }
  | { kind: "nothing-to-resend" }
  | { kind: "set-email-needs-login" }
  | { kind: "email-unchanged"; email: string; account: string; pending: boolean }
  | { kind: "nick-already-grouped"; nick: string }
  | { kind: "too-many-nicks"; count: number; max: number }
  | { kind: "nick-not-grouped"; nick: string }
  | { kind: "nick-is-account-name"; nick: string }
  | { kind: "ghost-self" }
  | { kind: "regain-self"; nick: string }
  | { kind: "nick-offline"; nick: string }
  | { kind: "nick-unregistered"; nick: string }
  | { kind: "nick-not-owned"; nick: string; mode: "ghost" | "regain" }
  | { kind: "nick-other-account"; nick: string }
  | { kind: "mark-empty" }
  | { kind: "mark-too-long"; max: number }
  | { kind: "no-such-mark"; id: number }
  | { kind: "noexpire-unchanged"; account: string; id: string; on: boolean };

/** Why RECLAIM was refused. */
export type ReclaimFailure =
  | { kind: "no-account"; reference: string }
  /** No degraded account once named `reference` has that password (or none had the name: the same answer). */
  | { kind: "no-former-match"; reference: string }
  | { kind: "not-degraded"; account: string }
  | { kind: "invalid-name"; problem: NickSyntaxProblem }
  | { kind: "name-taken"; name: string; reference: string }
  | { kind: "name-reserved"; name: string; reference: string }
  | { kind: "auth"; failure: AuthFailure; reference: string };
