/**
 * The end of a registration (review, UNREGISTER, expiry, its owner account dropped): the state,
 * the access list, the queued mail, X2 leaving, and the account X2 made for it, which lives and
 * dies with its channel (docs/architecture.md §3). Also how the people concerned are told.
 */
import type { UserMessage } from "../messages.js";
import type { ChannelDeps } from "./types.js";
import { mailRef } from "./types.js";
import type { ChannelRecord, EndState } from "./records.js";

export interface LifecycleDeps extends Pick<ChannelDeps, "store" | "accounts" | "mail" | "clock" | "network" | "actions"> {
  /** A registration ended: a confirmation code waiting for it is void, and X2's kicks there forgotten. */
  ended(record: ChannelRecord): void;
}

export interface Ended {
  ended: boolean;
  accountDropped: boolean;
}

export class Lifecycle {
  constructor(private readonly deps: LifecycleDeps) {}

  /**
   * Ends a live registration: state, access list removed, queued mail cancelled, X2 parts, and an
   * account X2 created for it dropped while it is still unverified and owns nothing else.
   * `inTransaction` runs with the state change (the caller's audit row, a list entry).
   */
  endChannel(record: ChannelRecord, state: EndState, reason: string, by: string, inTransaction?: () => void): Ended {
    const { store, mail, actions } = this.deps;
    const ended = store.transaction(() => {
      if (!store.end(record.id, state, this.deps.clock.now(), reason.slice(0, 300))) return false;
      inTransaction?.();
      return true;
    });
    if (!ended) return { ended: false, accountDropped: false };
    this.deps.ended(record);
    mail.cancel(mailRef(record.id));
    if (record.state !== "held") actions.partChannel("x2", record.name, { kind: "channel-ended", state });
    const accountDropped = record.accountCreated && record.ownerId !== null && this.dropCreatedAccount(record.ownerId, `its channel ${record.name} was ${state}`, by);
    return { ended: true, accountDropped };
  }

  /** Drops an account X2 made for a registration while it is still unverified and owns nothing (docs/architecture.md §3: it lives and dies with its channel). */
  dropCreatedAccount(accountId: string, reason: string, by: string): boolean {
    const { store, accounts } = this.deps;
    const owner = accounts.byId(accountId);
    if (!owner || owner.status !== "unverified" || owner.origin !== "x2") return false;
    if (store.ownedLive(owner.id).length > 0 || store.accessCount(owner.id) > 0) return false;
    return accounts.drop(owner.id, reason, by);
  }

  /** An account is gone: registrations it owned that are not active go with it; active ones nobody can manage any more are dropped. */
  accountDropped(accountId: string, reason: string): void {
    const { store } = this.deps;
    for (const record of store.ownedLive(accountId)) {
      if (record.state === "active" && store.accessList(record.id).length > 0) continue;
      this.endChannel(record, "dropped", `owner account dropped (${reason})`, "system");
    }
  }

  /** Tells the registrant of a request: by uid while that connection lasts, else their owner account's users, else their nick from the same user@host. */
  tellRegistrant(record: ChannelRecord, message: UserMessage): void {
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
    for (const uid of uids) actions.notify(uid, message);
  }

  /** Tells the owner's online users. */
  tellOwner(record: ChannelRecord, message: UserMessage): void {
    if (!record.ownerId) return;
    for (const user of this.deps.network.usersOnAccount(record.ownerId)) this.deps.actions.notify(user.uid, message);
  }
}
