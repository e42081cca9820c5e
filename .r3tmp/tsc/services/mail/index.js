import { err, ok } from "../../util/result.js";
import { matchingMask, validateEmail } from "./address.js";
import { MailDelivery } from "./delivery.js";
import { Outbox } from "./outbox.js";
import { createSender } from "./transport.js";
export { canonicalEmail, emailDomain, matchesMask, matchingMask, validateEmail } from "./address.js";
export { classifySendError, DEFAULT_DELIVERY_INTERVAL_MS, DEFAULT_OUTBOX_RETENTION_MS, MAX_RETRY_DELAY_MS, MailDelivery, retryDelay, } from "./delivery.js";
export { HOUR_MS, MAIL_PRIORITIES, OUTBOX_STATUSES, Outbox, bulkBudget, } from "./outbox.js";
export { MAIL_TEMPLATES, isMailTemplate, renderMail, } from "./templates.js";
export { SMTP_TIMEOUT_MS, createFileSender, createSender, createSmtpSender, } from "./transport.js";
/** The mail facade the other services use. */
export class MailService {
    outbox;
    delivery;
    config;
    sender;
    constructor(outbox, delivery, config, sender) {
        this.outbox = outbox;
        this.delivery = delivery;
        this.config = config;
        this.sender = sender;
    }
    /**
     * Queues a mail (to an address the caller validated: an invalid one throws) and asks the
     * delivery loop to run soon. Sent at once unless `delayMs` holds it back.
     * Returns the outbox id.
     */
    queue(template, to, data, opts = {}) {
        const id = this.outbox.enqueue({
            template,
            to,
            data,
            delayMs: opts.delayMs ?? 0,
            ...(opts.ref !== undefined ? { ref: opts.ref } : {}),
            ...(opts.priority !== undefined ? { priority: opts.priority } : {}),
        });
        this.delivery.kick();
        return id;
    }
    /** Cancels the queued mails of `ref` (e.g. an oper rejected the registration). */
    cancel(ref) {
        return this.outbox.cancel(ref);
    }
    /** Cancels every mail still queued for `address` (an account being deleted). */
    cancelTo(address) {
        return this.outbox.cancelTo(address);
    }
    /** The mails to `address` still in the outbox, without their data (an account's export). */
    historyFor(address) {
        return this.outbox.historyFor(address);
    }
    /** A finished mail forgets its recipient (see Outbox.forgetRecipient); false while it is still to be sent. */
    forgetRecipient(id, replacement, forgetFailing) {
        return this.outbox.forgetRecipient(id, replacement, forgetFailing);
    }
    /** Where a queued mail stands (channel review shows it), or undefined once it is purged. */
    status(id) {
        const row = this.outbox.get(id);
        return row ? { status: row.status, notBefore: row.notBefore, sentAt: row.sentAt } : undefined;
    }
    /**
     * Checks an address a user typed: syntax (validateEmail) then mail.blacklist. Returns the
     * normalised address or why it is refused. Does not look at other blacklists.
     */
    checkAddress(input) {
        const valid = validateEmail(input);
        if (!valid.ok)
            return err({ kind: "invalid", problem: valid.error });
        if (matchingMask(valid.value, this.config.blacklist) !== undefined)
            return err({ kind: "refused" });
        return ok(valid.value);
    }
    start(intervalMs) {
        this.delivery.start(intervalMs);
    }
    /** Stops the delivery loop (waiting for a send in progress) and closes the transport. */
    async stop() {
        await this.delivery.stop();
        this.sender?.close?.();
    }
}
/** Builds the outbox, the sender and the delivery loop (not started). */
export function createMailService(o) {
    const log = o.log.child({ part: "mail" });
    const outbox = new Outbox(o.db, o.clock, o.config);
    const sender = o.sender ?? createSender(o.config, log);
    const delivery = new MailDelivery(outbox, sender, o.clock, o.config, log, o.hooks);
    return new MailService(outbox, delivery, o.config, sender);
}
//# sourceMappingURL=index.js.map