/**
 * Visits and automatic status: who with access is present in a registered channel.
 *
 * A visit is an account with access, logged in, verified and not frozen (docs/architecture.md §5: unverified
 * is inert), present in the channel. It is recorded when such a user joins, when they log in
 * while in the channel, and on every maintenance run for everyone present. The owner's first
 * visit `establish_visit_after` or more after registration establishes the channel.
 */
import type { Account } from "../accounts/store.js";
import { OP, VOICE } from "./levels.js";
import type { ChannelRecord } from "./store.js";
import type { ChannelDeps } from "./types.js";

export type VisitsDeps = Pick<ChannelDeps, "store" | "accounts" | "audit" | "clock" | "config" | "network" | "actions">;

export class ChannelVisits {
  constructor(private readonly deps: VisitsDeps) {}

  /** A user joined a channel: record the visit, and op or voice them by level unless the join is part of a burst. */
  onJoin(name: string, uid: string, duringBurst: boolean): void {
    const record = this.deps.store.live(name);
    if (!record || record.state !== "active") return;
    const account = this.eligible(this.deps.accounts.accountOf(uid));
    if (!account) return;
    const entry = this.deps.store.accessOf(record.id, account.id);
    if (!entry) return;
    this.visit(record, account.id);
    if (!duringBurst) this.autoStatus(record.name, uid, entry.level);
  }

  /**
   * A user logged in: every active channel where the account has access and the user is present
   * gets a visit and the user their status. `account` is as the store has it now.
   */
  onLogin(account: Account, uid: string, duringBurst: boolean): void {
    if (!this.eligible(account)) return;
    const { network, store } = this.deps;
    for (const { channel, level } of store.accessForAccount(account.id)) {
      if (channel.state !== "active" || !network.presence(channel.name, uid)) continue;
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
    for (const record of store.active()) {
      for (const uid of network.channelMembers(record.name)) {
        const account = eligibleAccount(uid);
        if (!account || !store.accessOf(record.id, account.id)) continue;
        this.visit(record, account.id);
        visits++;
      }
    }
    return visits;
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
