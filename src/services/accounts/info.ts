/**
 * What NickServ INFO shows about an account, as data (the lines are written by
 * src/commands/nickserv/info-lines.ts).
 */
import type { FailingAddress } from "../mail/outbox.js";
import type { AccountMark } from "./marks.js";
import type { Account, AccountNick } from "./store.js";
import type { FreezeSummary } from "./types.js";

export interface InfoViewer {
  /** The viewer is logged in to this account. */
  isOwner: boolean;
  /** The viewer holds account:auspex. */
  auspex: boolean;
}

/** Founder and other access of an account in live channel registrations (the channels domain tells). */
export interface ChannelCounts {
  founder: number;
  other: number;
}

/** What INFO adds for a degraded account. */
export interface DegradedExtra {
  /** Nicknames the account lost at degradation(s), oldest first. */
  expiredNicks: string[];
  /** Channels where the account is founder / has other access; null when no channel domain is present. */
  channels: ChannelCounts | null;
}

export interface AccountInfo {
  account: Account;
  nicks: AccountNick[];
  /** Staff marks; given to auspex viewers only. */
  marks: AccountMark[];
  /** Someone is logged in to the account right now. */
  online: boolean;
  viewer: InfoViewer;
  now: number;
  /** When an unverified account is dropped, if it is (null: it follows another rule). */
  verifyDeadline: number | null;
  /** For a degraded account: its expired nicks and channel counts. */
  degraded?: DegradedExtra;
  /** The ID an imported account had in its former services (Atheme), for its owner and opers; null for others. */
  legacyId: { legacyId: string; source: string } | null;
  /** The account's freeze (who, when, why, until when); given to auspex viewers only. */
  freeze?: FreezeSummary | null;
  /** Mail to the account's address was refused for good (mail_failing_addresses); given to auspex viewers only. */
  mailFailing?: FailingAddress | null;
}
