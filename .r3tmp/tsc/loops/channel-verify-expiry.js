export const CHANNEL_VERIFY_LOOP = "channel-verify-expiry";
export function channelVerifyExpiryLoop(channels) {
    return {
        name: CHANNEL_VERIFY_LOOP,
        run(services) {
            const due = channels.expiry.dueVerification();
            const total = due.unverified.length + due.held.length;
            if (total === 0)
                return { changed: 0 };
            if (!services.breaker.allow(CHANNEL_VERIFY_LOOP, total)) {
                return {
                    changed: 0,
                    held: `would drop ${due.unverified.length} unverified channel registrations and expire ${due.held.length} held requests`,
                };
            }
            let dropped = 0;
            let expired = 0;
            for (const record of due.unverified)
                if (channels.expiry.dropUnverified(record))
                    dropped++;
            for (const record of due.held)
                if (channels.expiry.expireHeld(record))
                    expired++;
            return { changed: dropped + expired, details: { dropped, expired } };
        },
    };
}
//# sourceMappingURL=channel-verify-expiry.js.map