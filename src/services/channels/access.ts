/**
 * Access lists and what they allow: INFO, ACCESS LIST, ADDUSER, DELUSER, CLVL, the status
 * commands (OP, DEOP, VOICE, DEVOICE) and UNREGISTER with its confirmation code.
 *
 * In a suspended channel (a freeze took its only manager) X2 acts for nobody: every command about
 * it answers with the suspension, except what staff need to see and decide (INFO and ACCESS for
 * opers who may view channels, UNREGISTER for channel:admin).
 */
import { randomBytes } from "node:crypto";
import { err, ok, type Result } from "../../util/result.js";
import type { ChannelFailure } from "./failures.js";
import type { Ended } from "./lifecycle.js";
import { MANAGER, OP, OWNER, parseLevel, VOICE } from "./levels.js";
import type { ChannelRecord, EndState } from "./records.js";
import { UnregisterCodes } from "./unregister-codes.js";
import {
  actorRef,
  UNREGISTER_CODE_MS,
  type AccessListEntry,
  type ChannelActor,
  type ChannelDeps,
  type ChannelInfo,
  type StatusChange,
  type UnregisterResult,
} from "./types.js";

const OPER_VIEW_PRIVILEGES = ["channel:admin", "review", "account:auspex"];
const ADMIN_PRIVILEGE = "channel:admin";

export interface AccessDeps extends Pick<ChannelDeps, "store" | "accounts" | "audit" | "clock" | "config" | "network" | "actions" | "suspensions"> {
  endChannel(record: ChannelRecord, state: EndState, reason: string, by: string, inTransaction?: () => void): Ended;
  ownerName(accountId: string | null): string | null;
}

export class AccessLists {
  private readonly unregisterCodes: UnregisterCodes;

  constructor(private readonly deps: AccessDeps) {
    this.unregisterCodes = new UnregisterCodes(deps.store.db);
  }

  /** The effective level of a user in a channel: their access entry (verified, unfrozen accounts only), or owner-equivalent for channel:admin opers. */
  levelOf(record: ChannelRecord, actor: ChannelActor): number {
    let level = 0;
    if (actor.account) {
      const account = this.deps.accounts.byId(actor.account.id);
      if (account && account.status === "active" && !account.frozen) level = this.deps.store.accessOf(record.id, account.id)?.level ?? 0;
    }
    if (actor.privileges.has(ADMIN_PRIVILEGE)) level = Math.max(level, OWNER);
    return level;
  }

  info(actor: ChannelActor, name: string): Result<ChannelInfo, ChannelFailure> {
    const { store } = this.deps;
    const record = store.live(name);
    if (!record) return err({ kind: "not-registered", name });
    const isOwner = actor.account !== null && actor.account.id === record.ownerId;
    const isOper = OPER_VIEW_PRIVILEGES.some((p) => actor.privileges.has(p));
    const suspended = this.deps.suspensions.isSuspended(record.id);
    if (suspended && !isOper) return err(this.suspended(record));
    return ok({
      suspended,
      id: record.id,
      name: record.name,
      state: record.state,
      ownerName: this.deps.ownerName(record.ownerId),
      registeredAt: record.registeredAt,
      verifiedAt: record.verifiedAt,
      establishedAt: record.establishedAt,
      lastVisitAt: record.lastVisitAt,
      visitedNow: record.state === "active" && !this.deps.suspensions.isSuspended(record.id) && this.visitedNow(record),
      accessCount: store.accessList(record.id).length,
      email: isOwner || isOper ? record.email : null,
    });
  }

  /**
   * The access list, each entry with when its account was last seen (as NickServ says it) and
   * whether it is here now; of a suspended channel only for opers who may view channels (`actor`
   * absent: no such check).
   */
  accessList(name: string, actor?: ChannelActor): Result<{ channel: string; entries: AccessListEntry[] }, ChannelFailure> {
    const { store, accounts, network } = this.deps;
    const record = store.live(name);
    if (!record) return err({ kind: "not-registered", name });
    if (record.state === "held") return err({ kind: "no-access-list-yet", channel: record.name });
    if (actor && !OPER_VIEW_PRIVILEGES.some((p) => actor.privileges.has(p)) && this.deps.suspensions.isSuspended(record.id)) {
      return err(this.suspended(record));
    }
    const entries = store.accessList(record.id).map((entry): AccessListEntry => {
      const account = accounts.byId(entry.accountId);
      const seen = account ? accounts.seen(account) : { online: false, at: entry.lastSeenAt ?? entry.addedAt };
      const inChannel = seen.online && accounts.loggedInUids(entry.accountId).some((uid) => network.presence(record.name, uid) !== undefined);
      return { ...entry, seen: { ...seen, inChannel } };
    });
    return ok({ channel: record.name, entries });
  }

  /** Whether a user logged in to a verified, unfrozen account with access is in the channel now (a visit under way). */
  private visitedNow(record: ChannelRecord): boolean {
    const { network, accounts, store } = this.deps;
    for (const uid of network.channelMembers(record.name)) {
      const accountId = accounts.sessionAccountId(uid);
      if (accountId === null || !store.accessOf(record.id, accountId)) continue;
      const account = accounts.byId(accountId);
      if (account && account.status === "active" && !account.frozen) return true;
    }
    return false;
  }

  addUser(actor: ChannelActor, name: string, reference: string, levelText: string): Result<{ channel: string; account: string; level: number }, ChannelFailure> {
    const { store, accounts, audit } = this.deps;
    const managed = this.managedChannel(actor, name, "add");
    if (!managed.ok) return managed;
    const { record, mine } = managed.value;
    const level = parseLevel(levelText);
    if (!level.ok) return level;
    if (level.value >= mine) return err({ kind: "level-not-below-own", mine });
    const target = accounts.resolve(reference);
    if (!target) return err({ kind: "no-account", reference });
    if (target.status !== "active") return err({ kind: "account-unverified", account: target.name });
    const existing = store.accessOf(record.id, target.id);
    if (existing) return err({ kind: "already-has-access", account: existing.accountName, level: existing.level, channel: record.name });
    store.transaction(() => {
      store.addAccess(record.id, target.id, level.value, actor.account?.id ?? "system", this.deps.clock.now());
      audit.record({ actor: actorRef(actor), action: "channel.access.add", target: record.name, details: { account: target.id, level: level.value } });
    });
    return ok({ channel: record.name, account: target.name, level: level.value });
  }

  delUser(actor: ChannelActor, name: string, reference: string): Result<{ channel: string; account: string; level: number }, ChannelFailure> {
    const { store, accounts, audit } = this.deps;
    const channel = this.activeChannel(name);
    if (!channel.ok) return channel;
    const record = channel.value;
    const target = accounts.resolve(reference);
    if (!target) return err({ kind: "no-account", reference });
    const entry = store.accessOf(record.id, target.id);
    if (!entry) return err({ kind: "no-access", account: target.name, channel: record.name, addHint: false });
    if (entry.level >= OWNER) return err({ kind: "owner-not-removable", channel: record.name });
    const self = actor.account?.id === target.id;
    const mine = this.levelOf(record, actor);
    if (!self) {
      if (mine < MANAGER) return err({ kind: "need-manager", channel: record.name, doing: "remove" });
      if (entry.level >= mine) return err({ kind: "level-not-below-yours", account: entry.accountName, level: entry.level, mine });
    }
    store.transaction(() => {
      store.removeAccess(record.id, target.id);
      audit.record({ actor: actorRef(actor), action: "channel.access.del", target: record.name, details: { account: target.id, level: entry.level } });
    });
    return ok({ channel: record.name, account: entry.accountName, level: entry.level });
  }

  clvl(actor: ChannelActor, name: string, reference: string, levelText: string): Result<{ channel: string; account: string; from: number; to: number }, ChannelFailure> {
    const { store, accounts, audit } = this.deps;
    const managed = this.managedChannel(actor, name, "change");
    if (!managed.ok) return managed;
    const { record, mine } = managed.value;
    const level = parseLevel(levelText);
    if (!level.ok) return level;
    const target = accounts.resolve(reference);
    if (!target) return err({ kind: "no-account", reference });
    const entry = store.accessOf(record.id, target.id);
    if (!entry) return err({ kind: "no-access", account: target.name, channel: record.name, addHint: true });
    if (actor.account?.id === target.id) return err({ kind: "own-level" });
    if (entry.level >= mine) return err({ kind: "level-not-below-yours", account: entry.accountName, level: entry.level, mine });
    if (level.value >= mine) return err({ kind: "level-not-below-own", mine });
    if (level.value === entry.level) return err({ kind: "same-level", account: entry.accountName, level: entry.level, channel: record.name });
    store.transaction(() => {
      store.setLevel(record.id, target.id, level.value);
      audit.record({
        actor: actorRef(actor),
        action: "channel.access.level",
        target: record.name,
        details: { account: target.id, from: entry.level, to: level.value },
      });
    });
    return ok({ channel: record.name, account: entry.accountName, from: entry.level, to: level.value });
  }

  /** OP/DEOP/VOICE/DEVOICE #chan [nick]: X2 sets the mode. Voicing yourself needs voice access; everything else op. */
  setStatus(actor: ChannelActor, name: string, change: StatusChange, targetNick?: string): Result<{ channel: string; nick: string }, ChannelFailure> {
    const channel = this.activeChannel(name);
    if (!channel.ok) return channel;
    const record = channel.value;
    const { network, actions, config, store, audit } = this.deps;
    const target = targetNick ? network.user(targetNick) : network.user(actor.uid);
    if (!target) return err({ kind: "user-offline", nick: targetNick ?? actor.nick });
    const presence = network.presence(record.name, target.uid);
    if (!presence) return err({ kind: "user-not-in-channel", nick: target.nick, channel: record.name });
    const self = target.uid === actor.uid;
    const needed = self && (change === "voice" || change === "devoice") ? VOICE : OP;
    const mine = this.levelOf(record, actor);
    if (mine < needed) return err({ kind: "need-level", needed, channel: record.name });
    if (!self && (change === "deop" || change === "devoice")) {
      if (target.uid.startsWith(config.server.sid)) return err({ kind: "is-service", nick: target.nick });
      const theirs = target.accountId ? (store.accessOf(record.id, target.accountId)?.level ?? 0) : 0;
      if (theirs >= mine) return err({ kind: "target-not-below", nick: target.nick, level: theirs });
    }
    const mode = { op: "+o", deop: "-o", voice: "+v", devoice: "-v" }[change];
    actions.channelMode("x2", record.name, mode, [target.uid]);
    audit.record({ actor: actorRef(actor), action: `channel.${change}`, target: record.name, details: { uid: target.uid, nick: target.nick } });
    return ok({ channel: record.name, nick: target.nick });
  }

  /** UNREGISTER #chan [code]: the first call gives a confirmation code, the second (with it) drops the channel. */
  unregister(actor: ChannelActor, name: string, code?: string): Result<UnregisterResult, ChannelFailure> {
    const record = this.deps.store.live(name);
    if (!record) return err({ kind: "not-registered", name });
    if (record.state === "held") return err({ kind: "unregister-held", channel: record.name });
    const isAdmin = actor.privileges.has(ADMIN_PRIVILEGE);
    if (!isAdmin) {
      if (this.deps.suspensions.isSuspended(record.id)) return err(this.suspended(record));
      if (record.state !== "active") return err({ kind: "unregister-unverified", channel: record.name });
      if (this.levelOf(record, actor) < OWNER) return err({ kind: "owner-only", channel: record.name });
    }
    const by = actorRef(actor);
    const now = this.deps.clock.now();
    if (code === undefined) {
      const fresh = randomBytes(4).toString("hex").toUpperCase();
      this.deps.store.db.transaction(() => {
        this.unregisterCodes.put(record.id, fresh, by, now, now + UNREGISTER_CODE_MS);
        this.deps.audit.record({ actor: by, action: "channel.unregister_requested", target: record.name, details: { id: record.id } });
      })();
      return ok({ kind: "confirm", channel: record.name, code: fresh, validMs: UNREGISTER_CODE_MS });
    }
    if (!this.unregisterCodes.matches(record.id, code, by, now)) return err({ kind: "bad-confirmation", channel: record.name });
    const reason = isAdmin ? "unregistered by staff" : "unregistered by its owner";
    const ended = this.deps.endChannel(record, "unregistered", reason, by, () =>
      this.deps.audit.record({ actor: by, action: "channel.unregistered", target: record.name, details: { id: record.id, admin: isAdmin } }),
    );
    if (!ended.ended) return err({ kind: "no-longer-registered", channel: record.name });
    return ok({ kind: "done", channel: record.name });
  }

  /** A registration ended: its confirmation code is void. */
  forgetConfirmation(id: number): void {
    this.unregisterCodes.delete(id);
  }

  private activeChannel(name: string): Result<ChannelRecord, ChannelFailure> {
    const record = this.deps.store.live(name);
    if (!record) return err({ kind: "not-registered", name });
    if (record.state === "held") return err({ kind: "awaiting-review", channel: record.name });
    if (this.deps.suspensions.isSuspended(record.id)) return err(this.suspended(record));
    if (record.state === "unverified") return err({ kind: "not-verified-yet", channel: record.name });
    return ok(record);
  }

  /** The refusal for a suspended channel, naming its owner. */
  private suspended(record: ChannelRecord): ChannelFailure {
    return { kind: "suspended", channel: record.name, owner: this.deps.ownerName(record.ownerId) };
  }

  /** An active channel where the actor may manage the access list (manager or more), with the actor's level. */
  private managedChannel(actor: ChannelActor, name: string, doing: "add" | "change"): Result<{ record: ChannelRecord; mine: number }, ChannelFailure> {
    const channel = this.activeChannel(name);
    if (!channel.ok) return channel;
    const record = channel.value;
    const mine = this.levelOf(record, actor);
    if (mine < MANAGER) return err({ kind: "need-manager", channel: record.name, doing });
    return ok({ record, mine });
  }
}
