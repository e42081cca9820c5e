/** The freeze module's public types: its records, what FREEZE and UNFREEZE report, its refusals. */
import type { TakenAccess } from "../../channels/service.js";
import type { ChannelState } from "../../channels/records.js";
import type { AddressProblem } from "../../mail/address.js";

/** An access entry a freeze took, with what UNFREEZE did with it (null until then). */
export interface SavedAccess extends TakenAccess {
  outcome: "restored" | "channel-ended" | "entry-changed" | null;
}

/** A channel a freeze suspended. */
export interface SuspendedChannel {
  channelId: number;
  channelName: string;
  /** When it was resumed (null while suspended). */
  resumedAt: number | null;
  /** resumed; resumed-by-other (another account's unfreeze made it manageable again); channel-ended. */
  outcome: "resumed" | "resumed-by-other" | "channel-ended" | null;
}

/** One freeze of an account and everything it took away. */
export interface FreezeRecord {
  id: number;
  accountId: string;
  /** The account's name when it was frozen. */
  accountName: string;
  frozenAt: number;
  /** The oper's entity ID, or "system". */
  frozenBy: string;
  frozenByName: string;
  reason: string;
  /** A timed freeze ends by itself then; null: until UNFREEZE. */
  expiresAt: number | null;
  /** The nicks of the users whose login the freeze ended. */
  sessions: string[];
  liftedAt: number | null;
  liftedBy: string | null;
  liftedByName: string | null;
  /** What UNFREEZE restored and skipped (null while the freeze lasts). */
  liftReport: UnfreezeReport | null;
  access: SavedAccess[];
  channels: SuspendedChannel[];
}

/** Why UNFREEZE left an access entry out. */
export type AccessSkip =
  /** The registration ended meanwhile (or its row is gone: state null). */
  | { kind: "channel-ended"; state: ChannelState | null; endedAt: number | null; reason: string | null }
  /** Someone gave the account access there again meanwhile; their entry stays. `addedBy`: an entity ID, an oper account or "system". */
  | { kind: "entry-changed"; level: number; addedBy: string; addedAt: number };

/** What UNFREEZE did, kept in the record (JSON) and shown by UNFREEZE and FREEZE SHOW. */
export interface UnfreezeReport {
  /** Access entries put back as they were. */
  restored: Array<{ channel: string; level: number }>;
  /** Access entries not put back, and why. */
  skipped: Array<{ channel: string; level: number; why: AccessSkip }>;
  /** Channels resumed (X2 rejoins and re-ops). */
  resumed: string[];
  /** Suspended channels whose registration ended meanwhile. */
  ended: string[];
  /** The freeze ended because its time was up (the maintenance loop), not by an oper. */
  expired: boolean;
  /** Set for a record a trigger closed (the flag was cleared outside UNFREEZE). */
  note?: string;
}

/** What FREEZE did. */
export interface FreezeOutcome {
  record: FreezeRecord;
  /** The users logged out (still connected). */
  loggedOut: string[];
  /** Set when the account's address does not pass the address rules: the notice was not mailed. */
  unmailable: AddressProblem | null;
}

/** What UNFREEZE did. */
export interface UnfreezeOutcome {
  record: FreezeRecord;
  report: UnfreezeReport;
  /** Set when the account's address does not pass the address rules: the member was not mailed. */
  unmailable: AddressProblem | null;
}

/** Who freezes or unfreezes: an oper (entity ID, account name) or the system (a timed freeze ending). */
export interface FreezeActor {
  id: string;
  name: string;
}

/** The system, lifting a timed freeze. */
export const SYSTEM: FreezeActor = { id: "system", name: "system" };

/** Longest reason (it is shown to the account's owner and mailed). */
export const MAX_FREEZE_REASON = 300;

/** Why FREEZE or UNFREEZE was refused (the words are src/commands/operserv/freeze-words.ts). */
export type FreezeFailure =
  | { kind: "unknown-account"; reference: string }
  /** Unverified accounts have no login, access or channels to take: nothing to freeze. */
  | { kind: "unverified"; account: string }
  | { kind: "own-account" }
  | { kind: "reason-missing" }
  | { kind: "reason-too-long"; max: number }
  /** FREEZE of a frozen account changes nothing. */
  | { kind: "already-frozen"; record: FreezeRecord }
  /** UNFREEZE of an account that is not frozen changes nothing; `last` is its latest freeze, if any. */
  | { kind: "not-frozen"; account: string; last: FreezeRecord | null };
