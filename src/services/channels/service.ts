/**
 * X2 channel self-registration (issue 4, shared/DESIGN.md §3-§5): REGISTER with its checks and
 * the abuse policy, acceptance (X2 joins, owner added, mail queued with a delay), activation,
 * oper review, access lists and UNREGISTER. Visits and expiry live in visits.ts and expiry.ts;
 * this class is the facade commands, loops and the network wiring use.
 *
 * No IRC lines here: the network is reached through NetworkView/NetworkActions only.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import type { Config } from "../../config/schema.js";
import { formatDuration } from "../../util/duration.js";
import { errorStack } from "../../util/logger.js";
import { err, ok, type Result } from "../../util/result.js";
import { shown } from "../../util/text.js";
import type { DomainDeps } from "../deps.js";
import { MAX_REASON_LENGTH as MAX_BLACKLIST_REASON_LENGTH, type EmailBlacklist } from "../abuse/email-blacklist.js";
import type { FailedVerifications } from "../abuse/failed-verifications.js";
import type { AttemptOutcome } from "../abuse/rate-window.js";
import type { PolicyVerdict, RegistrationRequest } from "../abuse/registration-policy.js";
import type { AccountDeps, AccountService } from "../accounts/service.js";
import type { Account } from "../accounts/store.js";
import { generateCode } from "../accounts/password.js";
import { canonicalEmail } from "../mail/address.js";
import type { Outbox } from "../mail/outbox.js";
import type { MailTemplate, MailTemplateData } from "../mail/templates.js";
import type { Requester } from "../ports.js";
import { describeLevels, levelName, MANAGER, OP, OWNER, parseLevel, VOICE } from "./levels.js";
import { type AccessEntry, type ChannelNote, type ChannelRecord, type ChannelState, type ChannelStore, type Registrant } from "./store.js";
import { ChannelVisits } from "./visits.js";
import { ChannelExpiry } from "./expiry.js";

/** Who asks, as the command layer resolved it. */
export type ChannelActor = Requester;

/** The parts of the accounts service channels use. */
export type ChannelAccounts = Pick<AccountService, "createForChannel" | "resolve" | "accountOf" | "on" | "drop"> & {
  readonly deps: Pick<AccountDeps, "store">;
};

/** The parts of the mail service channels use. */
export interface ChannelMail {
  queue<T extends MailTemplate>(template: T, to: string, data: MailTemplateData[T], opts?: { ref?: string; delayMs?: number }): number;
  readonly outbox: Pick<Outbox, "cancel" | "get">;
}

/** The registration policy (src/services/abuse/registration-policy.ts). */
export interface ChannelPolicy {
  evaluate(req: RegistrationRequest): PolicyVerdict;
  record(req: RegistrationRequest, outcome: AttemptOutcome, reason?: string): void;
}

export interface ChannelDeps extends DomainDeps {
  store: ChannelStore;
  accounts: ChannelAccounts;
  mail: ChannelMail;
  policy: ChannelPolicy;
  blacklist: Pick<EmailBlacklist, "add">;
  failed: Pick<FailedVerifications, "add">;
}

export type RegisterOutcome =
  | { kind: "active"; id: number; channel: string; account: string }
  | {
      kind: "unverified";
      id: number;
      channel: string;
      via: "password" | "code";
      /** The owner account's name. */
      account: string;
      email: string;
      mailDelayMs: number;
      verifyWindowMs: number;
    }
  | { kind: "held"; id: number; channel: string };

export type ReviewFilter = "held" | "pending" | "all";

/** An oper acting: entity ID for the audit log, account name for display. */
export interface OperRef {
  id: string;
  name: string;
}

export interface MailStatus {
  status: string;
  notBefore: number;
  sentAt: number | null;
}

export interface ReviewDetails {
  record: ChannelRecord;
  ownerName: string | null;
  registrantAccountName: string | null;
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
  blacklistError: string | null;
  accountDropped: boolean;
}

export interface ChannelInfo {
  id: number;
  name: string;
  state: ChannelState;
  ownerName: string | null;
  registeredAt: number | null;
  verifiedAt: number | null;
  establishedAt: number | null;
  lastVisitAt: number | null;
  accessCount: number;
  /** Only for the owner and opers. */
  email: string | null;
}

export type StatusChange = "op" | "deop" | "voice" | "devoice";

export type UnregisterResult =
  | { kind: "confirm"; channel: string; code: string; validMs: number }
  | { kind: "done"; channel: string };

/** How long an UNREGISTER confirmation code stays valid. */
export const UNREGISTER_CODE_MS = 10 * 60_000;
/** Longest REVIEW REJECT reason (it is mailed and shown to the registrant). */
export const MAX_REJECT_REASON_LENGTH = 300;
/** Longest REVIEW NOTE. */
export const MAX_NOTE_LENGTH = 400;

const OPER_VIEW_PRIVILEGES = ["channel:admin", "review", "account:auspex"];
const ADMIN_PRIVILEGE = "channel:admin";

export const sha256 = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex");

function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, "hex");
  const right = Buffer.from(b, "hex");
  return left.length === right.length && left.length > 0 && timingSafeEqual(left, right);
}

/** The mail ref of a registration, for cancelling its queued mail. */
export const mailRef = (id: number): string => `chanreg:${id}`;

/** The audit actor for a user: their account's entity ID, else their nick. */
const actorRef = (actor: ChannelActor): string => actor.account?.id ?? actor.nick;

/** The refusal for a channel name nobody registered (the name quoted as typed). */
const notRegistered = (name: string): string => `${shown(name, 60)} is not registered.`;

/** Refusals of access-list changes. */
const needManager = (record: ChannelRecord, doing: string): string => `You need manager (${MANAGER}) access or more in ${record.name} ${doing}.`;
const onlyBelowOwn = (mine: number): string => `You can only give levels below your own (${levelName(mine)}): ${describeLevels(mine)}.`;
const notBelow = (entry: AccessEntry, mine: number): string =>
  `${entry.accountName} has ${levelName(entry.level)} access, which is not below yours (${levelName(mine)}).`;

/** The refusal for an account reference that names nobody. */
const noAccount = (reference: string): string => `There is no account ${shown(reference)}.`;

export class ChannelService {
  readonly visits: ChannelVisits;
  readonly expiry: ChannelExpiry;
  private readonly namePattern: RegExp;
  private readonly unregisterCodes = new Map<number, { code: string; by: string; expiresAt: number }>();
  /** Channels activated by an account's verification that no online user was told about yet (the login that verified it follows at once). */
  private readonly unannounced = new Map<string, string[]>();

  constructor(readonly deps: ChannelDeps) {
    this.namePattern = new RegExp(deps.config.channels.name_pattern);
    this.visits = new ChannelVisits(this);
    this.expiry = new ChannelExpiry(this);
    const guard =
      <A extends unknown[]>(what: string, fn: (...args: A) => void) =>
      (...args: A): void => {
        try {
          fn(...args);
        } catch (error) {
          deps.log.error({ event: what, err: errorStack(error) }, "channel event handler failed");
        }
      };
    deps.accounts.on(
      "loggedIn",
      guard("loggedIn", (account, uid, info) => this.onLogin(account, uid, info.generatedPassword, info.via === "burst")),
    );
    deps.accounts.on("verified", guard("verified", (account) => this.onVerified(account)));
    deps.accounts.on("dropped", guard("dropped", (accountId, reason) => this.onAccountDropped(accountId, reason)));
  }

  get store(): ChannelStore {
    return this.deps.store;
  }

  // ------------------------------------------------------------------------------------------
  // REGISTER

  /** Checks a channel name against the configured pattern and length. */
  nameProblem(name: string): string | null {
    const ch = this.deps.config.channels;
    if (!name.startsWith("#")) return `${shown(name)} is not a channel name (channel names start with #).`;
    if (name.length > ch.max_name_length) return `Channel names can be at most ${ch.max_name_length} characters long.`;
    if (!this.namePattern.test(name)) return `${shown(name, 60)} is not a channel name that can be registered here.`;
    return null;
  }

  /**
   * X2 REGISTER <#channel> <email>: the channel checks (name, not registered or pending, a live
   * op, no split), then the abuse policy, then acceptance or a hold for review.
   */
  async register(actor: ChannelActor, name: string, email: string): Promise<Result<RegisterOutcome, string>> {
    const { config, network, policy, accounts } = this.deps;
    const req: RegistrationRequest = {
      channel: name,
      email,
      uid: actor.uid,
      nick: actor.nick,
      host: actor.host,
      ip: actor.ip,
      accountId: actor.account?.id ?? null,
    };
    const refuse = (reason: string): Result<RegisterOutcome, string> => {
      policy.record(req, "refused", reason);
      return err(reason);
    };

    const problem = this.nameProblem(name);
    if (problem) return refuse(problem);
    const live = this.deps.store.live(name);
    if (live) return refuse(this.takenReason(live));

    const presence = network.presence(name, actor.uid);
    if (!presence) return refuse(`You are not in ${name}. Join it, make sure you are opped, and register again.`);
    if (!presence.op) return refuse(`You must be a channel operator (opped) in ${name} to register it.`);
    if (presence.statusFromBurst) {
      return refuse(
        `Your op status in ${name} came from a server joining the network (a netjoin), which does not count. ` +
          "Have it given to you again by a channel operator, or recreate the channel, and register again.",
      );
    }
    if (network.isSplit(config.channels.split_grace)) {
      return refuse(
        `The network is split or was split less than ${formatDuration(config.channels.split_grace)} ago (a server is missing), ` +
          "so channel ops cannot be trusted; registrations are refused until then. Please try again later.",
      );
    }

    let account: Account | null = null;
    if (actor.account) {
      account = accounts.deps.store.byId(actor.account.id) ?? null;
      if (!account) return refuse("Your account could not be found; log in again and register again.");
      if (account.frozen) return refuse("Your account is frozen; it cannot register channels.");
    } else if (accounts.deps.store.nickOwner(actor.nick)) {
      return refuse(
        `The nick ${actor.nick} belongs to a registered account. Identify first (/msg ${config.pseudoclients.nickserv.nick} IDENTIFY <password>) and register again.`,
      );
    }

    const verdict = policy.evaluate(req);
    if (verdict.kind === "refuse") {
      policy.record(req, "refused", verdict.reason);
      return err(verdict.reason);
    }
    const registrant: Registrant = { uid: actor.uid, nick: actor.nick, ident: actor.ident, host: actor.host, ip: actor.ip, accountId: actor.account?.id ?? null };

    if (verdict.kind === "hold") {
      const stored = this.store.transaction(() => {
        const taken = this.store.live(name);
        if (taken) return err(this.takenReason(taken));
        const record = this.store.insertRequest(
          { name, email: verdict.email, emailCanonical: canonicalEmail(verdict.email), registrant, now: this.now() },
          verdict.reasons,
        );
        this.deps.audit.record({
          actor: actor.account?.id ?? "system",
          action: "channel.held",
          target: name,
          details: { id: record.id, nick: actor.nick, host: actor.host, reasons: verdict.reasons },
        });
        return ok(record);
      });
      if (!stored.ok) return refuse(stored.error);
      policy.record(req, "held", verdict.reasons.join("; "));
      return ok({ kind: "held", id: stored.value.id, channel: name });
    }

    const accepted = await this.accept({ name, email: verdict.email, registrant, account, existing: null, by: actor.account?.id ?? "system" });
    if (!accepted.ok) return refuse(accepted.error);
    policy.record(req, "accepted");
    return accepted;
  }

  private takenReason(live: ChannelRecord): string {
    if (live.state === "active") return `${live.name} is already registered.`;
    if (live.state === "unverified") return `${live.name} already has a registration waiting for its owner to verify it.`;
    return `${live.name} already has a registration request waiting for staff review.`;
  }

  /**
   * Accepts a registration (a new request, or a held one an oper approved): creates the owner's
   * account when they had none, stores the channel as active or unverified with its owner,
   * queues the mail and has X2 join and op itself.
   */
  private async accept(a: {
    name: string;
    email: string;
    registrant: Registrant;
    account: Account | null;
    existing: ChannelRecord | null;
    by: string;
  }): Promise<Result<RegisterOutcome, string>> {
    const { config, accounts, mail, audit } = this.deps;
    const emailCanonical = canonicalEmail(a.email);
    let owner = a.account;
    let password: string | null = null;
    if (!owner) {
      const created = await accounts.createForChannel(a.registrant.nick, a.email);
      if (!created.ok) return err(created.error);
      owner = created.value.account;
      password = created.value.password;
    }
    const ownerAccount = owner;
    const activeAtOnce = password === null && ownerAccount.status === "active" && ownerAccount.emailCanonical === emailCanonical;
    const code = password === null && !activeAtOnce ? generateCode() : null;
    const verifyVia = password !== null ? "password" : code !== null ? "code" : null;
    const now = this.now();

    const stored = this.store.transaction((): Result<ChannelRecord, string> => {
      let record: ChannelRecord;
      if (a.existing) {
        const current = this.store.byId(a.existing.id);
        if (!current || current.state !== "held") return err(`Request ${a.existing.id} is no longer held.`);
        record = current;
      } else {
        const taken = this.store.live(a.name);
        if (taken) return err(this.takenReason(taken));
        record = this.store.insertRequest({ name: a.name, email: a.email, emailCanonical, registrant: a.registrant, now }, null);
      }
      this.store.accept(record.id, {
        state: activeAtOnce ? "active" : "unverified",
        ownerId: ownerAccount.id,
        verifyVia,
        codeHash: code !== null ? sha256(code) : null,
        accountCreated: password !== null,
        ts: null,
        now,
      });
      this.store.addAccess(record.id, ownerAccount.id, OWNER, "system", now);
      // The password of the account made for the registrant, or the channel's code; nothing when active at once.
      const shared = { channel: record.name, account: ownerAccount.name, verifyWindow: formatDuration(config.channels.verify_window) };
      const options = { ref: mailRef(record.id), delayMs: config.mail.delay };
      const mailId =
        password !== null
          ? mail.queue("channel_register_password", a.email, { ...shared, password, serviceNick: config.pseudoclients.nickserv.nick }, options)
          : code !== null
            ? mail.queue("channel_verify_code", a.email, { ...shared, code, serviceNick: config.pseudoclients.x2.nick }, options)
            : null;
      if (mailId !== null) this.store.setMail(record.id, mailId);
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
      return ok(this.store.byId(record.id) as ChannelRecord);
    });
    if (!stored.ok) {
      if (password !== null) this.dropCreatedAccount(ownerAccount.id, "its channel registration failed", "system");
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
    const { actions, network } = this.deps;
    actions.joinChannel("x2", record.name, record.ts ?? undefined);
    const ts = network.channelTs?.(record.name);
    if (ts !== undefined && ts !== record.ts) this.store.setTs(record.id, ts);
  }

  // ------------------------------------------------------------------------------------------
  // Activation

  /** X2 VERIFY <#channel> <code>. */
  verify(actor: ChannelActor, name: string, code: string): Result<{ channel: string; owner: string }, string> {
    const record = this.store.live(name);
    if (!record) return err(notRegistered(name));
    if (record.state === "active") return err(`${record.name} is already verified.`);
    if (record.state === "held") return err(`${record.name} is waiting for staff review; there is nothing to verify yet.`);
    if (record.verifyVia === "password") {
      return err(
        `${record.name} is verified by logging in to the account ${this.accountName(record.ownerId)} with the password that was mailed ` +
          `(/msg ${this.deps.config.pseudoclients.nickserv.nick} IDENTIFY ${this.accountName(record.ownerId)} <password>); there is no code.`,
      );
    }
    if (!record.codeHash || !sameHash(sha256(code.trim().toUpperCase()), record.codeHash)) {
      return err(`That is not the verification code of ${record.name}. Check the mail and type the code exactly.`);
    }
    this.activate(record, "code", actorRef(actor));
    return ok({ channel: record.name, owner: this.accountName(record.ownerId) });
  }

  /** Makes an unverified registration active. False when it was not unverified any more. */
  private activate(record: ChannelRecord, via: "code" | "password" | "account", by: string): boolean {
    if (!this.store.activate(record.id, this.now())) return false;
    this.deps.audit.record({ actor: by, action: "channel.activated", target: record.name, details: { id: record.id, via } });
    if (record.ownerId) this.visits.opPresentOwner(record.name, record.ownerId);
    return true;
  }

  /** The owner proved the channel's mailbox: by a login with the mailed password, or by verifying the account. */
  private activateFor(account: Account, via: "password" | "account"): ChannelRecord[] {
    const activated: ChannelRecord[] = [];
    for (const record of this.store.ownedLive(account.id)) {
      if (record.state !== "unverified" || record.emailCanonical !== account.emailCanonical) continue;
      if (this.activate(record, via, account.id)) activated.push(record);
    }
    return activated;
  }

  private onLogin(account: Account, uid: string, generatedPassword: boolean, duringBurst: boolean): void {
    const fresh = this.deps.accounts.deps.store.byId(account.id) ?? account;
    const names = this.unannounced.get(fresh.id) ?? [];
    this.unannounced.delete(fresh.id);
    if (generatedPassword || fresh.status === "active") {
      for (const record of this.activateFor(fresh, generatedPassword ? "password" : "account")) names.push(record.name);
    }
    for (const name of names) this.deps.actions.notice("x2", uid, `${name} is now verified and active. You are its owner.`);
    this.visits.onLogin(fresh, uid, duringBurst);
  }

  private onVerified(account: Account): void {
    const fresh = this.deps.accounts.deps.store.byId(account.id) ?? account;
    const names = this.activateFor(fresh, "account").map((r) => r.name);
    if (names.length === 0) return;
    const users = this.deps.network.usersOnAccount(fresh.id);
    for (const user of users) for (const name of names) this.deps.actions.notice("x2", user.uid, `${name} is now verified and active. You are its owner.`);
    if (users.length === 0) {
      // A login with the mailed password verifies the account first and logs in right after.
      this.unannounced.set(fresh.id, names);
      setImmediate(() => this.unannounced.delete(fresh.id));
    }
  }

  /** An account is gone: registrations it owned that are not active go with it; active ones nobody can manage any more are dropped. */
  private onAccountDropped(accountId: string, reason: string): void {
    for (const record of this.store.ownedLive(accountId)) {
      if (record.state === "active" && this.store.accessList(record.id).length > 0) continue;
      this.endChannel(record, "dropped", `owner account dropped (${reason})`, "system");
    }
  }

  // ------------------------------------------------------------------------------------------
  // Oper review

  reviewList(filter: ReviewFilter, limit = 50): ChannelRecord[] {
    const states: ChannelState[] = filter === "held" ? ["held"] : filter === "pending" ? ["unverified"] : ["held", "unverified"];
    return this.store.inStates(states, limit);
  }

  reviewShow(id: number): Result<ReviewDetails, string> {
    const record = this.store.byId(id);
    if (!record) return err(`There is no registration request ${id}.`);
    return ok({
      record,
      ownerName: record.ownerId ? this.accountName(record.ownerId) : null,
      registrantAccountName: record.registrant.accountId ? this.accountName(record.registrant.accountId) : null,
      mail: this.mailStatus(record),
      related: this.store.related(record),
      notes: this.store.notes(record.id),
    });
  }

  private mailStatus(record: ChannelRecord): MailStatus | null {
    if (record.mailId === null) return null;
    const row = this.deps.mail.outbox.get(record.mailId);
    return row ? { status: row.status, notBefore: row.notBefore, sentAt: row.sentAt } : { status: "purged", notBefore: 0, sentAt: null };
  }

  /** REVIEW APPROVE: a held request proceeds as an accepted one; the registrant is told if online. */
  async approve(id: number, oper: OperRef): Promise<Result<RegisterOutcome, string>> {
    const record = this.store.byId(id);
    if (!record) return err(`There is no registration request ${id}.`);
    if (record.state !== "held") return err(`Request ${id} (${record.name}) is ${record.state}; only held requests can be approved.`);
    let account: Account | null = null;
    if (record.registrant.accountId) {
      account = this.deps.accounts.deps.store.byId(record.registrant.accountId) ?? null;
      if (!account) return err(`The account the registrant used (${record.registrant.accountId}) no longer exists; reject the request instead.`);
      if (account.frozen) return err(`The registrant's account ${account.name} is frozen; reject the request instead.`);
    } else if (this.deps.accounts.deps.store.nickOwner(record.registrant.nick)) {
      return err(
        `The registrant had no account and their nick ${record.registrant.nick} has been registered since, so no account can be made for them; reject the request instead.`,
      );
    }
    const accepted = await this.accept({ name: record.name, email: record.email, registrant: record.registrant, account, existing: record, by: oper.id });
    if (!accepted.ok) return accepted;
    this.store.decide(id, oper.name, this.now());
    this.deps.audit.record({ actor: oper.id, action: "channel.approved", target: record.name, details: { id, oper: oper.name } });
    const outcome = accepted.value;
    this.tellRegistrant(record, `Staff approved your registration of ${record.name}. ${describeOutcome(outcome, this.deps.config)}`);
    return accepted;
  }

  /**
   * REVIEW REJECT: a held or unverified request is rejected. Its queued mail is cancelled; a
   * rejection mail goes out only when the registration mail had already been sent.
   */
  reject(id: number, oper: OperRef, reason: string, blacklist: boolean): Result<RejectResult, string> {
    const record = this.store.byId(id);
    if (!record) return err(`There is no registration request ${id}.`);
    if (record.state !== "held" && record.state !== "unverified") {
      return err(`Request ${id} (${record.name}) is ${record.state}; only held or unverified requests can be rejected.`);
    }
    if (reason.length > MAX_REJECT_REASON_LENGTH) return err(`A reason can be at most ${MAX_REJECT_REASON_LENGTH} characters long.`);
    const { mail, policy, audit } = this.deps;
    const mailCancelled = mail.outbox.cancel(mailRef(id)) > 0;
    const mailRow = record.mailId !== null ? mail.outbox.get(record.mailId) : undefined;
    const alreadySent = mailRow !== undefined && (mailRow.status === "sent" || mailRow.status === "sending");
    const ended = this.endChannel(record, "rejected", reason, oper.id);
    if (!ended.ended) return err(`Request ${id} changed while it was being rejected; look at it again.`);
    this.store.decide(id, oper.name, this.now());

    let blacklisted = false;
    let blacklistError: string | null = null;
    if (blacklist) {
      const why = `REVIEW REJECT ${record.name}: ${reason}`.slice(0, MAX_BLACKLIST_REASON_LENGTH);
      const added = this.deps.blacklist.add(record.email, null, why, oper.name);
      if (added.ok) {
        blacklisted = true;
        audit.record({ actor: oper.id, action: "blacklist.add", target: record.email.toLowerCase(), details: { reason: why, expiresAt: null, setter: oper.name } });
      } else blacklistError = added.error;
    }
    if (alreadySent) {
      mail.queue("channel_rejected", record.email, { channel: record.name, reason }, { ref: `chanrej:${id}`, delayMs: 0 });
    }
    policy.record(this.requestOf(record), "rejected", reason);
    audit.record({
      actor: oper.id,
      action: "channel.rejected",
      target: record.name,
      details: { id, oper: oper.name, reason, blacklisted, mailCancelled, rejectionMailed: alreadySent, accountDropped: ended.accountDropped },
    });
    this.tellRegistrant(record, `Staff rejected your registration of ${record.name}: ${reason}`);
    return ok({ channel: record.name, mailed: alreadySent, mailCancelled, blacklisted, blacklistError, accountDropped: ended.accountDropped });
  }

  note(id: number, oper: OperRef, text: string): Result<ChannelRecord, string> {
    const record = this.store.byId(id);
    if (!record) return err(`There is no registration request ${id}.`);
    const trimmed = text.trim();
    if (trimmed.length === 0) return err("The note is empty.");
    if (trimmed.length > MAX_NOTE_LENGTH) return err(`A note can be at most ${MAX_NOTE_LENGTH} characters long.`);
    this.store.addNote(id, oper.name, trimmed, this.now());
    this.deps.audit.record({ actor: oper.id, action: "channel.note", target: record.name, details: { id, oper: oper.name } });
    return ok(record);
  }

  requestOf(record: ChannelRecord): RegistrationRequest {
    const r = record.registrant;
    return { channel: record.name, email: record.email, uid: r.uid, nick: r.nick, host: r.host, ip: r.ip, accountId: r.accountId };
  }

  /** Notices the registrant of a request: by uid while that connection lasts, else their owner account's users, else their nick from the same user@host. */
  tellRegistrant(record: ChannelRecord, text: string): void {
    const { network, actions } = this.deps;
    const uids = new Set<string>();
    const sameConnection = network.user(record.registrant.uid);
    if (sameConnection) uids.add(sameConnection.uid);
    else {
      const accountId = record.ownerId ?? record.registrant.accountId;
      if (accountId) for (const user of network.usersOnAccount(accountId)) uids.add(user.uid);
      if (uids.size === 0) {
        const byNick = network.user(record.registrant.nick);
        if (byNick && byNick.ident === record.registrant.ident && byNick.host === record.registrant.host) uids.add(byNick.uid);
      }
    }
    for (const uid of uids) actions.notice("x2", uid, text);
  }

  // ------------------------------------------------------------------------------------------
  // Ending a registration (used by review, UNREGISTER, expiry)

  /**
   * Ends a live registration: state, access list removed, queued mail cancelled, X2 parts, and an
   * account X2 created for it dropped while it is still unverified and owns nothing else.
   */
  endChannel(
    record: ChannelRecord,
    state: "dropped" | "rejected" | "expired" | "unregistered",
    reason: string,
    by: string,
    extra?: () => void,
  ): { ended: boolean; accountDropped: boolean } {
    const ended = this.store.transaction(() => {
      if (!this.store.end(record.id, state, this.now(), reason.slice(0, 300))) return false;
      extra?.();
      return true;
    });
    if (!ended) return { ended: false, accountDropped: false };
    this.unregisterCodes.delete(record.id);
    this.deps.mail.outbox.cancel(mailRef(record.id));
    if (record.state !== "held") this.deps.actions.partChannel("x2", record.name, partReason(state));
    const accountDropped = record.accountCreated && record.ownerId !== null && this.dropCreatedAccount(record.ownerId, `its channel ${record.name} was ${state}`, by);
    return { ended: true, accountDropped };
  }

  /** Drops an account X2 made for a registration while it is still unverified and owns nothing (DESIGN §3: it lives and dies with its channel). */
  private dropCreatedAccount(accountId: string, reason: string, by: string): boolean {
    const owner = this.deps.accounts.deps.store.byId(accountId);
    if (!owner || owner.status !== "unverified" || owner.origin !== "x2") return false;
    if (this.store.ownedLive(owner.id).length > 0 || this.store.accessCount(owner.id) > 0) return false;
    return this.deps.accounts.drop(owner.id, reason, by);
  }

  // ------------------------------------------------------------------------------------------
  // Channel basics

  /** The effective level of a user in a channel: their access entry (verified, unfrozen accounts only), or owner-equivalent for channel:admin opers. */
  levelOf(record: ChannelRecord, actor: ChannelActor): number {
    let level = 0;
    if (actor.account) {
      const account = this.deps.accounts.deps.store.byId(actor.account.id);
      if (account && account.status === "active" && !account.frozen) level = this.store.accessOf(record.id, account.id)?.level ?? 0;
    }
    if (actor.privileges.has(ADMIN_PRIVILEGE)) level = Math.max(level, OWNER);
    return level;
  }

  private activeChannel(name: string): Result<ChannelRecord, string> {
    const record = this.store.live(name);
    if (!record) return err(notRegistered(name));
    if (record.state === "held") return err(`${record.name} is waiting for staff review; it is not registered yet.`);
    if (record.state === "unverified") return err(`${record.name} is not verified yet; it works once its owner has verified it.`);
    return ok(record);
  }

  info(actor: ChannelActor, name: string): Result<ChannelInfo, string> {
    const record = this.store.live(name);
    if (!record) return err(notRegistered(name));
    const isOwner = actor.account !== null && actor.account.id === record.ownerId;
    const isOper = OPER_VIEW_PRIVILEGES.some((p) => actor.privileges.has(p));
    return ok({
      id: record.id,
      name: record.name,
      state: record.state,
      ownerName: record.ownerId ? this.accountName(record.ownerId) : null,
      registeredAt: record.registeredAt,
      verifiedAt: record.verifiedAt,
      establishedAt: record.establishedAt,
      lastVisitAt: record.lastVisitAt,
      accessCount: this.store.accessList(record.id).length,
      email: isOwner || isOper ? record.email : null,
    });
  }

  accessList(name: string): Result<{ channel: string; entries: AccessEntry[] }, string> {
    const record = this.store.live(name);
    if (!record) return err(notRegistered(name));
    if (record.state === "held") return err(`${record.name} is waiting for staff review; it has no access list yet.`);
    return ok({ channel: record.name, entries: this.store.accessList(record.id) });
  }

  /** An active channel where the actor may manage the access list (manager or more), with the actor's level. */
  private managedChannel(actor: ChannelActor, name: string, doing: string): Result<{ record: ChannelRecord; mine: number }, string> {
    const channel = this.activeChannel(name);
    if (!channel.ok) return channel;
    const record = channel.value;
    const mine = this.levelOf(record, actor);
    if (mine < MANAGER) return err(needManager(record, doing));
    return ok({ record, mine });
  }

  private auditAccess(actor: ChannelActor, action: string, record: ChannelRecord, details: Record<string, unknown>): void {
    this.deps.audit.record({ actor: actorRef(actor), action, target: record.name, details });
  }

  addUser(actor: ChannelActor, name: string, reference: string, levelText: string): Result<{ channel: string; account: string; level: number }, string> {
    const managed = this.managedChannel(actor, name, "to add users");
    if (!managed.ok) return managed;
    const { record, mine } = managed.value;
    const level = parseLevel(levelText);
    if (!level.ok) return level;
    if (level.value >= mine) return err(onlyBelowOwn(mine));
    const target = this.deps.accounts.resolve(reference);
    if (!target) return err(noAccount(reference));
    if (target.status !== "active") return err(`The account ${target.name} has not verified its email yet, so it cannot be given access.`);
    const existing = this.store.accessOf(record.id, target.id);
    if (existing) return err(`${existing.accountName} already has ${levelName(existing.level)} access in ${record.name}; use CLVL to change it.`);
    this.store.addAccess(record.id, target.id, level.value, actor.account?.id ?? "system", this.now());
    this.auditAccess(actor, "channel.access.add", record, { account: target.id, level: level.value });
    return ok({ channel: record.name, account: target.name, level: level.value });
  }

  delUser(actor: ChannelActor, name: string, reference: string): Result<{ channel: string; account: string; level: number }, string> {
    const channel = this.activeChannel(name);
    if (!channel.ok) return channel;
    const record = channel.value;
    const target = this.deps.accounts.resolve(reference);
    if (!target) return err(noAccount(reference));
    const entry = this.store.accessOf(record.id, target.id);
    if (!entry) return err(`${target.name} has no access in ${record.name}.`);
    if (entry.level >= OWNER) return err(`The owner cannot be removed from ${record.name}; the owner can UNREGISTER the channel instead.`);
    const self = actor.account?.id === target.id;
    const mine = this.levelOf(record, actor);
    if (!self) {
      if (mine < MANAGER) return err(needManager(record, "to remove users"));
      if (entry.level >= mine) return err(notBelow(entry, mine));
    }
    this.store.removeAccess(record.id, target.id);
    this.auditAccess(actor, "channel.access.del", record, { account: target.id, level: entry.level });
    return ok({ channel: record.name, account: entry.accountName, level: entry.level });
  }

  clvl(actor: ChannelActor, name: string, reference: string, levelText: string): Result<{ channel: string; account: string; from: number; to: number }, string> {
    const managed = this.managedChannel(actor, name, "to change levels");
    if (!managed.ok) return managed;
    const { record, mine } = managed.value;
    const level = parseLevel(levelText);
    if (!level.ok) return level;
    const target = this.deps.accounts.resolve(reference);
    if (!target) return err(noAccount(reference));
    const entry = this.store.accessOf(record.id, target.id);
    if (!entry) return err(`${target.name} has no access in ${record.name}; use ADDUSER to add them.`);
    if (actor.account?.id === target.id) return err("You cannot change your own level.");
    if (entry.level >= mine) return err(notBelow(entry, mine));
    if (level.value >= mine) return err(onlyBelowOwn(mine));
    if (level.value === entry.level) return err(`${entry.accountName} already has ${levelName(entry.level)} access in ${record.name}.`);
    this.store.setLevel(record.id, target.id, level.value);
    this.auditAccess(actor, "channel.access.level", record, { account: target.id, from: entry.level, to: level.value });
    return ok({ channel: record.name, account: entry.accountName, from: entry.level, to: level.value });
  }

  /** OP/DEOP/VOICE/DEVOICE #chan [nick]: X2 sets the mode. Voicing yourself needs voice access; everything else op. */
  setStatus(actor: ChannelActor, name: string, change: StatusChange, targetNick?: string): Result<{ channel: string; nick: string }, string> {
    const channel = this.activeChannel(name);
    if (!channel.ok) return channel;
    const record = channel.value;
    const { network, actions, config } = this.deps;
    const target = targetNick ? network.user(targetNick) : network.user(actor.uid);
    if (!target) return err(`${shown(targetNick ?? actor.nick)} is not online.`);
    const presence = network.presence(record.name, target.uid);
    if (!presence) return err(`${target.nick} is not in ${record.name}.`);
    const self = target.uid === actor.uid;
    const needed = self && (change === "voice" || change === "devoice") ? VOICE : OP;
    const mine = this.levelOf(record, actor);
    if (mine < needed) return err(`You need ${levelName(needed)} (${needed}) access or more in ${record.name} to do that.`);
    if (!self && (change === "deop" || change === "devoice")) {
      if (target.uid.startsWith(config.server.sid)) return err(`${target.nick} is a network service.`);
      const theirs = target.accountId ? this.store.accessOf(record.id, target.accountId)?.level ?? 0 : 0;
      if (theirs >= mine) return err(`${target.nick} has ${levelName(theirs)} access, which is not below yours.`);
    }
    const mode = { op: "+o", deop: "-o", voice: "+v", devoice: "-v" }[change];
    actions.channelMode("x2", record.name, mode, [target.uid]);
    this.deps.audit.record({ actor: actorRef(actor), action: `channel.${change}`, target: record.name, details: { uid: target.uid, nick: target.nick } });
    return ok({ channel: record.name, nick: target.nick });
  }

  /** UNREGISTER #chan [code]: the first call gives a confirmation code, the second (with it) drops the channel. */
  unregister(actor: ChannelActor, name: string, code?: string): Result<UnregisterResult, string> {
    const record = this.store.live(name);
    if (!record) return err(notRegistered(name));
    if (record.state === "held") return err(`${record.name} is waiting for staff review; staff can reject the request.`);
    const isAdmin = actor.privileges.has(ADMIN_PRIVILEGE);
    if (!isAdmin) {
      if (record.state !== "active") return err(`${record.name} is not verified yet; an unverified registration is dropped by itself if it is not verified.`);
      if (this.levelOf(record, actor) < OWNER) return err(`Only the owner of ${record.name} can unregister it.`);
    }
    const by = actorRef(actor);
    const now = this.now();
    const pending = this.unregisterCodes.get(record.id);
    if (code === undefined) {
      const fresh = randomBytes(4).toString("hex").toUpperCase();
      this.unregisterCodes.set(record.id, { code: fresh, by, expiresAt: now + UNREGISTER_CODE_MS });
      return ok({ kind: "confirm", channel: record.name, code: fresh, validMs: UNREGISTER_CODE_MS });
    }
    if (!pending || pending.by !== by || pending.expiresAt < now || pending.code !== code.trim().toUpperCase()) {
      return err(`That confirmation code is wrong or expired. Type /msg ${this.deps.config.pseudoclients.x2.nick} UNREGISTER ${record.name} for a new one.`);
    }
    const ended = this.endChannel(record, "unregistered", isAdmin ? "unregistered by staff" : "unregistered by its owner", by);
    if (!ended.ended) return err(`${record.name} is not registered any more.`);
    this.deps.audit.record({ actor: by, action: "channel.unregistered", target: record.name, details: { id: record.id, admin: isAdmin } });
    return ok({ kind: "done", channel: record.name });
  }

  // ------------------------------------------------------------------------------------------
  // Relinks

  /** The channels X2 sits in (unverified and active), with their stored timestamps. */
  burstJoins(): Array<{ channel: string; ts: number }> {
    return this.store.joinable().map((c) => ({ channel: c.name, ts: c.ts ?? Math.floor(this.now() / 1000) }));
  }

  /** After a relink: stores the timestamps the network now has for our channels. */
  syncTimestamps(): number {
    let changed = 0;
    for (const record of this.store.joinable()) {
      const ts = this.deps.network.channelTs?.(record.name);
      if (ts !== undefined && ts !== record.ts) {
        this.store.setTs(record.id, ts);
        changed++;
      }
    }
    return changed;
  }

  // ------------------------------------------------------------------------------------------

  accountName(accountId: string | null): string {
    if (!accountId) return "(none)";
    return this.deps.accounts.deps.store.byId(accountId)?.name ?? `?${accountId}`;
  }

  now(): number {
    return this.deps.clock.now();
  }
}

function partReason(state: string): string {
  switch (state) {
    case "unregistered":
      return "Channel unregistered";
    case "rejected":
      return "Registration rejected";
    case "expired":
      return "Channel registration expired";
    default:
      return "Channel registration dropped";
  }
}

/** What happens next after an acceptance, in one or two sentences for the registrant. */
export function describeOutcome(outcome: RegisterOutcome, config: Config): string {
  switch (outcome.kind) {
    case "active":
      return `${outcome.channel} is registered to your account ${outcome.account} and is active; you are its owner.`;
    case "held":
      return `Your registration of ${outcome.channel} is waiting for staff review (request ${outcome.id}). You will be told here when it is decided, if you are online.`;
    case "unverified": {
      const when = outcome.mailDelayMs > 0 ? `in about ${formatDuration(outcome.mailDelayMs)}` : "shortly";
      const window = formatDuration(outcome.verifyWindowMs);
      if (outcome.via === "password") {
        const ns = config.pseudoclients.nickserv.nick;
        return (
          `${outcome.channel} is registered but not verified yet. An account named ${outcome.account} was created for you; ` +
          `its password will be mailed to ${outcome.email} ${when}. Within ${window}, log in with it ` +
          `(/msg ${ns} IDENTIFY ${outcome.account} <password>) to activate the channel, or the registration and the account are dropped.`
        );
      }
      const x2 = config.pseudoclients.x2.nick;
      return (
        `${outcome.channel} is registered to your account ${outcome.account} but not verified yet. A verification code will be mailed to ` +
        `${outcome.email} ${when}. Within ${window}, type /msg ${x2} VERIFY ${outcome.channel} <code> to activate it, or the registration is dropped.`
      );
    }
  }
}

