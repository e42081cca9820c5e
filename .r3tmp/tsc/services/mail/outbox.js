import { mapRow } from "../../db/rows.js";
import { canonicalEmail, validateEmail } from "./address.js";
import { isMailTemplate, renderMail } from "./templates.js";
export const HOUR_MS = 3_600_000;
export const OUTBOX_STATUSES = ["queued", "sending", "sent", "failed", "cancelled"];
export const MAIL_PRIORITIES = ["urgent", "bulk"];
const COLUMNS = "id, template, recipient, data, ref, priority, not_before, status, attempts, last_error, created_at, sent_at, message_id";
const toRow = (r) => ({
    id: r.id,
    template: r.template,
    recipient: r.recipient,
    data: JSON.parse(r.data),
    ref: r.ref,
    priority: r.priority === BULK ? "bulk" : "urgent",
    notBefore: r.not_before,
    status: r.status,
    attempts: r.attempts,
    lastError: r.last_error,
    createdAt: r.created_at,
    sentAt: r.sent_at,
    messageId: r.message_id,
});
/** mail_outbox.priority: 0 urgent, 1 bulk (served after urgent). */
const URGENT = 0;
const BULK = 1;
/**
 * How many bulk mails may be sent in a rolling hour: `bulk_share` of `per_hour`, rounded down,
 * but at least 1 unless the share is 0 (so that a small `per_hour` does not hold bulk mail forever).
 */
export function bulkBudget(config) {
    if (config.bulk_share <= 0)
        return 0;
    return Math.min(config.per_hour, Math.max(1, Math.floor(config.per_hour * config.bulk_share)));
}
/** The key of mail_failing_addresses. */
const failingKey = (address) => address.toLowerCase();
export class Outbox {
    clock;
    config;
    sInsert;
    sCancel;
    sGet;
    sDue;
    sInWindow;
    sMarkSending;
    sMarkSent;
    sMarkRetry;
    sMarkFailed;
    sMarkWaiting;
    sRecover;
    sPending;
    sPendingRef;
    sStats;
    sPendingByPriority;
    sPurge;
    sFailingGet;
    sFailingUpsert;
    sFailingDelete;
    sCancelTo;
    sHistory;
    sForget;
    tCancel;
    tForget;
    tSent;
    tFailed;
    constructor(db, clock, config) {
        this.clock = clock;
        this.config = config;
        this.sInsert = db.prepare(`INSERT INTO mail_outbox (template, recipient, data, ref, priority, not_before, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)`);
        this.sCancel = db.prepare("UPDATE mail_outbox SET status = 'cancelled', data = '{}' WHERE ref = ? AND status = 'queued'");
        this.sGet = db.prepare(`SELECT ${COLUMNS} FROM mail_outbox WHERE id = ?`);
        this.sDue = db.prepare(`SELECT ${COLUMNS} FROM mail_outbox WHERE status = 'queued' AND not_before <= ? ORDER BY priority, not_before, id`);
        this.sInWindow = db.prepare(`SELECT recipient, priority FROM mail_outbox WHERE status = 'sent' AND sent_at > ?
       UNION ALL SELECT recipient, priority FROM mail_outbox WHERE status = 'sending'`);
        this.sMarkSending = db.prepare("UPDATE mail_outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ? AND status = 'queued'");
        this.sMarkSent = db.prepare(`UPDATE mail_outbox SET status = 'sent', sent_at = ?, message_id = ?, last_error = NULL, data = '{}'
       WHERE id = ? AND status = 'sending'`);
        this.sMarkRetry = db.prepare("UPDATE mail_outbox SET status = 'queued', not_before = ?, last_error = ? WHERE id = ? AND status = 'sending'");
        this.sMarkFailed = db.prepare("UPDATE mail_outbox SET status = 'failed', last_error = ?, data = '{}' WHERE id = ? AND status IN ('sending', 'queued')");
        this.sMarkWaiting = db.prepare("UPDATE mail_outbox SET status = 'queued', attempts = max(0, attempts - 1), last_error = ? WHERE id = ? AND status = 'sending'");
        this.sRecover = db.prepare("UPDATE mail_outbox SET status = 'queued' WHERE status = 'sending'");
        this.sPending = db.prepare(`SELECT ${COLUMNS} FROM mail_outbox WHERE status IN ('queued', 'sending') ORDER BY not_before, id`);
        this.sPendingRef = db.prepare(`SELECT ${COLUMNS} FROM mail_outbox WHERE ref = ? AND status IN ('queued', 'sending') ORDER BY not_before, id`);
        this.sStats = db.prepare("SELECT status, count(*) AS n FROM mail_outbox GROUP BY status");
        this.sPendingByPriority = db.prepare("SELECT priority, count(*) AS n FROM mail_outbox WHERE status IN ('queued', 'sending') GROUP BY priority");
        this.sPurge = db.prepare(`DELETE FROM mail_outbox WHERE status IN ('sent', 'failed', 'cancelled')
       AND max(created_at, coalesce(sent_at, 0), not_before) < ?`);
        this.sFailingGet = db.prepare("SELECT address, first_failed_at, last_failed_at, reply FROM mail_failing_addresses WHERE address = ?");
        this.sFailingUpsert = db.prepare(`INSERT INTO mail_failing_addresses (address, first_failed_at, last_failed_at, reply) VALUES (?, ?, ?, ?)
       ON CONFLICT (address) DO UPDATE SET last_failed_at = excluded.last_failed_at, reply = excluded.reply`);
        this.sFailingDelete = db.prepare("DELETE FROM mail_failing_addresses WHERE address = ?");
        this.sCancelTo = db.prepare("UPDATE mail_outbox SET status = 'cancelled', data = '{}' WHERE recipient = ? AND status = 'queued'");
        this.sHistory = db.prepare("SELECT id, template, status, created_at, sent_at FROM mail_outbox WHERE recipient = ? ORDER BY id");
        this.sForget = db.prepare("UPDATE mail_outbox SET recipient = ?, last_error = ?, data = '{}' WHERE id = ? AND status IN ('sent', 'failed', 'cancelled')");
        this.tCancel = db.transaction((ref) => this.sCancel.run(ref).changes);
        this.tForget = db.transaction((id, replacement, forgetFailing) => {
            const row = this.sGet.get(id);
            if (!row || row.status === "queued" || row.status === "sending")
                return false;
            const lastError = row.last_error === null ? null : row.last_error.split(row.recipient).join(replacement);
            this.sForget.run(replacement, lastError, id);
            if (forgetFailing)
                this.sFailingDelete.run(failingKey(row.recipient));
            return true;
        });
        this.tSent = db.transaction((id, messageId) => {
            const row = this.sGet.get(id);
            if (!row || row.status !== "sending")
                return;
            this.sMarkSent.run(this.clock.now(), messageId, id);
            this.sFailingDelete.run(failingKey(row.recipient));
        });
        this.tFailed = db.transaction((id, error, permanent) => {
            const row = this.sGet.get(id);
            if (!row)
                return;
            this.sMarkFailed.run(error, id);
            if (permanent) {
                const now = this.clock.now();
                this.sFailingUpsert.run(failingKey(row.recipient), now, now, error);
            }
        });
    }
    /**
     * Queues a mail and returns its id. The caller has validated the address and built the data:
     * an invalid address, an unknown template or missing template data throws.
     */
    enqueue(m) {
        if (!isMailTemplate(m.template))
            throw new Error(`Outbox.enqueue: unknown mail template ${String(m.template)}`);
        const address = validateEmail(m.to);
        if (!address.ok)
            throw new Error(`Outbox.enqueue: invalid recipient address (${address.error.kind})`);
        const delay = m.delayMs ?? 0;
        if (!Number.isFinite(delay) || delay < 0)
            throw new Error(`Outbox.enqueue: delayMs must be 0 or more, got ${delay}`);
        const priority = m.priority ?? "urgent";
        if (!MAIL_PRIORITIES.includes(priority))
            throw new Error(`Outbox.enqueue: unknown priority ${String(priority)}`);
        // Render once now so that a missing data key fails where the mail is queued, not later.
        renderMail(m.template, m.data, this.config, this.clock.now());
        const now = this.clock.now();
        const info = this.sInsert.run(m.template, address.value, JSON.stringify(m.data), m.ref ?? null, priority === "bulk" ? BULK : URGENT, now + Math.round(delay), now);
        return Number(info.lastInsertRowid);
    }
    /** Cancels the queued mails of `ref`; mails being sent or already sent are untouched. */
    cancel(ref) {
        return this.tCancel(ref);
    }
    /** Cancels every mail still queued for `address` (as validated); its data is emptied. Returns how many. */
    cancelTo(address) {
        return this.sCancelTo.run(address).changes;
    }
    /** Every mail to `address` still in the outbox, oldest first, without its data. */
    historyFor(address) {
        return this.sHistory.all(address).map((r) => ({ id: r.id, template: r.template, status: r.status, createdAt: r.created_at, sentAt: r.sent_at }));
    }
    /**
     * A finished mail forgets its recipient: the address becomes `replacement` (also in the last
     * error) and the data is emptied; with `forgetFailing`, the address leaves the failing list
     * too. False while the mail is still queued or being sent (or unknown).
     */
    forgetRecipient(id, replacement, forgetFailing) {
        return this.tForget(id, replacement, forgetFailing);
    }
    get(id) {
        return mapRow(this.sGet.get(id), toRow);
    }
    /**
     * Up to `limit` queued mails whose time has come, urgent ones first, then oldest first,
     * skipping those the rate limits hold back: at most `per_address_per_hour` to one (canonical)
     * recipient and `per_hour` overall in any rolling hour, of which at most bulkBudget(config)
     * bulk mails, counting mails sent and being sent. Skipped mails stay queued.
     */
    due(limit) {
        if (limit <= 0)
            return [];
        const now = this.clock.now();
        const perAddress = new Map();
        let total = 0;
        let bulk = 0;
        for (const { recipient, priority } of this.sInWindow.all(now - HOUR_MS)) {
            total += 1;
            if (priority === BULK)
                bulk += 1;
            const key = canonicalEmail(recipient);
            perAddress.set(key, (perAddress.get(key) ?? 0) + 1);
        }
        const bulkLimit = bulkBudget(this.config);
        const picked = [];
        if (total >= this.config.per_hour)
            return picked;
        for (const row of this.sDue.iterate(now)) {
            // Rows come urgent first: the first bulk row over its budget ends the run.
            if (row.priority === BULK && bulk >= bulkLimit)
                break;
            const key = canonicalEmail(row.recipient);
            const count = perAddress.get(key) ?? 0;
            if (count >= this.config.per_address_per_hour)
                continue;
            perAddress.set(key, count + 1);
            total += 1;
            if (row.priority === BULK)
                bulk += 1;
            picked.push(toRow(row));
            if (picked.length >= limit || total >= this.config.per_hour)
                break;
        }
        return picked;
    }
    /** Claims a queued mail for sending (counts an attempt). False when it is no longer queued. */
    markSending(id) {
        return this.sMarkSending.run(id).changes === 1;
    }
    /** The server accepted the mail. Also clears the recipient from the failing addresses. */
    markSent(id, messageId) {
        this.tSent(id, messageId);
    }
    /** A temporary failure: queued again, not before `notBefore`. */
    markRetry(id, error, notBefore) {
        this.sMarkRetry.run(notBefore, error, id);
    }
    /**
     * The mail server could not be used: queued again as it was, the attempt not counted (the
     * delivery loop pauses as a whole).
     */
    markWaiting(id, error) {
        this.sMarkWaiting.run(error, id);
    }
    /**
     * Given up; the data (codes, passwords) is emptied. With `permanent` (the server refused the address, 5xx) the recipient is recorded
     * as a failing address.
     */
    markFailed(id, error, opts = {}) {
        this.tFailed(id, error, opts.permanent ?? false);
    }
    /** After a crash mid-send: every `sending` row is queued again. Returns how many. */
    recoverSending() {
        return this.sRecover.run().changes;
    }
    /** Mails not yet sent (queued or being sent), of one ref or all, oldest first. */
    pending(ref) {
        const rows = ref === undefined ? this.sPending.all() : this.sPendingRef.all(ref);
        return rows.map(toRow);
    }
    /** Counts by status (every status present, 0 when none). */
    stats() {
        const stats = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0]));
        for (const { status, n } of this.sStats.all())
            stats[status] = n;
        return stats;
    }
    /** Mails not yet sent (queued or being sent) by priority class (every class present, 0 when none). */
    pendingByPriority() {
        const counts = Object.fromEntries(MAIL_PRIORITIES.map((p) => [p, 0]));
        for (const { priority, n } of this.sPendingByPriority.all())
            counts[priority === BULK ? "bulk" : "urgent"] += n;
        return counts;
    }
    /** Deletes sent, failed and cancelled mails finished more than `olderThanMs` ago. */
    purge(olderThanMs) {
        return this.sPurge.run(this.clock.now() - olderThanMs).changes;
    }
    /** True when a server refused mail to this address permanently (and none was accepted since). */
    isFailingAddress(address) {
        return this.sFailingGet.get(failingKey(address)) !== undefined;
    }
    failingAddress(address) {
        const row = this.sFailingGet.get(failingKey(address));
        return row
            ? { address: row.address, firstFailedAt: row.first_failed_at, lastFailedAt: row.last_failed_at, reply: row.reply }
            : undefined;
    }
}
//# sourceMappingURL=outbox.js.map