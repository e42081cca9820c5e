/**
 * Staff review of registration requests (OperServ REVIEW): the lists, one request in full,
 * APPROVE (a held request proceeds as an accepted one), REJECT (its mail cancelled, or a
 * rejection mailed when the registration mail already left) and NOTE.
 */
import { err, ok, type Result } from "../../util/result.js";
import { MAX_REASON_LENGTH as MAX_BLACKLIST_REASON_LENGTH, type BlacklistFailure } from "../abuse/email-blacklist.js";
import type { Account } from "../accounts/store.js";
import type { UserMessage } from "../messages.js";
import type { ChannelFailure } from "./failures.js";
import type { Ended } from "./lifecycle.js";
import type { RegisterOutcome } from "./outcome.js";
import type { Acceptance } from "./registration.js";
import type { ChannelRecord, ChannelState, EndState } from "./records.js";
import {
  mailRef,
  MAX_NOTE_LENGTH,
  MAX_REJECT_REASON_LENGTH,
  requestOf,
  type ChannelDeps,
  type MailStatus,
  type OperRef,
  type RejectResult,
  type ReviewDetails,
  type ReviewFilter,
} from "./types.js";

export interface ReviewDeps extends Pick<ChannelDeps, "store" | "accounts" | "mail" | "policy" | "blacklist" | "audit" | "clock"> {
  accept(a: Acceptance): Promise<Result<RegisterOutcome, ChannelFailure>>;
  endChannel(record: ChannelRecord, state: EndState, reason: string, by: string, inTransaction?: () => void): Ended;
  tellRegistrant(record: ChannelRecord, message: UserMessage): void;
  ownerName(accountId: string | null): string | null;
}

export class Review {
  constructor(private readonly deps: ReviewDeps) {}

  list(filter: ReviewFilter, limit = 50): ChannelRecord[] {
    const states: ChannelState[] = filter === "held" ? ["held"] : filter === "pending" ? ["unverified"] : ["held", "unverified"];
    return this.deps.store.inStates(states, limit);
  }

  show(id: number): Result<ReviewDetails, ChannelFailure> {
    const { store } = this.deps;
    const record = store.byId(id);
    if (!record) return err({ kind: "no-request", id });
    return ok({
      record,
      ownerName: this.deps.ownerName(record.ownerId),
      registrantAccountName: this.deps.ownerName(record.registrant.accountId),
      mail: this.mailStatus(record),
      related: store.related(record),
      notes: store.notes(record.id),
    });
  }

  /** REVIEW APPROVE: a held request proceeds as an accepted one; the registrant is told if online. */
  async approve(id: number, oper: OperRef): Promise<Result<RegisterOutcome, ChannelFailure>> {
    const { store, accounts, audit } = this.deps;
    const record = store.byId(id);
    if (!record) return err({ kind: "no-request", id });
    if (record.state !== "held") return err({ kind: "not-held", id, channel: record.name, state: record.state });
    let account: Account | null = null;
    if (record.registrant.accountId) {
      account = accounts.byId(record.registrant.accountId) ?? null;
      if (!account) return err({ kind: "registrant-account-gone", accountId: record.registrant.accountId });
      if (account.frozen) return err({ kind: "registrant-frozen", account: account.name });
    } else if (accounts.nickOwner(record.registrant.nick)) {
      return err({ kind: "registrant-nick-taken", nick: record.registrant.nick });
    }
    const accepted = await this.deps.accept({ name: record.name, email: record.email, registrant: record.registrant, account, existing: record, by: oper.id });
    if (!accepted.ok) return accepted;
    store.transaction(() => {
      store.decide(id, oper.name, this.deps.clock.now());
      audit.record({ actor: oper.id, action: "channel.approved", target: record.name, details: { id, oper: oper.name } });
    });
    this.deps.tellRegistrant(record, { kind: "registration-approved", channel: record.name, outcome: accepted.value });
    return accepted;
  }

  /**
   * REVIEW REJECT: a held or unverified request is rejected. Its queued mail is cancelled; a
   * rejection mail goes out only when the registration mail had already been sent. The end, the
   * decision, the blacklist entry and their audit rows are one transaction.
   */
  reject(id: number, oper: OperRef, reason: string, blacklist: boolean): Result<RejectResult, ChannelFailure> {
    const { store, mail, policy, audit } = this.deps;
    const record = store.byId(id);
    if (!record) return err({ kind: "no-request", id });
    if (record.state !== "held" && record.state !== "unverified") return err({ kind: "not-rejectable", id, channel: record.name, state: record.state });
    if (reason.length > MAX_REJECT_REASON_LENGTH) return err({ kind: "reason-too-long", max: MAX_REJECT_REASON_LENGTH });
    const mailCancelled = mail.cancel(mailRef(id)) > 0;
    const sent = record.mailId !== null ? mail.status(record.mailId) : undefined;
    const alreadySent = sent !== undefined && (sent.status === "sent" || sent.status === "sending");
    let blacklisted = false;
    let blacklistError: BlacklistFailure | null = null;
    const ended = this.deps.endChannel(record, "rejected", reason, oper.id, () => {
      store.decide(id, oper.name, this.deps.clock.now());
      if (blacklist) {
        const why = `REVIEW REJECT ${record.name}: ${reason}`.slice(0, MAX_BLACKLIST_REASON_LENGTH);
        const added = this.deps.blacklist.add(record.email, null, why, oper);
        if (added.ok) blacklisted = true;
        else blacklistError = added.error;
      }
      audit.record({
        actor: oper.id,
        action: "channel.rejected",
        target: record.name,
        details: { id, oper: oper.name, reason, blacklisted, mailCancelled, rejectionMailed: alreadySent },
      });
    });
    if (!ended.ended) return err({ kind: "changed-meanwhile", id });
    if (alreadySent) mail.queue("channel_rejected", record.email, { channel: record.name, reason }, { ref: `chanrej:${id}`, delayMs: 0 });
    policy.record(requestOf(record), "rejected", reason);
    this.deps.tellRegistrant(record, { kind: "registration-rejected", channel: record.name, reason });
    return ok({ channel: record.name, mailed: alreadySent, mailCancelled, blacklisted, blacklistError, accountDropped: ended.accountDropped });
  }

  note(id: number, oper: OperRef, text: string): Result<ChannelRecord, ChannelFailure> {
    const { store, audit } = this.deps;
    const record = store.byId(id);
    if (!record) return err({ kind: "no-request", id });
    const trimmed = text.trim();
    if (trimmed.length === 0) return err({ kind: "note-empty" });
    if (trimmed.length > MAX_NOTE_LENGTH) return err({ kind: "note-too-long", max: MAX_NOTE_LENGTH });
    store.transaction(() => {
      store.addNote(id, oper.name, trimmed, this.deps.clock.now());
      audit.record({ actor: oper.id, action: "channel.note", target: record.name, details: { id, oper: oper.name } });
    });
    return ok(record);
  }

  private mailStatus(record: ChannelRecord): MailStatus | null {
    if (record.mailId === null) return null;
    return this.deps.mail.status(record.mailId) ?? { status: "purged", notBefore: 0, sentAt: null };
  }
}
