/**
 * The channels domain's part of an account deletion (issue 18; src/services/lifecycle/deletion):
 * the registrations the account owns go to their successor or are dropped, its access entries
 * elsewhere are removed, and the connection details of the registrations it made are emptied.
 * Everything runs inside the caller's transaction; X2 leaving, mail cancelled and the successor
 * told happen after the commit.
 */
import { OWNER } from "./levels.js";
import type { AccessEntry, ChannelRecord } from "./records.js";
import { mailRef, type ChannelDeps } from "./types.js";

export interface SuccessionDeps extends Pick<ChannelDeps, "store" | "accounts" | "audit" | "clock" | "mail" | "network" | "actions" | "suspensions"> {
  /** A registration ended: a confirmation code waiting for it is void. */
  ended(id: number): void;
  /** Gives the users present in an active channel their status by access level (X2 back in it). */
  statusAll(record: ChannelRecord): void;
}

/** What becomes of each live registration the account owns: a successor's entity ID, or null to drop it. */
export type OwnedChannelPlan = ReadonlyMap<number, string | null>;

export interface Released {
  succeeded: Array<{ id: number; channel: string; successor: string }>;
  dropped: Array<{ id: number; channel: string }>;
  accessRemoved: Array<{ channel: string; level: number }>;
}

export class Succession {
  constructor(private readonly deps: SuccessionDeps) {}

  /** Live registrations the account owns (held, unverified or active). */
  owned(accountId: string): ChannelRecord[] {
    return this.deps.store.ownedLive(accountId);
  }

  /** Live channels where the account has access, with its level (its own channels included). */
  accessHeld(accountId: string): Array<{ channel: ChannelRecord; level: number }> {
    return this.deps.store.accessForAccount(accountId);
  }

  /** The access list of a registration, highest level first (succession candidates). */
  accessEntries(channelId: number): AccessEntry[] {
    return this.deps.store.accessList(channelId);
  }

  /**
   * Hands over or drops every live registration the account owns, as `plan` says (a registration
   * the plan does not cover is a bug: it throws, and the caller's transaction rolls back), then
   * removes its remaining access entries; each change audited with `caseNumber`. Returns what was
   * done and the effects for after the commit.
   */
  releaseInTransaction(accountId: string, plan: OwnedChannelPlan, caseNumber: string, by: string): { released: Released; afterCommit: () => void } {
    const { store, audit, accounts } = this.deps;
    const now = this.deps.clock.now();
    const released: Released = { succeeded: [], dropped: [], accessRemoved: [] };
    const effects: Array<() => void> = [];
    for (const record of store.ownedLive(accountId)) {
      if (!plan.has(record.id)) throw new Error(`deletion ${caseNumber}: no plan for ${record.name}`);
      // Suspended by the account's freeze (X2 left it): the freeze record goes with the account.
      const suspended = this.deps.suspensions.isSuspended(record.id);
      const successorId = plan.get(record.id) ?? null;
      const successor = successorId ? accounts.byId(successorId) : undefined;
      if (successorId && (!successor || successor.status !== "active" || record.state !== "active")) {
        throw new Error(`deletion ${caseNumber}: ${successorId} cannot succeed to ${record.name}`);
      }
      if (successor) {
        if (!store.transferOwner(record.id, accountId, successor.id, successor.email, successor.emailCanonical)) {
          throw new Error(`deletion ${caseNumber}: the owner of ${record.name} changed meanwhile`);
        }
        store.removeAccess(record.id, accountId);
        if (store.accessOf(record.id, successor.id)) store.setLevel(record.id, successor.id, OWNER);
        else store.addAccess(record.id, successor.id, OWNER, "system", now);
        audit.record({ actor: by, action: "channel.succession", target: record.name, details: { id: record.id, from: accountId, to: successor.id, case: caseNumber } });
        released.succeeded.push({ id: record.id, channel: record.name, successor: successor.id });
        effects.push(() => {
          if (suspended) this.rejoin(record.id);
          this.tellSuccessor(record.name, successor.id);
        });
        continue;
      }
      if (!store.end(record.id, "dropped", now, `owner account deleted (case ${caseNumber})`)) {
        throw new Error(`deletion ${caseNumber}: ${record.name} ended meanwhile`);
      }
      audit.record({ actor: by, action: "channel.dropped", target: record.name, details: { id: record.id, reason: "owner deleted", case: caseNumber } });
      released.dropped.push({ id: record.id, channel: record.name });
      effects.push(() => this.afterDrop(record, suspended));
    }
    for (const { channel, level } of store.accessForAccount(accountId)) {
      audit.record({ actor: by, action: "channel.access.del", target: channel.name, details: { account: accountId, level, case: caseNumber } });
      released.accessRemoved.push({ channel: channel.name, level });
    }
    store.removeAllAccess(accountId);
    return { released, afterCommit: () => effects.forEach((effect) => effect()) };
  }

  /** Empties the connection details of the registrations the account made (nick, ident, host, IP). Inside the caller's transaction. */
  scrubRegistrantInTransaction(accountId: string): number {
    return this.deps.store.scrubRegistrant(accountId);
  }

  private afterDrop(record: ChannelRecord, suspended: boolean): void {
    this.deps.ended(record.id);
    this.deps.mail.cancel(mailRef(record.id));
    if (record.state !== "held" && !suspended) this.deps.actions.partChannel("x2", record.name, { kind: "channel-ended", state: "dropped" });
  }

  /** A suspended channel handed over is no longer suspended: X2 joins again and gives the users present their status. */
  private rejoin(id: number): void {
    const live = this.deps.store.byId(id);
    if (!live || live.state !== "active") return;
    this.deps.actions.joinChannel("x2", live.name, live.ts ?? undefined);
    this.deps.statusAll(live);
  }

  private tellSuccessor(channel: string, successorId: string): void {
    for (const user of this.deps.network.usersOnAccount(successorId)) this.deps.actions.notify(user.uid, { kind: "channel-inherited", channel });
  }
}
