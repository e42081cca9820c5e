/**
 * What services tell users and opers unasked (not replies to a command): a kind and its data.
 * The domain hands these to NetworkActions.notify / alertOpers; the words, and which
 * pseudo-client speaks, are src/commands/notices.ts.
 */
import type { FrozenFailure, SaslFailure } from "./accounts/failures.js";
import type { RegisterOutcome } from "./channels/outcome.js";
import type { EndState } from "./channels/records.js";

export type UserMessage =
  /** The user is on a protected nick without being logged in to its owner. */
  | { kind: "identify-warning"; nick: string; graceMs: number }
  /** The grace period passed: the user is renamed; `holdMs` > 0 when the nick is held. */
  | { kind: "guest-renamed"; from: string; guest: string; holdMs: number }
  /** The account the user was logged in to was dropped (`reason` as recorded). */
  | { kind: "account-dropped"; reason: string }
  | { kind: "sasl-failed"; failure: SaslFailure; reference: string }
  /** The user logged in to a degraded account (by entity ID or degraded name): how to RECLAIM it. */
  | { kind: "account-degraded"; account: string; entityId: string; formerName: string | null }
  /** A channel the user owns became active (their account or the channel was verified). */
  | { kind: "channel-activated"; channel: string }
  | { kind: "registration-approved"; channel: string; outcome: RegisterOutcome }
  | { kind: "registration-rejected"; channel: string; reason: string }
  | { kind: "registration-dropped"; channel: string; windowMs: number }
  | { kind: "review-expired"; channel: string; windowMs: number }
  | { kind: "channel-unestablished"; channel: string; visitAfterMs: number }
  | { kind: "channel-inactive"; channel: string; periodMs: number }
  /** The account the user was logged in to was frozen: they are logged out (the failure carries the reason). */
  | { kind: "account-frozen"; failure: FrozenFailure }
  /** The frozen account the user proved to own is not frozen any more. */
  | { kind: "account-unfrozen"; account: string }
  /** The user joined, or asked about, a channel suspended by a freeze (X2 speaks). */
  | { kind: "channel-suspended"; channel: string; owner: string | null }
  /**
   * To a logged-in reviewer: an X2 registration was held for review. `quietMs` is set for a hold
   * for the hourly limit alone: more such holds are not told for that long.
   */
  | { kind: "registration-held"; id: number; channel: string; nick: string; reasons: string[]; quietMs: number | null }
  /** The owner's account was deleted and the user's account is the channel's new owner. */
  | { kind: "channel-inherited"; channel: string };

export type OperAlert =
  | { kind: "login-failures"; scope: "account" | "network"; failures: number; windowMs: number; ip: string; account: { id: string; name: string } | null }
  | { kind: "breaker-tripped"; loop: string; count: number; limit: number }
  | { kind: "hourly-registration-limit"; accepted: number; limit: number; alertWindowMs: number }
  | { kind: "mail-refused"; address: string; reply: string }
  | { kind: "mail-given-up"; address: string; reply: string }
  /** The mail server has been unusable since `since` (ms); `waiting` mails wait for it. */
  | { kind: "mail-server-down"; reply: string; since: number; waiting: number }
  | { kind: "mail-server-back"; downForMs: number }
  /** X2 was kicked from a registered channel `kicks` times within `windowMs` and stays out (`kicker`: the last, "" if unknown). */
  | { kind: "x2-kept-out"; channel: string; kicks: number; windowMs: number; kicker: string }
  /** A deletion case was opened (issue 18); `executeAt` null: carried out at once (a trivial member request). */
  | { kind: "deletion-opened"; caseNumber: string; origin: "member" | "staff"; accounts: Array<{ id: string; name: string }>; executeAt: number | null }
  | { kind: "deletion-executed"; caseNumber: string; accounts: string[]; succeeded: number; dropped: number }
  | { kind: "deletion-cancelled"; caseNumber: string; by: "member" | "staff" }
  /** Execution failed and was rolled back (e.g. a table whose reference to the account does not cascade). */
  | { kind: "deletion-failed"; caseNumber: string; error: string }
  /** A deleted account held staff privileges; they are gone with it, and its [opers] key should go too. */
  | { kind: "staff-revoked"; caseNumber: string; accountId: string; operKey: string; cls: string; via: "entity ID" | "name" };

/** Why services disconnect a user. */
export type KillReason = { kind: "ghost" | "regain"; by: string };

/** Why services ask the ircd to hold a nick. */
export type HoldReason = { kind: "guest-rename"; nick: string };

/** Why a pseudo-client leaves a channel. */
export type PartReason = { kind: "channel-ended"; state: EndState } | { kind: "channel-suspended" };
