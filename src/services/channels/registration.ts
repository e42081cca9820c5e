/**
 * X2 REGISTER (docs/architecture.md §3-§5): the channel checks (name, not registered or pending, a live op, no
 * split), then the abuse policy, then acceptance (X2 joins, the owner is added, the mail is
 * queued with a delay) or a hold for staff review.
 */
import { createHash, timingSafeEqual } from "node:crypto";
import { formatDuration } from "../../util/duration.js";
import { err, ok, type Result } from "../../util/result.js";
import type { RegistrationRequest } from "../abuse/registration-policy.js";
import { generateCode } from "../accounts/password.js";
import type { Account } from "../accounts/store.js";
import { canonicalEmail } from "../mail/address.js";
import { undeliverableTo } from "../mail/outbox.js";
import type { ChannelFailure } from "./failures.js";
import { OWNER } from "./levels.js";
import type { RegisterOutcome } from "./outcome.js";
import type { ReviewNotices } from "./review-notices.js";
import type { ChannelRecord, Registrant } from "./records.js";
import { mailRef, type ChannelActor, type ChannelDeps } from "./types.js";

export const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

/** Compares two hex digests in constant time. */
export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** The refusal for a name a live registration holds. */
export const taken = (live: ChannelRecord): ChannelFailure => ({ kind: "taken", channel: live.name, state: live.state });

/** What accepting a registration needs: who, with which address, and whether it is an approved held request. */
export interface Acceptance {
  name: string;
  email: string;
  registrant: Registrant;
  account: Account | null;
  existing: ChannelRecord | null;
  by: string;
}

export interface RegistrationDeps extends Pick<ChannelDeps, "store" | "accounts" | "mail" | "policy" | "audit" | "clock" | "config" | "network" | "actions" | "suspensions"> {
  dropCreatedAccount(accountId: string, reason: string, by: string): boolean;
  /** Tells the logged-in reviewers about a held registration. */
  reviewers: Pick<ReviewNotices, "held">;
}

export class ChannelRegistration {
  private compiled: { source: string; pattern: RegExp } | null = null;

  constructor(private readonly deps: RegistrationDeps) {}

  /** The configured name pattern, compiled once per value (a REHASH may change it). */
  private get namePattern(): RegExp {
    const source = this.deps.config.channels.name_pattern;
    if (this.compiled?.source !== source) this.compiled = { source, pattern: new RegExp(source) };
    return this.compiled.pattern;
  }

  /** Checks a channel name against the configured pattern and length. */
  nameProblem(name: string): ChannelFailure | null {
    const ch = this.deps.config.channels;
    if (!name.startsWith("#")) return { kind: "not-a-channel-name", name };
    if (name.length > ch.max_name_length) return { kind: "name-too-long", max: ch.max_name_length };
    if (!this.namePattern.test(name)) return { kind: "name-not-allowed", name };
    return null;
  }

  /**
   * X2 REGISTER <#channel> <email>: the channel checks (name, not registered or pending, a live
   * op, no split), then the abuse policy, then acceptance or a hold for review.
   */
  async register(actor: ChannelActor, name: string, email: string): Promise<Result<RegisterOutcome, ChannelFailure>> {
    const { config, network, policy, accounts, store, audit } = this.deps;
    const req: RegistrationRequest = {
      channel: name,
      email,
      uid: actor.uid,
      nick: actor.nick,
      host: actor.host,
      ip: actor.ip,
      accountId: actor.account?.id ?? null,
    };
    const refuse = (failure: ChannelFailure): Result<RegisterOutcome, ChannelFailure> => {
      policy.record(req, "refused", failure.kind === "policy" ? failure.refusal.code : failure.kind);
      return err(failure);
    };

    const problem = this.nameProblem(name);
    if (problem) return refuse(problem);
    const live = store.live(name);
    if (live && this.deps.suspensions.isSuspended(live.id)) {
      return refuse({ kind: "suspended", channel: live.name, owner: live.ownerId ? (accounts.byId(live.ownerId)?.name ?? `?${live.ownerId}`) : null });
    }
    if (live) return refuse(taken(live));

    const presence = network.presence(name, actor.uid);
    if (!presence) return refuse({ kind: "not-in-channel", channel: name });
    if (!presence.op) return refuse({ kind: "not-opped", channel: name });
    if (presence.statusFromBurst) return refuse({ kind: "op-from-netjoin", channel: name });
    if (network.isSplit(config.channels.split_grace)) return refuse({ kind: "network-split", graceMs: config.channels.split_grace });

    let account: Account | null = null;
    if (actor.account) {
      account = accounts.byId(actor.account.id) ?? null;
      if (!account) return refuse({ kind: "account-missing" });
      if (account.frozen) return refuse({ kind: "account-frozen" });
      const unmailable = undeliverableTo(account.email);
      if (unmailable) return refuse({ kind: "account-email-unmailable", account: account.name, problem: unmailable });
    } else if (accounts.nickOwner(actor.nick)) {
      return refuse({ kind: "nick-registered", nick: actor.nick });
    }

    const verdict = policy.evaluate(req);
    if (verdict.kind === "refuse") {
      const { kind: _refuse, ...refusal } = verdict;
      return refuse({ kind: "policy", refusal });
    }
    const registrant: Registrant = { uid: actor.uid, nick: actor.nick, ident: actor.ident, host: actor.host, ip: actor.ip, accountId: actor.account?.id ?? null };

    if (verdict.kind === "hold") {
      const stored = store.transaction((): Result<ChannelRecord, ChannelFailure> => {
        const holder = store.live(name);
        if (holder) return err(taken(holder));
        const record = store.insertRequest(
          { name, email: verdict.email, emailCanonical: canonicalEmail(verdict.email), registrant, now: this.deps.clock.now() },
          verdict.reasons,
        );
        audit.record({
          actor: actor.account?.id ?? "system",
          action: "channel.held",
          target: name,
          details: { id: record.id, nick: actor.nick, host: actor.host, reasons: verdict.reasons },
        });
        return ok(record);
      });
      if (!stored.ok) return refuse(stored.error);
      policy.record(req, "held", verdict.reasons.join("; "));
      this.deps.reviewers.held({ id: stored.value.id, channel: stored.value.name, nick: actor.nick, reasons: verdict.reasons });
      return ok({ kind: "held", id: stored.value.id, channel: name });
    }

    const accepted = await this.accept({ name, email: verdict.email, registrant, account, existing: null, by: actor.account?.id ?? "system" });
    if (!accepted.ok) return refuse(accepted.error);
    policy.record(req, "accepted");
    return accepted;
  }

  /**
   * Accepts a registration (a new request, or a held one an oper approved): creates the owner's
   * account when they had none, stores the channel as active or unverified with its owner,
   * queues the mail and has X2 join and op itself.
   */
  async accept(a: Acceptance): Promise<Result<RegisterOutcome, ChannelFailure>> {
    const { config, accounts, mail, audit, store } = this.deps;
    const emailCanonical = canonicalEmail(a.email);
    let owner = a.account;
    let password: string | null = null;
    if (!owner) {
      const created = await accounts.createForChannel(a.registrant.nick, a.email);
      if (!created.ok) return err({ kind: "owner-account", failure: created.error });
      owner = created.value.account;
      password = created.value.password;
    }
    const ownerAccount = owner;
    const activeAtOnce = password === null && ownerAccount.status === "active" && ownerAccount.emailCanonical === emailCanonical;
    const code = password === null && !activeAtOnce ? generateCode() : null;
    const verifyVia = password !== null ? "password" : code !== null ? "code" : null;
    const now = this.deps.clock.now();

    const stored = store.transaction((): Result<ChannelRecord, ChannelFailure> => {
      let record: ChannelRecord;
      if (a.existing) {
        const current = store.byId(a.existing.id);
        if (!current || current.state !== "held") return err({ kind: "no-longer-held", id: a.existing.id });
        record = current;
      } else {
        const holder = store.live(a.name);
        if (holder) return err(taken(holder));
        record = store.insertRequest({ name: a.name, email: a.email, emailCanonical, registrant: a.registrant, now }, null);
      }
      store.accept(record.id, {
        state: activeAtOnce ? "active" : "unverified",
        ownerId: ownerAccount.id,
        verifyVia,
        codeHash: code !== null ? sha256(code) : null,
        accountCreated: password !== null,
        ts: null,
        now,
      });
      store.addAccess(record.id, ownerAccount.id, OWNER, "system", now);
      // The password of the account made for the registrant, or the channel's code; nothing when active at once.
      const shared = { channel: record.name, account: ownerAccount.name, verifyWindow: formatDuration(config.channels.verify_window) };
      const options = { ref: mailRef(record.id), delayMs: config.mail.delay };
      const mailId =
        password !== null
          ? mail.queue("channel_register_password", a.email, { ...shared, password, serviceNick: config.pseudoclients.nickserv.nick }, options)
          : code !== null
            ? mail.queue("channel_verify_code", a.email, { ...shared, code, serviceNick: config.pseudoclients.x2.nick }, options)
            : null;
      if (mailId !== null) store.setMail(record.id, mailId.id);
      audit.record({
        actor: a.by,
        action: activeAtOnce ? "channel.registered" : "channel.registered_unverified",
        target: record.name,
        details: {
          id: record.id,
          owner: ownerAccount.id,
          accountCreated: password !== null,
          verifyVia,
          nick: a.registrant.nick,
          host: a.registrant.host,
          approved: a.existing !== null,
        },
      });
      return ok(store.byId(record.id) as ChannelRecord);
    });
    if (!stored.ok) {
      if (password !== null) this.deps.dropCreatedAccount(ownerAccount.id, "its channel registration failed", "system");
      return err(stored.error);
    }
    const record = stored.value;
    this.joinX2(record);
    if (activeAtOnce) return ok({ kind: "active", id: record.id, channel: record.name, account: ownerAccount.name });
    return ok({
      kind: "unverified",
      id: record.id,
      channel: record.name,
      via: verifyVia ?? "code",
      account: ownerAccount.name,
      email: a.email,
      mailDelayMs: config.mail.delay,
      verifyWindowMs: config.channels.verify_window,
    });
  }

  /** X2 joins (with op, using the channel's own timestamp) and the timestamp is stored for relinks. */
  private joinX2(record: ChannelRecord): void {
    const { actions, network, store } = this.deps;
    actions.joinChannel("x2", record.name, record.ts ?? undefined);
    const ts = network.channelTs?.(record.name);
    if (ts !== undefined && ts !== record.ts) store.setTs(record.id, ts);
  }
}
