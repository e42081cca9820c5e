/**
 * Why the channels domain refused something: a kind and its data, never a sentence. The words
 * are in src/commands/x2/failures.ts.
 */
import type { PolicyRefusal } from "../abuse/registration-policy.js";
import type { AccountFailure } from "../accounts/failures.js";
import type { AddressProblem } from "../mail/address.js";
import type { ChannelState } from "./records.js";

/** What a manager-only access change was about (for the refusal's wording). */
export type AccessDoing = "add" | "remove" | "change";

export type ChannelFailure =
  // Names and REGISTER
  | { kind: "not-a-channel-name"; name: string }
  | { kind: "name-too-long"; max: number }
  | { kind: "name-not-allowed"; name: string }
  /** A live registration holds the name. */
  | { kind: "taken"; channel: string; state: ChannelState }
  | { kind: "not-in-channel"; channel: string }
  | { kind: "not-opped"; channel: string }
  | { kind: "op-from-netjoin"; channel: string }
  | { kind: "network-split"; graceMs: number }
  | { kind: "account-missing" }
  | { kind: "account-frozen" }
  /** The registrant's account address does not pass the address rules: services could never mail its owner. */
  | { kind: "account-email-unmailable"; account: string; problem: AddressProblem }
  | { kind: "nick-registered"; nick: string }
  | { kind: "policy"; refusal: PolicyRefusal }
  /** The account X2 makes for a registrant without one could not be made. */
  | { kind: "owner-account"; failure: AccountFailure }
  // VERIFY
  | { kind: "not-registered"; name: string }
  | { kind: "already-verified"; channel: string }
  | { kind: "verify-while-held"; channel: string }
  | { kind: "verify-by-password"; channel: string; account: string | null }
  | { kind: "wrong-code"; channel: string }
  // Review
  | { kind: "no-request"; id: number }
  | { kind: "no-longer-held"; id: number }
  | { kind: "not-held"; id: number; channel: string; state: ChannelState }
  | { kind: "registrant-account-gone"; accountId: string }
  | { kind: "registrant-frozen"; account: string }
  | { kind: "registrant-nick-taken"; nick: string }
  | { kind: "not-rejectable"; id: number; channel: string; state: ChannelState }
  | { kind: "reason-too-long"; max: number }
  | { kind: "changed-meanwhile"; id: number }
  | { kind: "note-empty" }
  | { kind: "note-too-long"; max: number }
  // Access lists and channel status
  | { kind: "awaiting-review"; channel: string }
  | { kind: "not-verified-yet"; channel: string }
  | { kind: "no-access-list-yet"; channel: string }
  | { kind: "need-manager"; channel: string; doing: AccessDoing }
  | { kind: "level-not-below-own"; mine: number }
  | { kind: "bad-level"; text: string }
  | { kind: "no-account"; reference: string }
  | { kind: "account-unverified"; account: string }
  | { kind: "already-has-access"; account: string; level: number; channel: string }
  | { kind: "no-access"; account: string; channel: string; addHint: boolean }
  | { kind: "owner-not-removable"; channel: string }
  | { kind: "level-not-below-yours"; account: string; level: number; mine: number }
  | { kind: "own-level" }
  | { kind: "same-level"; account: string; level: number; channel: string }
  | { kind: "user-offline"; nick: string }
  | { kind: "user-not-in-channel"; nick: string; channel: string }
  | { kind: "need-level"; needed: number; channel: string }
  | { kind: "is-service"; nick: string }
  | { kind: "target-not-below"; nick: string; level: number }
  // UNREGISTER
  | { kind: "unregister-held"; channel: string }
  | { kind: "unregister-unverified"; channel: string }
  | { kind: "owner-only"; channel: string }
  | { kind: "bad-confirmation"; channel: string }
  | { kind: "no-longer-registered"; channel: string }
  // Freezes
  /** The channel is suspended (its only manager's account is frozen): X2 does not act there. */
  | { kind: "suspended"; channel: string; owner: string | null };
