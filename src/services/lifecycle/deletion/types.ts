/** The deletion domain's public types: cases, checklists, rulings, tombstones, and the ports it is given. */
import type { Database } from "../../../db/connection.js";
import type { AccountService, FreezeLookup } from "../../accounts/service.js";
import type { ChannelService } from "../../channels/service.js";
import type { ChannelState } from "../../channels/records.js";
import type { DomainDeps } from "../../deps.js";
import type { QueuedMail } from "../../mail/outbox.js";
import type { MailTemplate, MailTemplateData } from "../../mail/templates.js";
import type { StaffDirectory } from "../../staff-directory.js";

export type CaseState = "open" | "executed" | "cancelled";
export type CaseOrigin = "member" | "staff";

/** One account of a case. */
export interface CaseAccount {
  /** Its number inside the case (the K of the pseudonym). */
  k: number;
  entityId: string;
  /** The live account; null once it is deleted. */
  accountId: string | null;
  /** The checklist as last computed (at opening, before execution). */
  checklist: ChecklistItem[] | null;
  checkedAt: number | null;
  executedAt: number | null;
}

export interface DeletionCase {
  number: string;
  origin: CaseOrigin;
  /** Entity ID of the member or oper who opened it. */
  openedBy: string;
  /** The oper's reason (staff cases). */
  reason: string | null;
  state: CaseState;
  openedAt: number;
  /** Not carried out before this (the objection window). */
  windowEndsAt: number;
  /** A manual hold (CASE HOLD). */
  hold: { reason: string; by: string; at: number } | null;
  closedAt: number | null;
  closedBy: string | null;
  accounts: CaseAccount[];
}

export interface Ruling {
  item: string;
  /** "drop", "successor:<entity id>", "revoke" or "waive". */
  ruling: string;
  by: string;
  at: number;
}

/** Why a checklist item holds the case. */
export type HoldCause =
  /** A channel registration request the account made waits for staff review. */
  | { kind: "review"; requestId: number; channel: string }
  /** The account is in another case opened before this one. */
  | { kind: "case"; other: string }
  /** The account is frozen (DESIGN §3: a freeze with a matter pending): the freeze record's reason and dates, when there is one. */
  | { kind: "frozen"; reason: string | null; since: number | null; until: number | null };

/** What the checklist says of one thing the account holds; `key` names it in CASE RULE. */
export type ChecklistItem =
  /** A live registration the account owns: to its successor, or dropped. */
  | {
      kind: "channel";
      key: string;
      k: number;
      channel: string;
      channelId: number;
      state: ChannelState;
      successor: string | null;
      /** Why it is dropped, or how the successor was chosen. */
      by: "rule" | "ruling" | "no-candidate" | "not-active" | "rule-none";
      /** A ruled successor who can no longer take it (gone, unverified, frozen, in a case): needs a new ruling. */
      unfit?: boolean;
    }
  /** Access the account holds in someone else's channel: removed. */
  | { kind: "access"; key: string; k: number; channel: string; level: number }
  /** What the account gave others or wrote: kept, attributed to its entity ID. */
  | { kind: "granted"; key: string; k: number; granted: number; notes: number; auditEntries: number }
  /** Staff privileges from [opers]: revoked once ruled; a name key must leave [opers] first. */
  | { kind: "staff"; key: string; k: number; operKey: string; cls: string; via: "entity ID" | "name"; privileges: string[]; revoke: boolean; keyListed: boolean }
  /** Something that stops the case until it ends or is waived. */
  | { kind: "hold"; key: string; k: number; cause: HoldCause; waived: boolean };

/** Why a case cannot be carried out now. */
export type Blocker =
  | { kind: "window"; until: number }
  | { kind: "manual-hold"; reason: string }
  | { kind: "hold"; key: string; cause: HoldCause }
  | { kind: "needs-ruling"; key: string }
  | { kind: "opers-entry"; key: string; operKey: string };

export interface Tombstone {
  entityId: string;
  caseNumber: string;
  k: number;
  email: string;
  createdAt: number;
  deletedAt: number;
  retainUntil: number;
}

/** The parts of the accounts service a deletion uses. */
export type DeletionAccounts = Pick<
  AccountService,
  "byId" | "resolve" | "authenticate" | "personalValues" | "issueDeletionCode" | "consumeDeletionCode" | "eraseInTransaction" | "nicksOf"
>;

/** The parts of the channels service a deletion uses. */
export type DeletionChannels = Pick<
  ChannelService,
  "ownedBy" | "accessHeldBy" | "accessEntries" | "heldRequestsOf" | "recordsOf" | "authoredBy" | "releaseAccountInTransaction" | "scrubRegistrantInTransaction"
>;

/** The mail service as a deletion uses it. */
export interface DeletionMail {
  queue<T extends MailTemplate>(template: T, to: string, data: MailTemplateData[T], opts?: { ref?: string; delayMs?: number }): QueuedMail;
  cancel(ref: string): number;
  /** Where a mail stands; undefined once the outbox purged it. */
  status(id: number): { status: string } | undefined;
  /** Cancels the mails still queued for an address. */
  cancelTo(address: string): number;
  /** The mails to an address still in the outbox (no data). */
  historyFor(address: string): Array<{ id: number; template: string; status: string; createdAt: number; sentAt: number | null }>;
  /** A finished mail forgets its recipient; false while it is still to be sent. */
  forgetRecipient(id: number, replacement: string, forgetFailing: boolean): boolean;
}

export interface DeletionDeps extends DomainDeps {
  db: Database;
  accounts: DeletionAccounts;
  channels: DeletionChannels;
  mail: DeletionMail;
  /** The freeze records (src/services/lifecycle/freeze): why and since when an account is frozen. */
  freezes: FreezeLookup;
  /** Who is staff ([opers]): the class an account holds and by which key. */
  staff: Pick<StaffDirectory, "classOf">;
  /**
   * The abuse lists (email blacklist, failed verifications): their entries naming the account's
   * addresses keep the ban by the address's hash (src/services/abuse/address-hash.ts), in the
   * caller's transaction. Returns how many entries it changed.
   */
  bans: { hashAddresses(addresses: readonly string[], pseudonym: string): number };
}

/** Longest reason of OperServ DELETE and CASE HOLD. */
export const MAX_CASE_REASON_LENGTH = 300;
/** Most accounts in one case (OperServ DELETE a,b,c). */
export const MAX_CASE_ACCOUNTS = 10;
