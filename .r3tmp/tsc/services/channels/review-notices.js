/**
 * Telling the reviewers: when an X2 registration is held, the users logged in to an account with
 * the `review` privilege get a notice (from OperServ) naming the request and how to look at it,
 * on top of the network-wide server notice some holds raise. Holds whose only reason is the
 * hourly registration limit come in waves; of those, one is told per review_alert_window.
 */
import { HOURLY_HOLD_REASON } from "../abuse/registration-policy.js";
/** The privilege of those who handle the review queue. */
export const REVIEW_PRIVILEGE = "review";
export class ReviewNotices {
    deps;
    /** When a hold for the hourly limit alone was last told (clock ms). */
    hourlyToldAt = Number.NEGATIVE_INFINITY;
    constructor(deps) {
        this.deps = deps;
    }
    /** A registration was held for review; returns how many users were told. */
    held(request) {
        const { accounts, actions, clock, config } = this.deps;
        const now = clock.now();
        const hourlyOnly = request.reasons.every((r) => r === HOURLY_HOLD_REASON);
        let quietMs = null;
        if (hourlyOnly) {
            if (now - this.hourlyToldAt < config.channels.review_alert_window && now >= this.hourlyToldAt)
                return 0;
            this.hourlyToldAt = now;
            quietMs = config.channels.review_alert_window;
        }
        const uids = accounts.staffOnline(REVIEW_PRIVILEGE);
        for (const uid of uids)
            actions.notify(uid, { kind: "registration-held", ...request, quietMs });
        return uids.length;
    }
}
//# sourceMappingURL=review-notices.js.map