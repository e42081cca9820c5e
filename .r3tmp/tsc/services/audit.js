import { rfc1459Fold } from "../util/casefold.js";
const querySql = (column) => ({
    page: `SELECT id, at, actor, action, target, details FROM audit_log WHERE ${column} = ? AND at >= ? ORDER BY at DESC, id DESC LIMIT ? OFFSET ?`,
    count: `SELECT count(*) AS n FROM audit_log WHERE ${column} = ? AND at >= ?`,
});
/** The audit queries; each reads one index of migration 0012 backwards: no scan, no sort. */
export const AUDIT_QUERY_SQL = { target: querySql("target_key"), actor: querySql("actor") };
/**
 * Append-only log of every state change and who made it. Entries are never deleted, reordered or
 * given other meanings. The one sanctioned rewrite is the erasure of a deleted account's personal
 * values (issue 18, src/services/lifecycle/deletion): its names and addresses in old entries are
 * replaced by its entity ID and its case pseudonym, and the connection details of its own entries
 * (IP, host, masks) are removed, in the execution's transaction, which records that it did so
 * (deletion.scrubbed, with counts only). Entries name accounts by entity ID in actor and target,
 * so that the log keeps its meaning after a scrub.
 */
export class AuditLog {
    clock;
    insert;
    pageByTarget;
    pageByActor;
    countByTarget;
    countByActor;
    countByActorElsewhere;
    lastByActor;
    lastByActorActions;
    removeConnectionData;
    constructor(db, clock) {
        this.clock = clock;
        this.insert = db.prepare("INSERT INTO audit_log (at, actor, action, target, details) VALUES (?, ?, ?, ?, ?)");
        this.pageByTarget = db.prepare(AUDIT_QUERY_SQL.target.page);
        this.pageByActor = db.prepare(AUDIT_QUERY_SQL.actor.page);
        this.countByTarget = db.prepare(AUDIT_QUERY_SQL.target.count);
        this.countByActor = db.prepare(AUDIT_QUERY_SQL.actor.count);
        this.countByActorElsewhere = db.prepare("SELECT count(*) AS n FROM audit_log WHERE actor = ? AND coalesce(target, '') <> ?");
        this.lastByActor = db.prepare("SELECT max(at) AS at FROM audit_log WHERE actor = ? AND coalesce(target, '') <> ?");
        this.lastByActorActions = db.prepare("SELECT max(at) AS at FROM audit_log WHERE actor = ? AND action IN (SELECT value FROM json_each(?))");
        this.removeConnectionData = db.prepare(`UPDATE audit_log SET details = json_remove(details, '$.ip', '$.host', '$.ident', '$.mask', '$.realMask', '$.killed')
       WHERE (target_key = ? OR actor = ?) AND details IS NOT NULL AND json_valid(details)`);
    }
    record(entry) {
        const details = entry.details === undefined ? null : JSON.stringify(entry.details);
        this.insert.run(this.clock.now(), entry.actor, entry.action, entry.target ?? null, details);
    }
    /** The newest entries about `target`, newest first. */
    forTarget(target, limit = 100) {
        return this.query({ by: "target", key: target, limit }).entries;
    }
    /** One page of entries about a target or by an actor, newest first, with the number matching in all. */
    query(q) {
        const since = q.since ?? Number.MIN_SAFE_INTEGER;
        const key = q.by === "target" ? rfc1459Fold(q.key) : q.key;
        const [page, count] = q.by === "target" ? [this.pageByTarget, this.countByTarget] : [this.pageByActor, this.countByActor];
        const rows = page.all(key, since, q.limit, q.offset ?? 0);
        return { entries: rows.map(toEntry), total: count.get(key, since)?.n ?? 0 };
    }
    /** The newest entries made by `actor`, newest first. */
    byActor(actor, limit = 100) {
        return this.query({ by: "actor", key: actor, limit }).entries;
    }
    /** How many entries are about `id`, and how many it made about something else. */
    counts(id) {
        const all = Number.MIN_SAFE_INTEGER;
        return { about: this.countByTarget.get(rfc1459Fold(id), all)?.n ?? 0, by: this.countByActorElsewhere.get(id, id)?.n ?? 0 };
    }
    /** When `actor` last made an entry about something else than itself, or (with `actions`) one of those actions; null when never. */
    lastActionBy(actor, actions) {
        const row = actions ? this.lastByActorActions.get(actor, JSON.stringify(actions)) : this.lastByActor.get(actor, actor);
        return row?.at ?? null;
    }
    /**
     * Deletion only (see the class comment): removes the connection details (IP, host, ident,
     * masks, uids) from the entries about or by `entityId`. Returns how many entries changed.
     */
    removeConnectionDetails(entityId) {
        return this.removeConnectionData.run(rfc1459Fold(entityId), entityId).changes;
    }
}
function toEntry(row) {
    return {
        id: row.id,
        at: row.at,
        actor: row.actor,
        action: row.action,
        target: row.target,
        details: row.details === null ? null : JSON.parse(row.details),
    };
}
//# sourceMappingURL=audit.js.map