/** What the import writes: Atheme's records as Custodian's (mapping.ts makes them, writer.ts writes them). */
import type { Account } from "../../accounts/store.js";
import type { AddressProblem } from "../../mail/address.js";

export interface PlannedNick {
  line: number;
  nick: string;
  registeredAt: number;
  lastSeenAt: number;
}

/** An account as it will be written: the Custodian fields, and what the import needs besides. */
export interface PlannedAccount
  extends Pick<
    Account,
    "name" | "email" | "emailCanonical" | "status" | "createdAt" | "verifiedAt" | "lastSeenAt" | "lastLoginAt" | "lastMask" | "lastRealMask" | "hideEmail" | "noexpire" | "frozen"
  > {
  line: number;
  legacyId: string | null;
  /** Why Custodian's address rules refuse the email (kept as it is: mail to it is recorded as undeliverable), or null. */
  emailProblem: AddressProblem["kind"] | null;
  /** The stored hash: an Atheme format, or the scrypt hash of a password Atheme kept in plain text (null: not hashed, a bug). */
  passwordHash: string | null;
  /** Grouped nicks other than the name (the name is always the account's first nick). */
  nicks: PlannedNick[];
  /** The MN row of the name itself, for its times. */
  nameNick: PlannedNick | null;
  marks: Array<{ line: number; at: number; oper: string; text: string }>;
  certfps: Array<{ line: number; fingerprint: string }>;
  /** Atheme's freeze (when, by whom, why), written as the account's freeze record; null when not frozen. */
  freeze: PlannedFreeze | null;
}

export interface PlannedFreeze {
  at: number;
  by: string;
  reason: string;
}

export interface PlannedAccess {
  line: number;
  /** Folded account name of the target. */
  accountKey: string;
  accountName: string;
  level: number;
  flags: string;
  addedAt: number;
  addedBy: string;
}

export interface PlannedChannel {
  line: number;
  name: string;
  ownerKey: string;
  ownerName: string;
  /** The channel's own email (ChanServ SET EMAIL), or null to use the owner's. */
  email: string | null;
  registeredAt: number;
  lastUsedAt: number;
  /** The channel's timestamp (seconds), when Atheme kept it. */
  ts: number | null;
  access: PlannedAccess[];
  notes: Array<{ line: number; at: number; oper: string; text: string }>;
}

export interface PlannedBlacklist {
  line: number;
  mask: string;
  reason: string;
  setter: string;
  createdAt: number;
}

/**
 * What the import writes. The accounts and the channels are mapped one at a time as the writer
 * takes them (all the accounts before any channel), so that the plan is never held whole next to
 * the records read.
 */
export interface ImportPlan {
  accounts: Iterable<PlannedAccount>;
  channels: Iterable<PlannedChannel>;
  blacklist: PlannedBlacklist[];
}
