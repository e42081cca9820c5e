/** The channels domain's public types and the ports it is given. */
import type { BlacklistFailure, EmailBlacklist } from "../abuse/email-blacklist.js";
import type { FailedVerifications } from "../abuse/failed-verifications.js";
import type { AttemptOutcome } from "../abuse/rate-window.js";
import type { PolicyVerdict, RegistrationRequest } from "../abuse/registration-policy.js";
import type { AccountService } from "../accounts/service.js";
import type { DomainDeps } from "../deps.js";
import type { MailStatus, QueuedMail } from "../mail/index.js";
import type { MailTemplate, MailTemplateData } from "../mail/templates.js";
import type { Requester } from "../ports.js";
import type { AccessEntry, ChannelNote, ChannelRecord, ChannelState } from "./records.js";
import type { ChannelStore } from "./store.js";

export type { MailStatus } from "../mail/index.js";
export type { RegisterOutcome } from "./outcome.js";

/** Who asks, as the command layer resolved it. */
export type ChannelActor = Requester;

/** The parts of the accounts service channels use. */
export type ChannelAccounts = Pick<
  AccountService,
  "createForChannel" | "resolve" | "byId" | "nickOwner" | "accountOf" | "on" | "off" | "drop" | "seen" | "loggedInUids" | "sessionAccountId" | "staffOnline"
>;

/** The parts of the mail service channels use. */
export interface ChannelMail {
  queue<T extends MailTemplate>(template: T, to: string, data: MailTemplateData[T], opts?: { ref?: string; delayMs?: number }): QueuedMail;
  cancel(ref: string): number;
  status(id: number): MailStatus | undefined;
}

/** The registration policy (src/services/abuse/registration-policy.ts). */
export interface ChannelPolicy {
  evaluate(req: RegistrationRequest): PolicyVerdict;
  record(req: RegistrationRequest, outcome: AttemptOutcome, reason?: string): void;
}

/**
 * Which channels are suspended: a freeze took away the only account that could manage them
 * (the records are src/services/lifecycle/freeze's; a port, as that module builds on this one).
 * X2 does not act in a suspended channel and tells its visitors why.
 */
export interface ChannelSuspensions {
  isSuspended(channelId: number): boolean;
  /** Every suspended channel's id (one query, for a walk over all channels). */
  suspendedIds(): ReadonlySet<number>;
  /** When the channel was last resumed, or null: its time rules count from then at the earliest. */
  lastResumedAt(channelId: number): number | null;
}

export interface ChannelDeps extends DomainDeps {
  store: ChannelStore;
  accounts: ChannelAccounts;
  mail: ChannelMail;
  policy: ChannelPolicy;
  blacklist: Pick<EmailBlacklist, "add">;
  failed: Pick<FailedVerifications, "add">;
  /** Suspended channels (createDomain plugs the freeze records in). */
  suspensions: ChannelSuspensions;
}

export type ReviewFilter = "held" | "pending" | "all";

/** An oper acting: entity ID for the audit log, account name for display. */
export interface OperRef {
  id: string;
  name: string;
}

export interface ReviewDetails {
  record: ChannelRecord;
  ownerName: string | null;
  registrantAccountName: string | null;
  /** Where the registration mail stands; null when none was queued; "purged" once the outbox forgot it. */
  mail: MailStatus | null;
  related: ChannelRecord[];
  notes: ChannelNote[];
}

export interface RejectResult {
  channel: string;
  /** A channel_rejected mail was queued (the registration mail had already gone out). */
  mailed: boolean;
  /** The queued registration mail was cancelled before it was sent. */
  mailCancelled: boolean;
  blacklisted: boolean;
  /** Why the address could not be blacklisted, when it could not. */
  blacklistError: BlacklistFailure | null;
  accountDropped: boolean;
}

export interface ChannelInfo {
  id: number;
  name: string;
  state: ChannelState;
  /** Suspended by a freeze of its only manager (opers see INFO of a suspended channel; others are told it is suspended). */
  suspended: boolean;
  ownerName: string | null;
  registeredAt: number | null;
  verifiedAt: number | null;
  establishedAt: number | null;
  lastVisitAt: number | null;
  /** Someone with access is in the channel, logged in, now (then the last visit is now). */
  visitedNow: boolean;
  accessCount: number;
  /** Only for the owner and opers. */
  email: string | null;
}

/**
 * When an access entry's account was last seen: the accounts domain's answer (AccountService.seen,
 * the one NickServ INFO gives), and whether one of its logged-in users is in the channel now.
 */
export interface AccessSeen {
  online: boolean;
  inChannel: boolean;
  at: number;
}

/** An access entry as ACCESS LIST shows it. */
export type AccessListEntry = AccessEntry & { seen: AccessSeen };

export type StatusChange = "op" | "deop" | "voice" | "devoice";

export type UnregisterResult = { kind: "confirm"; channel: string; code: string; validMs: number } | { kind: "done"; channel: string };

/** How long an UNREGISTER confirmation code stays valid. */
export const UNREGISTER_CODE_MS = 10 * 60_000;
/** Longest REVIEW REJECT reason (it is mailed and shown to the registrant). */
export const MAX_REJECT_REASON_LENGTH = 300;
/** Longest REVIEW NOTE. */
export const MAX_NOTE_LENGTH = 400;

/** The mail ref of a registration, for cancelling its queued mail. */
export const mailRef = (id: number): string => `chanreg:${id}`;

/** The audit actor for a user: their account's entity ID, else their nick. */
export const actorRef = (actor: ChannelActor): string => actor.account?.id ?? actor.nick;

/** The channel request the abuse policy counted for a registration. */
export function requestOf(record: ChannelRecord): RegistrationRequest {
  const r = record.registrant;
  return { channel: record.name, email: record.email, uid: r.uid, nick: r.nick, host: r.host, ip: r.ip, accountId: r.accountId };
}
