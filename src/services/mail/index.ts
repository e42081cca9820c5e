/**
 * Mail: the outbox (delayed, rate-limited, retried), the templates, the nodemailer transport
 * and the delivery loop, behind one facade for the rest of the services.
 */
import type { Config } from "../../config/schema.js";
import type { Database } from "../../db/connection.js";
import type { Clock } from "../../util/clock.js";
import type { Logger } from "../../util/logger.js";
import { err, ok, type Result } from "../../util/result.js";
import { emailDomain, matchingMask, validateEmail, type AddressProblem } from "./address.js";
import { MailDelivery, type DeliveryHooks } from "./delivery.js";
import { Outbox, type FailingAddress, type MailPriority, type QueuedMail } from "./outbox.js";
import type { MailTemplate, MailTemplateData } from "./templates.js";
import { createSender, type MailSender } from "./transport.js";

export { canonicalEmail, emailDomain, matchesMask, matchingMask, validateEmail, type AddressProblem } from "./address.js";
export {
  classifySendError,
  DEFAULT_DELIVERY_INTERVAL_MS,
  DEFAULT_OUTBOX_RETENTION_MS,
  MAX_RETRY_DELAY_MS,
  MailDelivery,
  retryDelay,
  type DeliveryHooks,
  type DeliveryReport,
  type MailMaintenanceLoop,
  type SendFailure,
} from "./delivery.js";
export {
  HOUR_MS,
  MAIL_PRIORITIES,
  OUTBOX_STATUSES,
  Outbox,
  bulkBudget,
  type EnqueueRequest,
  type FailingAddress,
  type MailPriority,
  type OutboxRow,
  type OutboxStats,
  type OutboxStatus,
  type QueuedMail,
  undeliverableDetails,
  undeliverableTo,
} from "./outbox.js";
export {
  MAIL_TEMPLATES,
  isMailTemplate,
  renderMail,
  type MailBranding,
  type MailTemplate,
  type MailTemplateData,
  type RenderedMail,
} from "./templates.js";
export {
  SMTP_TIMEOUT_MS,
  createFileSender,
  createSender,
  createSmtpSender,
  type MailSender,
  type OutgoingMail,
} from "./transport.js";

export interface QueueOptions {
  /** What the mail belongs to ("chanreg:12"); `outbox.cancel(ref)` takes it back while queued. */
  ref?: string;
  /** Delay before sending; default 0. Channel registration mail passes mail.delay so opers can step in. */
  delayMs?: number;
  /**
   * "urgent" (default: codes, passwords, registration, rejections) is sent first; "bulk" (mass
   * mail such as expiry notices) only within what is left of mail.per_hour, and at most
   * mail.bulk_share of it.
   */
  priority?: MailPriority;
}

/** Where a queued mail stands. */
export interface MailStatus {
  status: string;
  notBefore: number;
  sentAt: number | null;
}

/** The mail facade the other services use. */
export class MailService {
  constructor(
    readonly outbox: Outbox,
    readonly delivery: MailDelivery,
    private readonly config: Config["mail"],
    private readonly sender?: MailSender,
    private readonly log?: Logger,
  ) {}

  /**
   * Queues a mail and asks the delivery loop to run soon. Sent at once unless `delayMs` holds it
   * back. An address the rules refuse (stored before them, or imported) does not throw: the mail
   * is recorded as undeliverable, logged, and the result says so, for the caller to report.
   */
  queue<T extends MailTemplate>(template: T, to: string, data: MailTemplateData[T], opts: QueueOptions = {}): QueuedMail {
    const queued = this.outbox.enqueue({
      template,
      to,
      data,
      delayMs: opts.delayMs ?? 0,
      ...(opts.ref !== undefined ? { ref: opts.ref } : {}),
      ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
    });
    if (queued.undeliverable !== null) {
      this.log?.warn({ id: queued.id, template, domain: emailDomain(to), problem: queued.undeliverable.kind }, "mail: the address does not pass the address rules; not sent");
    } else {
      this.delivery.kick();
    }
    return queued;
  }

  /** Cancels the queued mails of `ref` (e.g. an oper rejected the registration). */
  cancel(ref: string): number {
    return this.outbox.cancel(ref);
  }

  /** Cancels every mail still queued for `address` (an account being deleted). */
  cancelTo(address: string): number {
    return this.outbox.cancelTo(address);
  }

  /** The mails to `address` still in the outbox, without their data (an account's export). */
  historyFor(address: string): Array<{ id: number; template: string; status: string; createdAt: number; sentAt: number | null }> {
    return this.outbox.historyFor(address);
  }

  /** A finished mail forgets its recipient (see Outbox.forgetRecipient); false while it is still to be sent. */
  forgetRecipient(id: number, replacement: string, forgetFailing: boolean): boolean {
    return this.outbox.forgetRecipient(id, replacement, forgetFailing);
  }

  /** When a server refused mail to `address` for good (and none was accepted since), for staff. */
  failingAddress(address: string): FailingAddress | undefined {
    return this.outbox.failingAddress(address);
  }

  /** Where a queued mail stands (channel review shows it), or undefined once it is purged. */
  status(id: number): MailStatus | undefined {
    const row = this.outbox.get(id);
    return row ? { status: row.status, notBefore: row.notBefore, sentAt: row.sentAt } : undefined;
  }

  /**
   * Checks an address a user typed: syntax (validateEmail) then mail.blacklist. Returns the
   * normalised address or why it is refused. Does not look at other blacklists.
   */
  checkAddress(input: string): Result<string, { kind: "invalid"; problem: AddressProblem } | { kind: "refused" }> {
    const valid = validateEmail(input);
    if (!valid.ok) return err({ kind: "invalid", problem: valid.error });
    if (matchingMask(valid.value, this.config.blacklist) !== undefined) return err({ kind: "refused" });
    return ok(valid.value);
  }

  start(intervalMs?: number): void {
    this.delivery.start(intervalMs);
  }

  /** Stops the delivery loop (waiting for a send in progress) and closes the transport. */
  async stop(): Promise<void> {
    await this.delivery.stop();
    this.sender?.close?.();
  }
}

export interface CreateMailServiceOptions {
  db: Database;
  clock: Clock;
  config: Config["mail"];
  log: Logger;
  hooks: DeliveryHooks;
  /** Default: createSender(config, log). */
  sender?: MailSender;
}

/** Builds the outbox, the sender and the delivery loop (not started). */
export function createMailService(o: CreateMailServiceOptions): MailService {
  const log = o.log.child({ part: "mail" });
  const outbox = new Outbox(o.db, o.clock, o.config);
  const sender = o.sender ?? createSender(o.config, log);
  const delivery = new MailDelivery(outbox, sender, o.clock, o.config, log, o.hooks);
  return new MailService(outbox, delivery, o.config, sender, log);
}
