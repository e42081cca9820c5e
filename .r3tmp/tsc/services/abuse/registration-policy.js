import { globMatch } from "../../util/glob.js";
import { foldName } from "../accounts/names.js";
import { canonicalEmail, matchesMask, matchingMask, validateEmail } from "../mail/address.js";
import { exemptFromHostLimits } from "./exempt-addresses.js";
import { DAY_MS, HOUR_MS, MIN_REFUSALS_KEPT, MIN_RETENTION_MS, RegistrationAttempts } from "./rate-window.js";
export { EmailBlacklist } from "./email-blacklist.js";
export { FailedVerifications } from "./failed-verifications.js";
/** The hold reason of the global hourly limit (shown to staff in REVIEW). */
export const HOURLY_HOLD_REASON = "over the hourly registration limit";
/** The kv key holding when opers were last told about the hourly limit (ms). */
const ALERT_KV_KEY = "abuse.registrations_hourly_alert_at";
const MAX_RECORDED_REASON = 300;
/** A reservation not settled by `record` within this time stops counting as in flight (its row stays). */
export const RESERVATION_TTL_MS = 5 * 60_000;
export class RegistrationPolicy {
    deps;
    /** The rolling counters (exposed for statistics and the benchmark). */
    attempts;
    sAlertGet;
    sAlertSet;
    /** Accept and hold verdicts whose outcome `record` has not reported yet. */
    inFlight = new Map();
    /** The flag rules the counters' retention was last set for. */
    rulesSeen = null;
    constructor(deps) {
        this.deps = deps;
        this.attempts = new RegistrationAttempts(deps.db, deps.clock);
        this.followRules();
        this.sAlertGet = deps.db.prepare("SELECT value FROM kv WHERE key = ?");
        this.sAlertSet = deps.db.prepare("INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value");
    }
    /**
     * Keeps the counters' retention long enough for the host_rejections rules, as configured now
     * (a REHASH replaces the rules).
     */
    followRules() {
        const rules = this.deps.config.channels.flag_rules;
        if (rules === this.rulesSeen)
            return;
        this.rulesSeen = rules;
        let retention = MIN_RETENTION_MS;
        let refusalsKept = MIN_REFUSALS_KEPT;
        for (const rule of rules) {
            if (rule.kind !== "host_rejections")
                continue;
            retention = Math.max(retention, rule.window);
            refusalsKept = Math.max(refusalsKept, rule.count);
        }
        this.attempts.keep(retention, refusalsKept);
    }
    evaluate(req) {
        this.followRules();
        const { config, failed } = this.deps;
        const ch = config.channels;
        const valid = validateEmail(req.email.trim());
        if (!valid.ok)
            return refuse({ code: "email_invalid", problem: valid.error });
        const email = valid.value;
        const canonical = canonicalEmail(email);
        if (this.blacklistHit(email))
            return refuse({ code: "blacklisted" });
        if (failed.has(email))
            return refuse({ code: "failed_verification" });
        const now = this.deps.clock.now();
        let inFlightForEmail = 0;
        for (const [key, r] of this.inFlight) {
            if (now - r.at >= RESERVATION_TTL_MS || now < r.at)
                this.inFlight.delete(key);
            else if (r.canonical === canonical)
                inFlightForEmail += 1;
        }
        const stored = this.deps.counts.countForEmail(canonical);
        const owned = { total: stored.total + inFlightForEmail, pending: stored.pending + inFlightForEmail };
        if (owned.total >= ch.max_per_email)
            return refuse({ code: "email_limit", total: owned.total, limit: ch.max_per_email });
        if (owned.pending > 0)
            return refuse({ code: "email_pending", verifyWindowMs: ch.verify_window });
        if (!exemptFromHostLimits(config, req.ip)) {
            const host = this.attempts.hostWindow(req.ip, req.host, ch.registrations_per_host_per_day, DAY_MS);
            if (host.over)
                return dailyRefusal("host_limit", host);
        }
        if (req.accountId !== null) {
            const account = this.attempts.accountWindow(req.accountId, ch.registrations_per_account_per_day, DAY_MS);
            if (account.over)
                return dailyRefusal("account_limit", account);
        }
        const pending = this.deps.counts.pendingCount() + this.inFlight.size;
        if (pending >= ch.pending_cap) {
            // A place frees up at the latest when the oldest pending registration is dropped unverified.
            const oldest = this.deps.counts.oldestPendingAt?.() ?? null;
            if (oldest === null)
                return refuse({ code: "pending_cap", limit: ch.pending_cap });
            return refuse({ code: "pending_cap", limit: ch.pending_cap, retryAfterMs: Math.max(1000, oldest + ch.verify_window - now) });
        }
        const reasons = [];
        const lastHour = this.attempts.acceptedWithin(HOUR_MS);
        if (lastHour >= ch.registrations_per_hour) {
            reasons.push(HOURLY_HOLD_REASON);
            this.alertHourly(lastHour);
        }
        for (const rule of ch.flag_rules) {
            switch (rule.kind) {
                case "email":
                    if (matchesMask(email, rule.pattern))
                        reasons.push(rule.reason);
                    break;
                case "channel":
                    if (globMatch(foldName(rule.pattern), foldName(req.channel)))
                        reasons.push(rule.reason);
                    break;
                case "host_rejections":
                    if (this.attempts.negativeWithin(req.ip, req.host, rule.window) >= rule.count)
                        reasons.push(rule.reason);
                    break;
            }
        }
        const verdict = reasons.length > 0 ? { kind: "hold", email, reasons: [...new Set(reasons)] } : { kind: "accept", email };
        const rowId = this.insert(req, verdict.kind === "hold" ? "held" : "accepted", canonical, verdict.kind === "hold" ? verdict.reasons.join("; ") : undefined);
        this.inFlight.set(req, { rowId, canonical, at: now });
        return verdict;
    }
    /**
     * Records what became of a request: "accepted" and "held" count towards the host and account
     * limits ("accepted" also towards the hourly one); "refused" (by this policy or by the caller's
     * own checks) and "rejected" (an oper's REVIEW REJECT) count for the host_rejections rule.
     */
    record(req, outcome, reason) {
        const reservation = this.inFlight.get(req);
        if (reservation) {
            this.inFlight.delete(req);
            if (this.attempts.update(reservation.rowId, outcome, clip(reason)))
                return;
        }
        const valid = validateEmail(req.email.trim());
        this.insert(req, outcome, valid.ok ? canonicalEmail(valid.value) : null, reason);
    }
    /** Accept and hold verdicts not yet settled by `record` (they count as pending registrations). */
    get inFlightCount() {
        return this.inFlight.size;
    }
    insert(req, outcome, canonical, reason) {
        // Inserting prunes and trims: with the retention the rules need now.
        this.followRules();
        return this.attempts.insert({
            ip: req.ip,
            host: req.host,
            accountId: req.accountId,
            emailCanonical: canonical,
            channel: req.channel.slice(0, 200),
            outcome,
            reason: clip(reason),
        });
    }
    /** What would refuse this address: a [mail] blacklist mask first, then an oper's entry. */
    blacklistHit(email) {
        const mask = matchingMask(email, this.deps.config.mail.blacklist);
        if (mask !== undefined)
            return { source: "config", mask };
        const entry = this.deps.blacklist.match(email);
        return entry ? { source: "oper", entry } : undefined;
    }
    /** Tells opers that requests are being held for the hourly limit, at most once per alert window. */
    alertHourly(acceptedLastHour) {
        const { clock, config, actions, audit } = this.deps;
        const now = clock.now();
        const last = Number(this.sAlertGet.get(ALERT_KV_KEY)?.value ?? Number.NaN);
        if (Number.isFinite(last) && now - last < config.channels.review_alert_window && now >= last)
            return;
        this.sAlertSet.run(ALERT_KV_KEY, String(now));
        const limit = config.channels.registrations_per_hour;
        audit.record({
            actor: "system",
            action: "registration.hourly_limit",
            details: { acceptedLastHour, limit },
        });
        actions.alertOpers({ kind: "hourly-registration-limit", accepted: acceptedLastHour, limit, alertWindowMs: config.channels.review_alert_window });
    }
}
function refuse(refusal) {
    return { kind: "refuse", ...refusal };
}
/** A refusal by one of the rolling 24-hour limits (per host, per account), with when to try again. */
function dailyRefusal(code, check) {
    return refuse({ code, count: check.count, limit: check.limit, retryAfterMs: check.retryAfterMs });
}
const clip = (reason) => (reason === undefined ? null : reason.slice(0, MAX_RECORDED_REASON));
//# sourceMappingURL=registration-policy.js.map