/**
 * The mail outbox: a table of mails to send, each with a time before which it is not sent, a
 * status and a count of attempts. Sending is MailDelivery's job; this module only decides what
 * is due (delays and the rolling-hour rate limits) and records what happened.
 *
 * Rows are never dropped for being over a limit: they stay queued until the window allows.
 * Once a mail is sent, cancelled or failed for good its data (which may hold a code or a
 * password) is emptied.
 *
 * Each mail has a priority class. `urgent` (the default: codes, passwords, registration,
 * rejections) is served first. `bulk` (expiry warnings and notices, queued by the thousand by
 * one expiry run) gets only what urgent mail leaves of `per_hour`, and at most `bulk_share` of
 * it, so that the rest of the hour stays free for urgent mail queued later.
 */
import type { Statement } from "better-sqlite3";
import type { Config } from "../../config/schema.js";
import type { Database } from "../../db/connection.js";
import { mapRow } from "../../db/rows.js";
import type { Clock } from "../../util/clock.js";
import { canonicalEmail, validateEmail, type AddressProblem } from "./address.js";
import { isMailTemplate, renderMail, type MailTemplate, type MailTemplateData } from "./templates.js";

export const HOUR_MS = 3_600_000;

export const OUTBOX_STATUSES = ["queued", "sending", "sent", "failed", "cancelled"] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

export const MAIL_PRIORITIES = ["urgent", "bulk"] as const;
export type MailPriority = (typeof MAIL_PRIORITIES)[number];

export interface OutboxRow {
  id: number;
  template: MailTemplate;
  recipient: string;
  data: Record<string, unknown>;
  ref: string | null;
  priority: MailPriority;
  /** ms since the Unix epoch. */
  notBefore: number;
  status: OutboxStatus;
  attempts: number;
  lastError: string | null;
  createdAt: number;
  sentAt: number | null;
  messageId: string | null;
}

export interface EnqueueRequest<T extends MailTemplate = MailTemplate> {
  template: T;
  /**
   * The recipient. An address Custodian's rules (validateEmail) refuse, such as one stored before
   * the rules or imported, is not an error: the mail is recorded as undeliverable (see enqueue).
   */
  to: string;
  data: MailTemplateData[T];
  /** What the mail belongs to ("chanreg:12"), so that cancel(ref) can take it back. */
  ref?: string;
  /** Not sent before now + delayMs (default 0). */
  delayMs?: number;
  /** "urgent" (the default) or "bulk" (mass mail such as expiry notices; see `due`). */
  priority?: MailPriority;
}

export type OutboxStats = Record<OutboxStatus, number>;

/** A queued mail: its outbox id and, when the address cannot be used, why (the mail is not sent). */
export interface QueuedMail {
  id: number;
  /** null: queued to be sent. Otherwise the rule the address breaks; the row is failed at once. */
  undeliverable: AddressProblem | null;
}

/**
 * What an audit record of the action that sent `queued` adds: nothing when the mail is queued,
 * else that it was undeliverable and why, so that the log shows the member was not told.
 */
export function undeliverableDetails(queued: QueuedMail): Record<string, string> {
  return queued.undeliverable === null ? {} : { mail: "undeliverable", addressProblem: queued.undeliverable.kind };
}

/**
 * Why a mail to `to` would be recorded undeliverable (the address rules refuse it), or null when it
 * would be queued. A request whose whole point is one mail (a code, an export) asks this first
 * and refuses, rather than record a mail that cannot go out.
 */
export function undeliverableTo(to: string): AddressProblem | null {
  const address = validateEmail(to);
  return address.ok ? null : address.error;
}

/** The last_error of a mail whose address the rules refuse (it never reaches the server). */
const UNDELIVERABLE_PREFIX = "undeliverable: the address does not pass the address rules";

export interface FailingAddress {
  address: string;
  firstFailedAt: number;
  lastFailedAt: number;
  reply: string | null;
}

interface DbRow {
  id: number;
  template: string;
  recipient: string;
  data: string;
  ref: string | null;
  priority: number;
  not_before: number;
  status: OutboxStatus;
  attempts: number;
  last_error: string | null;
  created_at: number;
  sent_at: number | null;
  message_id: string | null;
}

interface DbFailing {
  address: string;
  first_failed_at: number;
  last_failed_at: number;
  reply: string | null;
}

const COLUMNS =
  "id, template, recipient, data, ref, priority, not_before, status, attempts, last_error, created_at, sent_at, message_id";

const toRow = (r: DbRow): OutboxRow => ({
  id: r.id,
  template: r.template as MailTemplate,
  recipient: r.recipient,
  data: JSON.parse(r.data) as Record<string, unknown>,
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
export function bulkBudget(config: Pick<MailSettings, "per_hour" | "bulk_share">): number {
  if (config.bulk_share <= 0) return 0;
  return Math.min(config.per_hour, Math.max(1, Math.floor(config.per_hour * config.bulk_share)));
}

/** The key of mail_failing_addresses. */
const failingKey = (address: string): string => address.toLowerCase();

type MailSettings = Config["mail"];

export class Outbox {
  private readonly sInsert: Statement<[string, string, string, string | null, number, number, number]>;
  private readonly sInsertUndeliverable: Statement<[string, string, string | null, number, number, number, string]>;
  private readonly sCancel: Statement<[string]>;
  private readonly sGet: Statement<[number], DbRow>;
  private readonly sDue: Statement<[number], DbRow>;
  private readonly sInWindow: Statement<[number], { recipient: string; priority: number }>;
  private readonly sMarkSending: Statement<[number]>;
  private readonly sMarkSent: Statement<[number, string | null, number]>;
  private readonly sMarkRetry: Statement<[number, string, number]>;
  private readonly sMarkFailed: Statement<[string, number]>;
  private readonly sMarkWaiting: Statement<[string, number]>;
  private readonly sRecover: Statement<[]>;
  private readonly sPending: Statement<[], DbRow>;
  private readonly sPendingRef: Statement<[string], DbRow>;
  private readonly sStats: Statement<[], { status: OutboxStatus; n: number }>;
  private readonly sPendingByPriority: Statement<[], { priority: number; n: number }>;
  private readonly sPurge: Statement<[number]>;
  private readonly sFailingGet: Statement<[string], DbFailing>;
  private readonly sFailingUpsert: Statement<[string, number, number, string | null]>;
  private readonly sFailingDelete: Statement<[string]>;
  private readonly sCancelTo: Statement<[string]>;
  private readonly sHistory: Statement<[string], { id: number; template: string; status: OutboxStatus; created_at: number; sent_at: number | null }>;
  private readonly sForget: Statement<[string, string | null, number]>;
  private readonly tCancel: (ref: string) => number;
  private readonly tForget: (id: number, replacement: string, forgetFailing: boolean) => boolean;
  private readonly tSent: (id: number, messageId: string | null) => void;
  private readonly tFailed: (id: number, error: string, permanent: boolean) => void;

  constructor(
    db: Database,
    private readonly clock: Clock,
    private readonly config: MailSettings,
  ) {
    this.sInsert = db.prepare(
      `INSERT INTO mail_outbox (template, recipient, data, ref, priority, not_before, status, created_at)
       VALUES (?, ?, ?, ?, ?, ?, 'queued', ?)`,
    );
    // No data: the mail will never be rendered, and it may hold a code or a password.
    this.sInsertUndeliverable = db.prepare(
      `INSERT INTO mail_outbox (template, recipient, data, ref, priority, not_before, status, created_at, last_error)
       VALUES (?, ?, '{}', ?, ?, ?, 'failed', ?, ?)`,
    );
    this.sCancel = db.prepare(
      "UPDATE mail_outbox SET status = 'cancelled', data = '{}' WHERE ref = ? AND status = 'queued'",
    );
    this.sGet = db.prepare(`SELECT ${COLUMNS} FROM mail_outbox WHERE id = ?`);
    this.sDue = db.prepare(
      `SELECT ${COLUMNS} FROM mail_outbox WHERE status = 'queued' AND not_before <= ? ORDER BY priority, not_before, id`,
    );
    this.sInWindow = db.prepare(
      `SELECT recipient, priority FROM mail_outbox WHERE status = 'sent' AND sent_at > ?
       UNION ALL SELECT recipient, priority FROM mail_outbox WHERE status = 'sending'`,
    );
    this.sMarkSending = db.prepare(
      "UPDATE mail_outbox SET status = 'sending', attempts = attempts + 1 WHERE id = ? AND status = 'queued'",
    );
    this.sMarkSent = db.prepare(
      `UPDATE mail_outbox SET status = 'sent', sent_at = ?, message_id = ?, last_error = NULL, data = '{}'
       WHERE id = ? AND status = 'sending'`,
    );
    this.sMarkRetry = db.prepare(
      "UPDATE mail_outbox SET status = 'queued', not_before = ?, last_error = ? WHERE id = ? AND status = 'sending'",
    );
    this.sMarkFailed = db.prepare(
      "UPDATE mail_outbox SET status = 'failed', last_error = ?, data = '{}' WHERE id = ? AND status IN ('sending', 'queued')",
    );
    this.sMarkWaiting = db.prepare(
      "UPDATE mail_outbox SET status = 'queued', attempts = max(0, attempts - 1), last_error = ? WHERE id = ? AND status = 'sending'",
    );
    this.sRecover = db.prepare("UPDATE mail_outbox SET status = 'queued' WHERE status = 'sending'");
    this.sPending = db.prepare(
      `SELECT ${COLUMNS} FROM mail_outbox WHERE status IN ('queued', 'sending') ORDER BY not_before, id`,
    );
    this.sPendingRef = db.prepare(
      `SELECT ${COLUMNS} FROM mail_outbox WHERE ref = ? AND status IN ('queued', 'sending') ORDER BY not_before, id`,
    );
    this.sStats = db.prepare("SELECT status, count(*) AS n FROM mail_outbox GROUP BY status");
    this.sPendingByPriority = db.prepare(
      "SELECT priority, count(*) AS n FROM mail_outbox WHERE status IN ('queued', 'sending') GROUP BY priority",
    );
    this.sPurge = db.prepare(
      `DELETE FROM mail_outbox WHERE status IN ('sent', 'failed', 'cancelled')
       AND max(created_at, coalesce(sent_at, 0), not_before) < ?`,
    );
    this.sFailingGet = db.prepare(
      "SELECT address, first_failed_at, last_failed_at, reply FROM mail_failing_addresses WHERE address = ?",
    );
    this.sFailingUpsert = db.prepare(
      `INSERT INTO mail_failing_addresses (address, first_failed_at, last_failed_at, reply) VALUES (?, ?, ?, ?)
       ON CONFLICT (address) DO UPDATE SET last_failed_at = excluded.last_failed_at, reply = excluded.reply`,
    );
    this.sFailingDelete = db.prepare("DELETE FROM mail_failing_addresses WHERE address = ?");

    this.sCancelTo = db.prepare("UPDATE mail_outbox SET status = 'cancelled', data = '{}' WHERE recipient = ? AND status = 'queued'");
    this.sHistory = db.prepare("SELECT id, template, status, created_at, sent_at FROM mail_outbox WHERE recipient = ? ORDER BY id");
    this.sForget = db.prepare(
      "UPDATE mail_outbox SET recipient = ?, last_error = ?, data = '{}' WHERE id = ? AND status IN ('sent', 'failed', 'cancelled')",
    );

    this.tCancel = db.transaction((ref: string) => this.sCancel.run(ref).changes);
    this.tForget = db.transaction((id: number, replacement: string, forgetFailing: boolean) => {
      const row = this.sGet.get(id);
      if (!row || row.status === "queued" || row.status === "sending") return false;
      const lastError = row.last_error === null ? null : row.last_error.split(row.recipient).join(replacement);
      this.sForget.run(replacement, lastError, id);
      if (forgetFailing) this.sFailingDelete.run(failingKey(row.recipient));
      return true;
    });
    this.tSent = db.transaction((id: number, messageId: string | null) => {
      const row = this.sGet.get(id);
      if (!row || row.status !== "sending") return;
      this.sMarkSent.run(this.clock.now(), messageId, id);
      this.sFailingDelete.run(failingKey(row.recipient));
    });
    this.tFailed = db.transaction((id: number, error: string, permanent: boolean) => {
      const row = this.sGet.get(id);
      if (!row) return;
      this.sMarkFailed.run(error, id);
      if (permanent) {
        const now = this.clock.now();
        this.sFailingUpsert.run(failingKey(row.recipient), now, now, error);
      }
    });
  }

  /**
   * Queues a mail. An unknown template, missing template data, a bad delay or priority are
   * programming errors and throw. An address the rules refuse is the data's problem, not the
   * caller's: the mail is recorded at once as failed (undeliverable, never sent, no data kept) so
   * that the action sending it can go on, and the result says why.
   */
  enqueue<T extends MailTemplate>(m: EnqueueRequest<T>): QueuedMail {
    if (!isMailTemplate(m.template)) throw new Error(`Outbox.enqueue: unknown mail template ${String(m.template)}`);
    const delay = m.delayMs ?? 0;
    if (!Number.isFinite(delay) || delay < 0) throw new Error(`Outbox.enqueue: delayMs must be 0 or more, got ${delay}`);
    const priority = m.priority ?? "urgent";
    if (!MAIL_PRIORITIES.includes(priority)) throw new Error(`Outbox.enqueue: unknown priority ${String(priority)}`);
    // Render once now so that a missing data key fails where the mail is queued, not later.
    renderMail(m.template, m.data, this.config, this.clock.now());
    const now = this.clock.now();
    const priorityValue = priority === "bulk" ? BULK : URGENT;
    const address = validateEmail(m.to);
    if (!address.ok) {
      const error = `${UNDELIVERABLE_PREFIX} (${address.error.kind})`;
      const info = this.sInsertUndeliverable.run(m.template, m.to, m.ref ?? null, priorityValue, now, now, error);
      return { id: Number(info.lastInsertRowid), undeliverable: address.error };
    }
    const info = this.sInsert.run(m.template, address.value, JSON.stringify(m.data), m.ref ?? null, priorityValue, now + Math.round(delay), now);
    return { id: Number(info.lastInsertRowid), undeliverable: null };
  }

  /** Cancels the queued mails of `ref`; mails being sent or already sent are untouched. */
  cancel(ref: string): number {
    return this.tCancel(ref);
  }

  /** Cancels every mail still queued for `address` (as validated); its data is emptied. Returns how many. */
  cancelTo(address: string): number {
    return this.sCancelTo.run(address).changes;
  }

  /** Every mail to `address` still in the outbox, oldest first, without its data. */
  historyFor(address: string): Array<{ id: number; template: string; status: OutboxStatus; createdAt: number; sentAt: number | null }> {
    return this.sHistory.all(address).map((r) => ({ id: r.id, template: r.template, status: r.status, createdAt: r.created_at, sentAt: r.sent_at }));
  }

  /**
   * A finished mail forgets its recipient: the address becomes `replacement` (also in the last
   * error) and the data is emptied; with `forgetFailing`, the address leaves the failing list
   * too. False while the mail is still queued or being sent (or unknown).
   */
  forgetRecipient(id: number, replacement: string, forgetFailing: boolean): boolean {
    return this.tForget(id, replacement, forgetFailing);
  }

  get(id: number): OutboxRow | undefined {
    return mapRow(this.sGet.get(id), toRow);
  }

  /**
   * Up to `limit` queued mails whose time has come, urgent ones first, then oldest first,
   * skipping those the rate limits hold back: at most `per_address_per_hour` to one (canonical)
   * recipient and `per_hour` overall in any rolling hour, of which at most bulkBudget(config)
   * bulk mails, counting mails sent and being sent. Skipped mails stay queued.
   */
  due(limit: number): OutboxRow[] {
    if (limit <= 0) return [];
    const now = this.clock.now();
    const perAddress = new Map<string, number>();
    let total = 0;
    let bulk = 0;
    for (const { recipient, priority } of this.sInWindow.all(now - HOUR_MS)) {
      total += 1;
      if (priority === BULK) bulk += 1;
      const key = canonicalEmail(recipient);
      perAddress.set(key, (perAddress.get(key) ?? 0) + 1);
    }
    const bulkLimit = bulkBudget(this.config);
    const picked: OutboxRow[] = [];
    if (total >= this.config.per_hour) return picked;
    for (const row of this.sDue.iterate(now)) {
      // Rows come urgent first: the first bulk row over its budget ends the run.
      if (row.priority === BULK && bulk >= bulkLimit) break;
      const key = canonicalEmail(row.recipient);
      const count = perAddress.get(key) ?? 0;
      if (count >= this.config.per_address_per_hour) continue;
      perAddress.set(key, count + 1);
      total += 1;
      if (row.priority === BULK) bulk += 1;
      picked.push(toRow(row));
      if (picked.length >= limit || total >= this.config.per_hour) break;
    }
    return picked;
  }

  /** Claims a queued mail for sending (counts an attempt). False when it is no longer queued. */
  markSending(id: number): boolean {
    return this.sMarkSending.run(id).changes === 1;
  }

  /** The server accepted the mail. Also clears the recipient from the failing addresses. */
  markSent(id: number, messageId: string | null): void {
    this.tSent(id, messageId);
  }

  /** A temporary failure: queued again, not before `notBefore`. */
  markRetry(id: number, error: string, notBefore: number): void {
    this.sMarkRetry.run(notBefore, error, id);
  }

  /**
   * The mail server could not be used: queued again as it was, the attempt not counted (the
   * delivery loop pauses as a whole).
   */
  markWaiting(id: number, error: string): void {
    this.sMarkWaiting.run(error, id);
  }

  /**
   * Given up; the data (codes, passwords) is emptied. With `permanent` (the server refused the address, 5xx) the recipient is recorded
   * as a failing address.
   */
  markFailed(id: number, error: string, opts: { permanent?: boolean } = {}): void {
    this.tFailed(id, error, opts.permanent ?? false);
  }

  /** After a crash mid-send: every `sending` row is queued again. Returns how many. */
  recoverSending(): number {
    return this.sRecover.run().changes;
  }

  /** Mails not yet sent (queued or being sent), of one ref or all, oldest first. */
  pending(ref?: string): OutboxRow[] {
    const rows = ref === undefined ? this.sPending.all() : this.sPendingRef.all(ref);
    return rows.map(toRow);
  }

  /** Counts by status (every status present, 0 when none). */
  stats(): OutboxStats {
    const stats = Object.fromEntries(OUTBOX_STATUSES.map((s) => [s, 0])) as OutboxStats;
    for (const { status, n } of this.sStats.all()) stats[status] = n;
    return stats;
  }

  /** Mails not yet sent (queued or being sent) by priority class (every class present, 0 when none). */
  pendingByPriority(): Record<MailPriority, number> {
    const counts = Object.fromEntries(MAIL_PRIORITIES.map((p) => [p, 0])) as Record<MailPriority, number>;
    for (const { priority, n } of this.sPendingByPriority.all()) counts[priority === BULK ? "bulk" : "urgent"] += n;
    return counts;
  }

  /** Deletes sent, failed and cancelled mails finished more than `olderThanMs` ago. */
  purge(olderThanMs: number): number {
    return this.sPurge.run(this.clock.now() - olderThanMs).changes;
  }

  /** True when a server refused mail to this address permanently (and none was accepted since). */
  isFailingAddress(address: string): boolean {
    return this.sFailingGet.get(failingKey(address)) !== undefined;
  }

  failingAddress(address: string): FailingAddress | undefined {
    const row = this.sFailingGet.get(failingKey(address));
    return row
      ? { address: row.address, firstFailedAt: row.first_failed_at, lastFailedAt: row.last_failed_at, reply: row.reply }
      : undefined;
  }
}
