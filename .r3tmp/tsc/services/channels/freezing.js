import { COOWNER } from "./levels.js";
export class ChannelFreezing {
    deps;
    constructor(deps) {
        this.deps = deps;
    }
    /**
     * Live channels (unverified or active) that only `accountId` can manage: it has owner or coowner
     * access there, and no other account with such access is verified and not frozen.
     */
    soleManagedBy(accountId) {
        const { store, accounts } = this.deps;
        const out = [];
        for (const entry of store.liveAccessOf(accountId)) {
            if (entry.level < COOWNER)
                continue;
            const record = store.byId(entry.channelId);
            if (!record || (record.state !== "active" && record.state !== "unverified"))
                continue;
            const others = store.accessList(record.id).filter((e) => e.accountId !== accountId && e.level >= COOWNER);
            const manageable = others.some((e) => {
                const other = accounts.byId(e.accountId);
                return other !== undefined && other.status === "active" && !other.frozen;
            });
            if (!manageable)
                out.push(record);
        }
        return out;
    }
    /** Removes every access entry of the account in live registrations (caller's transaction; each audited). */
    takeAccess(accountId, by, freezeId) {
        const { store, audit } = this.deps;
        const taken = [];
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
    restoreAccess(accountId, saved, by, freezeId) {
        const { store, audit } = this.deps;
        const record = store.byId(saved.channelId);
        if (!record || (record.state !== "active" && record.state !== "unverified")) {
            return { kind: "channel-ended", state: record?.state ?? null, endedAt: record?.endedAt ?? null, reason: record?.endReason ?? null };
        }
        const now = store.accessOf(record.id, accountId);
        if (now)
            return { kind: "entry-changed", level: now.level, addedBy: now.addedBy, addedAt: now.addedAt };
        store.addWholeAccess({ ...saved, accountId });
        audit.record({ actor: by, action: "channel.access.restored", target: record.name, details: { account: accountId, level: saved.level, freeze: freezeId } });
        return { kind: "restored" };
    }
    /** Audits the suspension of a channel (caller's transaction); the effect has X2 leave it. */
    suspend(record, accountId, by, freezeId) {
        recordChange(this.deps.audit, by, "channel.suspended", record, { account: accountId, freeze: freezeId });
        return () => this.deps.actions.partChannel("x2", record.name, { kind: "channel-suspended" });
    }
    /**
     * Audits the end of a channel's suspension (caller's transaction); the effect has X2 join it
     * again with op and give the users present their status by access level.
     */
    resume(record, by, freezeId) {
        recordChange(this.deps.audit, by, "channel.resumed", record, { freeze: freezeId });
        return () => {
            const live = this.deps.store.byId(record.id);
            if (!live || (live.state !== "active" && live.state !== "unverified"))
                return;
            this.deps.actions.joinChannel("x2", live.name, live.ts ?? undefined);
            if (live.state === "active")
                this.deps.visits.statusAll(live);
        };
    }
    /** A registration by id (live or ended), or undefined when there is no such row. */
    byId(id) {
        return this.deps.store.byId(id);
    }
}
function copy(entry) {
    return {
        channelId: entry.channelId,
        channelName: entry.channelName,
        level: entry.level,
        addedBy: entry.addedBy,
        addedAt: entry.addedAt,
        lastSeenAt: entry.lastSeenAt,
    };
}
function recordChange(audit, by, action, record, details) {
    audit.record({ actor: by, action, target: record.name, details: { id: record.id, ...details } });
}
//# sourceMappingURL=freezing.js.map