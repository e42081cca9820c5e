/**
 * What a freeze of an account (src/services/lifecycle/freeze) does to channels, as operations of
 * the channels domain: the account's access entries taken whole and put back, and the channels
 * only it could manage suspended and resumed. Each change runs inside the caller's transaction
 * (the freeze is one transaction) with its audit row; what the network must see (X2 leaving or
 * coming back) is returned as an effect for the caller to run after the commit.
 *
 * Whether a channel is suspended is the freeze records' to say (the ChannelSuspensions port): a
 * suspended channel keeps its registration, its owner and every other access entry, but X2 parts
 * it and does not act there until it is resumed. X2 leaves rather than sitting there inert: an
 * opped X2 that does nothing looks like services still running the channel (users would ask it for
 * ops and wait for auto-op in vain); its part message says what happened, and whoever joins later
 * or asks X2 about the channel is told (visits.ts, access.ts).
 */
import type { AuditLog } from "../audit.js";
import { COOWNER } from "./levels.js";
import type { AccessEntry, ChannelRecord, ChannelState } from "./records.js";
import type { NetworkActions } from "../ports.js";
import type { ChannelAccounts, ChannelDeps } from "./types.js";
import type { ChannelVisits } from "./visits.js";

/** An access entry a freeze took away, as its record keeps it (everything needed to put it back as it was). */
export interface TakenAccess {
  channelId: number;
  channelName: string;
  level: number;
  addedBy: string;
  addedAt: number;
  lastSeenAt: number | null;
}

/** What became of an access entry UNFREEZE tried to put back. */
export type AccessRestore =
  | { kind: "restored" }
  /** The registration is no longer live (dropped, expired, unregistered...) or its row is gone. */
  | { kind: "channel-ended"; state: ChannelState | null; endedAt: number | null; reason: string | null }
  /** Someone gave the account access there again meanwhile: their entry stays. */
  | { kind: "entry-changed"; level: number; addedBy: string; addedAt: number };

/** Runs after the caller's commit: what the network must see. */
export type AfterCommit = () => void;

/**
 * Only the effects (run after the commit) reach the network; the Atheme import, which writes with
 * the services stopped, takes a freeze with offline stand-ins and never runs them.
 */
export type FreezingDeps = Pick<ChannelDeps, "store" | "audit"> & {
  accounts: Pick<ChannelAccounts, "byId">;
  actions: Pick<NetworkActions, "joinChannel" | "partChannel">;
  visits: Pick<ChannelVisits, "statusAll">;
};

export class ChannelFreezing {
  constructor(private readonly deps: FreezingDeps) {}

  /**
   * Live channels (unverified or active) that only `accountId` can manage: it has owner or coowner
   * access there, and no other account with such access is verified and not frozen.
   */
  soleManagedBy(accountId: string): ChannelRecord[] {
    const { store, accounts } = this.deps;
    const out: ChannelRecord[] = [];
    for (const entry of store.liveAccessOf(accountId)) {
      if (entry.level < COOWNER) continue;
      const record = store.byId(entry.channelId);
      if (!record || (record.state !== "active" && record.state !== "unverified")) continue;
      const others = store.accessList(record.id).filter((e) => e.accountId !== accountId && e.level >= COOWNER);
      const manageable = others.some((e) => {
        const other = accounts.byId(e.accountId);
        return other !== undefined && other.status === "active" && !other.frozen;
      });
      if (!manageable) out.push(record);
    }
    return out;
  }

  /** Removes every access entry of the account in live registrations (caller's transaction; each audited). */
  takeAccess(accountId: string, by: string, freezeId: number): TakenAccess[] {
    const { store, audit } = this.deps;
    const taken: TakenAccess[] = [];
    for (const entry of store.liveAccessOf(accountId)) {
      store.removeAccess(entry.channelId, accountId);
      audit.record({
        actor: by,
        action: "channel.access.frozen",
        target: entry.channelName,
        details: { account: accountId, level: entry.level, freeze: freezeId },
      });
      taken.push(copy(entry));
    }
    return taken;
  }

  /**
   * Puts a taken entry back as it was, when the registration is still live and the account has no
   * entry there now (caller's transaction; audited). Otherwise says why not, changing nothing.
   */
  restoreAccess(accountId: string, saved: TakenAccess, by: string, freezeId: number): AccessRestore {
    const { store, audit } = this.deps;
    const record = store.byId(saved.channelId);
    if (!record || (record.state !== "active" && record.state !== "unverified")) {
      return { kind: "channel-ended", state: record?.state ?? null, endedAt: record?.endedAt ?? null, reason: record?.endReason ?? null };
    }
    const now = store.accessOf(record.id, accountId);
    if (now) return { kind: "entry-changed", level: now.level, addedBy: now.addedBy, addedAt: now.addedAt };
    store.addWholeAccess({ ...saved, accountId });
    audit.record({ actor: by, action: "channel.access.restored", target: record.name, details: { account: accountId, level: saved.level, freeze: freezeId } });
    return { kind: "restored" };
  }

  /** Audits the suspension of a channel (caller's transaction); the effect has X2 leave it. */
  suspend(record: ChannelRecord, accountId: string, by: string, freezeId: number): AfterCommit {
    recordChange(this.deps.audit, by, "channel.suspended", record, { account: accountId, freeze: freezeId });
    return () => this.deps.actions.partChannel("x2", record.name, { kind: "channel-suspended" });
  }

  /**
   * Audits the end of a channel's suspension (caller's transaction); the effect has X2 join it
   * again with op and give the users present their status by access level.
   */
  resume(record: ChannelRecord, by: string, freezeId: number): AfterCommit {
    recordChange(this.deps.audit, by, "channel.resumed", record, { freeze: freezeId });
    return () => {
      const live = this.deps.store.byId(record.id);
      if (!live || (live.state !== "active" && live.state !== "unverified")) return;
      this.deps.actions.joinChannel("x2", live.name, live.ts ?? undefined);
      if (live.state === "active") this.deps.visits.statusAll(live);
    };
  }

  /** A registration by id (live or ended), or undefined when there is no such row. */
  byId(id: number): ChannelRecord | undefined {
    return this.deps.store.byId(id);
  }
}

function copy(entry: AccessEntry & { channelName: string }): TakenAccess {
  return {
    channelId: entry.channelId,
    channelName: entry.channelName,
    level: entry.level,
    addedBy: entry.addedBy,
    addedAt: entry.addedAt,
    lastSeenAt: entry.lastSeenAt,
  };
}

function recordChange(audit: AuditLog, by: string, action: string, record: ChannelRecord, details: Record<string, unknown>): void {
  audit.record({ actor: by, action, target: record.name, details: { id: record.id, ...details } });
}
