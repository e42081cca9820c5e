/**
 * Visits and automatic status: who with access is present in a registered channel.
 *
 * A visit is an account with access, logged in, verified and not frozen (docs/architecture.md §5: unverified
 * is inert), present in the channel. It is recorded when such a user joins, when they log in
 * while in the channel, when they leave it (part, kick, quit: the visit lasted until then), and
 * on every maintenance run for everyone present. The owner's first visit `establish_visit_after`
 * or more after registration establishes the channel.
 *
 * In a suspended channel (its only manager's account is frozen) X2 does not act: no visits, no
 * automatic status; whoever joins is told why by X2 (at most once in SUSPENDED_NOTICE_MS per user
 * and channel, so that join floods do not make X2 flood).
 */
import type { Account } from "../accounts/store.js";
import { OP, VOICE } from "./levels.js";
import type { ChannelRecord } from "./records.js";
import type { ChannelDeps } from "./types.js";

export type VisitsDeps = Pick<ChannelDeps, "store" | "accounts" | "audit" | "clock" | "config" | "network" | "actions" | "suspensions">;

/** How long X2 stays quiet to a user who was told a channel is suspended and joins it again. */
export const SUSPENDED_NOTICE_MS = 10 * 60_000;

export class ChannelVisits {
  /** `<channel id> <uid>` -> when the user was last told the channel is suspended. */
  private readonly toldSuspended = new Map<string, number>();

  constructor(private readonly deps: VisitsDeps) {}

  /** The name of the owner of a channel as shown (`?<id>` when the account is gone). */
  ownerName(record: ChannelRecord): string | null {
    if (!record.ownerId) return null;
    return this.deps.accounts.byId(record.ownerId)?.name ?? `?${record.ownerId}`;
  }

  /** A user joined a channel: record the visit, and op or voice them by level unless the join is part of a burst. */
  onJoin(name: string, uid: string, duringBurst: boolean): void {
    const record = this.deps.store.live(name);
    if (!record || record.state === "held") return;
    if (this.deps.suspensions.isSuspended(record.id)) {
      if (!duringBurst) this.tellSuspended(record, uid);
      return;
    }
    if (record.state !== "active") return;
    const account = this.eligible(this.deps.accounts.accountOf(uid));
    if (!account) return;
    const entry = this.deps.store.accessOf(record.id, account.id);
    if (!entry) return;
    this.visit(record, account.id);
    if (!duringBurst) this.autoStatus(record.name, uid, entry.level);
  }

  /** A user is leaving a channel (still a member, and still logged in, when this is called): their visit lasted until now. */
  onLeave(name: string, uid: string): void {
    // Most users who leave are not logged in (a netsplit takes thousands): no database read for them.
    if (this.deps.accounts.sessionAccountId(uid) === null) return;
    const record = this.deps.store.live(name);
    if (!record || record.state !== "active" || this.deps.suspensions.isSuspended(record.id)) return;
    const account = this.eligible(this.deps.accounts.accountOf(uid));
    if (account && this.deps.store.accessOf(record.id, account.id)) this.visit(record, account.id);
  }

  /**
   * A user logged in: every active channel where the account has access and the user is present
   * gets a visit and the user their status. `account` is as the store has it now.
   */
  onLogin(account: Account, uid: string, duringBurst: boolean): void {
    if (!this.eligible(account)) return;
    const { network, store } = this.deps;
    for (const { channel, level } of store.accessForAccount(account.id)) {
      if (channel.state !== "active" || !network.presence(channel.name, uid) || this.deps.suspensions.isSuspended(channel.id)) continue;
      this.visit(channel, account.id);
      if (!duringBurst) this.autoStatus(channel.name, uid, level);
    }
  }

  /** After activation: op the owner's users that are in the channel. */
  opPresentOwner(name: string, ownerId: string): void {
    const { network, accounts } = this.deps;
    for (const user of network.usersOnAccount(ownerId)) {
      if (!this.eligible(accounts.accountOf(user.uid))) continue;
      this.autoStatus(name, user.uid, OP);
    }
  }

  /** Records a visit for every eligible user with access present in an active channel. Returns the visits recorded. */
  scan(): number {
    const { network, accounts, store } = this.deps;
    // A user sits in many channels: look their account up once per scan.
    const accountOf = new Map<string, Account | null>();
    const eligibleAccount = (uid: string): Account | null => {
      let account = accountOf.get(uid);
      if (account === undefined) {
        account = this.eligible(accounts.accountOf(uid));
        accountOf.set(uid, account);
      }
      return account;
    };
    let visits = 0;
    const suspended = this.deps.suspensions.suspendedIds();
    for (const record of store.active()) {
      if (suspended.has(record.id)) continue;
      for (const uid of network.channelMembers(record.name)) {
        const account = eligibleAccount(uid);
        if (!account || !store.accessOf(record.id, account.id)) continue;
        this.visit(record, account.id);
        visits++;
      }
    }
    return visits;
  }

  /**
   * Gives every user present in an active channel the status their access gives them (a channel
   * resumed after a freeze). Visits are left to the next scan.
   */
  statusAll(record: ChannelRecord): void {
    const { network, accounts, store } = this.deps;
    for (const uid of network.channelMembers(record.name)) {
      const account = this.eligible(accounts.accountOf(uid));
      const entry = account ? store.accessOf(record.id, account.id) : undefined;
      if (entry) this.autoStatus(record.name, uid, entry.level);
    }
  }

  /** X2 tells a user who joined a suspended channel why it does not act there (not again for a while). */
  private tellSuspended(record: ChannelRecord, uid: string): void {
    const now = this.deps.clock.now();
    const key = `${record.id} ${uid}`;
    const last = this.toldSuspended.get(key);
    if (last !== undefined && now - last < SUSPENDED_NOTICE_MS) return;
    if (this.toldSuspended.size >= 10_000) {
      for (const [k, at] of this.toldSuspended) if (now - at >= SUSPENDED_NOTICE_MS) this.toldSuspended.delete(k);
      if (this.toldSuspended.size >= 10_000) this.toldSuspended.clear();
    }
    this.toldSuspended.set(key, now);
    this.deps.actions.notify(uid, { kind: "channel-suspended", channel: record.name, owner: this.ownerName(record) });
  }

  /** The account when it may visit: verified and not frozen (callers pass it as the store has it now). */
  private eligible(account: Account | null | undefined): Account | null {
    return account && account.status === "active" && !account.frozen ? account : null;
  }

  private visit(record: ChannelRecord, accountId: string): void {
    const { store, audit, config } = this.deps;
    const now = this.deps.clock.now();
    store.transaction(() => {
      store.touchAccess(record.id, accountId, now);
      store.visit(record.id, now);
      const after = config.channels.establish_visit_after;
      if (
        accountId === record.ownerId &&
        record.establishedAt === null &&
        record.registeredAt !== null &&
        now >= record.registeredAt + after &&
        store.establish(record.id, now)
      ) {
        record.establishedAt = now;
        audit.record({ actor: accountId, action: "channel.established", target: record.name, details: { id: record.id } });
      }
    });
  }

  private autoStatus(channel: string, uid: string, level: number): void {
    const { network, actions } = this.deps;
    const presence = network.presence(channel, uid);
    if (!presence) return;
    if (level >= OP) {
      if (!presence.op) actions.channelMode("x2", channel, "+o", [uid]);
    } else if (level >= VOICE && !presence.voice && !presence.op) {
      actions.channelMode("x2", channel, "+v", [uid]);
    }
  }
}
