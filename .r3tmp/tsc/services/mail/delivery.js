/**
 * The delivery loop: takes due mails from the outbox, sends them, and records the outcome.
 *
 * - A mail is marked `sending` (committed) before it is handed to the server and `sent` only
 *   after the server accepted it. Rows left in `sending` by a crash are queued again at start-up
 *   (so a crash between the server's acceptance and our commit can send a mail twice; it can
 *   never lose one).
 * - When the mail server cannot be used at all (unreachable, connection reset or timed out, a 4xx
 *   greeting, a failed login), the fault is the server's, not the mail's: the mail goes back to
 *   the queue without using one of its attempts, every mail waits, and the loop pauses with its
 *   own backoff (`retry_base`, doubling, at most 15 minutes). Opers are told once when the server
 *   has been failing for 5 minutes, and again when it is back. No mail is given up over an outage.
 * - A temporary refusal of one mail (a 4xx to its recipient or its data) is retried with
 *   exponential backoff, `retry_base * 2^(attempts-1)` capped at 6 hours; after `max_attempts`
 *   the mail is failed and `onGiveUp` tells opers.
 * - A permanent refusal (5xx to the recipient or the message) fails the mail at once, records
 *   the address as failing and calls `onPermanentFailure`.
 * - A mail that fails for good has its data (codes, generated passwords) emptied, as sent and
 *   cancelled mails do.
 * - Logs name the outbox id, template, recipient domain and SMTP reply code; never the body
 *   (it holds codes and passwords) nor the full recipient address.
 */
import { EventEmitter } from "node:events";
import { errorStack, errorMessage } from "../../util/logger.js";
import { emailDomain } from "./address.js";
import { renderMail } from "./templates.js";
export const MAX_RETRY_DELAY_MS = 6 * 3_600_000;
/** The longest pause of the whole loop while the mail server cannot be used. */
export const MAX_SERVER_PAUSE_MS = 15 * 60_000;
/** How long the mail server must have been failing before opers are told. */
export const SERVER_OUTAGE_ALERT_MS = 5 * 60_000;
export const DEFAULT_DELIVERY_INTERVAL_MS = 2_000;
/** Finished mails are kept this long by the maintenance loop, then purged. */
export const DEFAULT_OUTBOX_RETENTION_MS = 30 * 86_400_000;
/** Error codes that say the server was not reached or the connection broke. */
const CONNECTION_CODES = new Set([
    "ECONNECTION",
    "ECONNREFUSED",
    "ECONNRESET",
    "ETIMEDOUT",
    "ESOCKET",
    "EDNS",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "EPIPE",
    "ETLS",
]);
/**
 * Sorts a sending error. A 5xx reply is permanent when it answers the recipient or the message
 * (nodemailer's EENVELOPE/EMESSAGE, or an error without a code); a 5xx to the login or the
 * greeting (EAUTH, EPROTOCOL...) is our configuration's fault, not the address's, and is retried.
 */
export function classifySendError(error) {
    const e = (typeof error === "object" && error !== null ? error : {});
    const errorCode = typeof e.code === "string" ? e.code : null;
    const smtpCode = typeof e.responseCode === "number" && Number.isFinite(e.responseCode) ? e.responseCode : null;
    const reply = typeof e.response === "string" && e.response !== ""
        ? e.response
        : typeof e.message === "string"
            ? e.message
            : String(error);
    const addressRefused = errorCode === null || errorCode === "EENVELOPE" || errorCode === "EMESSAGE";
    const permanent = smtpCode !== null && smtpCode >= 500 && smtpCode < 600 && addressRefused;
    const connection = smtpCode === null && errorCode !== null && CONNECTION_CODES.has(errorCode);
    // Anything with a code that is not about the recipient or the message concerns the server.
    const server = !permanent && errorCode !== null && errorCode !== "EENVELOPE" && errorCode !== "EMESSAGE";
    return { temporary: !permanent, connection, server, reply: reply.replace(/[\r\n]+/g, " ").slice(0, 500), smtpCode, errorCode };
}
/** The wait before the next attempt once `attempts` attempts have failed. */
export function retryDelay(retryBaseMs, attempts) {
    const exponent = Math.max(0, attempts - 1);
    return Math.min(MAX_RETRY_DELAY_MS, retryBaseMs * 2 ** Math.min(exponent, 40));
}
/** Server replies quote the recipient; keep only its domain in logs. */
const redactAddresses = (s) => s.replace(/[^\s<>@"',;:]+@(?=[^\s<>"]+)/g, "*@");
export class MailDelivery extends EventEmitter {
    outbox;
    sender;
    clock;
    config;
    log;
    hooks;
    batchSize;
    recovered = false;
    running = null;
    follow = null;
    timer = null;
    kickTimer = null;
    stopping = false;
    /** While the server cannot be used, no attempt before this (clock ms). */
    pausedUntil = 0;
    /** The current outage: when it began, how many attempts failed in a row, whether opers were told. */
    outage = null;
    constructor(outbox, sender, clock, config, log, hooks, options = {}) {
        super();
        this.outbox = outbox;
        this.sender = sender;
        this.clock = clock;
        this.config = config;
        this.log = log;
        this.hooks = hooks;
        this.batchSize = options.batchSize ?? 20;
    }
    /** Queues again the mails a crash left in `sending`. Runs by itself before the first run. */
    recover() {
        this.recovered = true;
        const n = this.outbox.recoverSending();
        if (n > 0)
            this.log.warn({ count: n }, "mail: queued again mails left sending by an earlier run");
        return n;
    }
    /**
     * Sends what is due now. Runs never overlap: a call during a run waits for it and then runs
     * once more (concurrent callers share that second run).
     */
    runOnce() {
        if (!this.running)
            return this.begin();
        if (!this.follow) {
            this.follow = this.running.then(() => {
                this.follow = null;
                return this.runOnce();
            });
        }
        return this.follow;
    }
    /** Runs every `intervalMs` (and soon after kick()). Recovers `sending` rows first. */
    start(intervalMs = DEFAULT_DELIVERY_INTERVAL_MS) {
        this.clearTimers();
        this.stopping = false;
        if (!this.recovered)
            this.recover();
        this.timer = setInterval(() => {
            if (!this.running)
                void this.runOnce();
        }, intervalMs);
        this.timer.unref();
        this.kick();
    }
    /** Stops the timers and waits for a run in progress (which stops after its current mail). */
    async stop() {
        this.clearTimers();
        this.stopping = true;
        try {
            await (this.follow ?? this.running);
        }
        finally {
            this.stopping = false;
        }
    }
    /** Asks for a run soon (outside the caller's transaction). Does nothing unless started. */
    kick() {
        if (!this.timer || this.kickTimer)
            return;
        this.kickTimer = setTimeout(() => {
            this.kickTimer = null;
            void this.runOnce();
        }, 10);
        this.kickTimer.unref();
    }
    /** A maintenance loop that purges finished mails older than `retentionMs` and reports counts. */
    maintenanceLoop(retentionMs = DEFAULT_OUTBOX_RETENTION_MS) {
        return {
            name: "mail",
            run: () => {
                const purged = this.outbox.purge(retentionMs);
                return { changed: purged, details: { purged, ...this.outbox.stats() } };
            },
        };
    }
    clearTimers() {
        if (this.timer)
            clearInterval(this.timer);
        if (this.kickTimer)
            clearTimeout(this.kickTimer);
        this.timer = null;
        this.kickTimer = null;
    }
    begin() {
        const run = this.run().finally(() => {
            if (this.running === run)
                this.running = null;
        });
        this.running = run;
        return run;
    }
    async run() {
        const report = { sent: 0, retried: 0, failed: 0 };
        try {
            if (!this.recovered)
                this.recover();
            if (this.clock.now() < this.pausedUntil)
                return report;
            for (const row of this.outbox.due(this.batchSize)) {
                if (this.stopping)
                    break;
                if (!this.outbox.markSending(row.id))
                    continue;
                const attempts = row.attempts + 1;
                const meta = { id: row.id, template: row.template, domain: emailDomain(row.recipient), attempts };
                let subject;
                let text;
                try {
                    ({ subject, text } = renderMail(row.template, row.data, this.config, this.clock.now()));
                }
                catch (error) {
                    const reply = `internal error: ${errorMessage(error)}`;
                    this.outbox.markFailed(row.id, reply);
                    report.failed += 1;
                    this.emit("failed", "render");
                    this.log.error({ ...meta, err: reply }, "mail: could not render; failed");
                    this.callHook("onGiveUp", row.recipient, reply);
                    continue;
                }
                let messageId;
                try {
                    ({ messageId } = await this.sender.send({ to: row.recipient, subject, text, id: row.id }));
                }
                catch (error) {
                    const f = classifySendError(error);
                    const logged = { ...meta, smtpCode: f.smtpCode, errorCode: f.errorCode, reply: redactAddresses(f.reply) };
                    if (f.server) {
                        this.outbox.markWaiting(row.id, f.reply);
                        report.retried += 1;
                        const pauseMs = this.serverFailed(f.reply);
                        this.log.warn({ ...logged, pauseMs }, "mail: the mail server cannot be used; every mail waits");
                        break;
                    }
                    if (!f.temporary) {
                        this.outbox.markFailed(row.id, f.reply, { permanent: true });
                        report.failed += 1;
                        this.emit("failed", "permanent");
                        this.log.warn(logged, "mail: refused permanently; address marked failing");
                        this.callHook("onPermanentFailure", row.recipient, f.reply);
                    }
                    else if (attempts >= this.config.max_attempts) {
                        this.outbox.markFailed(row.id, f.reply);
                        report.failed += 1;
                        this.emit("failed", "gave_up");
                        this.log.error(logged, "mail: temporary failures went on too long; gave up");
                        this.callHook("onGiveUp", row.recipient, f.reply);
                    }
                    else {
                        const delay = retryDelay(this.config.retry_base, attempts);
                        this.outbox.markRetry(row.id, f.reply, this.clock.now() + delay);
                        report.retried += 1;
                        this.emit("failed", "temporary");
                        this.log.warn({ ...logged, retryInMs: delay }, "mail: temporary failure; will retry");
                    }
                    this.serverAnswered();
                    continue;
                }
                this.outbox.markSent(row.id, messageId);
                report.sent += 1;
                this.emit("sent");
                this.log.info(meta, "mail sent");
                this.serverAnswered();
            }
        }
        catch (error) {
            // A database or programming error: logged loudly; rows stay queued or sending (recovered at start-up).
            this.log.error({ err: errorStack(error) }, "mail: delivery run failed");
        }
        return report;
    }
    /** Records a failure of the server; returns the pause before the next attempt. */
    serverFailed(reply) {
        const now = this.clock.now();
        const outage = (this.outage ??= { since: now, failures: 0, told: false });
        outage.failures += 1;
        const pauseMs = Math.min(MAX_SERVER_PAUSE_MS, this.config.retry_base * 2 ** Math.min(outage.failures - 1, 30));
        this.pausedUntil = now + pauseMs;
        if (!outage.told && now - outage.since >= SERVER_OUTAGE_ALERT_MS) {
            outage.told = true;
            const waiting = this.outbox.stats().queued;
            this.log.error({ sinceMs: outage.since, waiting, reply: redactAddresses(reply) }, "mail: the mail server has been failing for minutes");
            this.callHook("onServerDown", reply, outage.since, waiting);
        }
        return pauseMs;
    }
    /** The server answered (accepted or refused one mail): any outage is over. */
    serverAnswered() {
        const outage = this.outage;
        if (!outage)
            return;
        this.outage = null;
        const downForMs = this.clock.now() - outage.since;
        this.log.info({ downForMs, failures: outage.failures }, "mail: the mail server answers again");
        if (outage.told)
            this.callHook("onServerBack", downForMs);
    }
    callHook(name, ...args) {
        try {
            this.hooks[name]?.(...args);
        }
        catch (error) {
            this.log.error({ hook: name, err: errorStack(error) }, "mail: hook failed");
        }
    }
}
//# sourceMappingURL=delivery.js.map