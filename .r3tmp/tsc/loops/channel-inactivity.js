import { breakerLoop } from "./breaker-loop.js";
export const CHANNEL_INACTIVE_LOOP = "channel-inactivity";
export function channelInactivityLoop(channels) {
    return breakerLoop({
        name: CHANNEL_INACTIVE_LOOP,
        due: () => channels.expiry.dueInactivity(),
        held: (count) => `would expire ${count} inactive channels`,
        act: (record) => channels.expiry.expireInactive(record),
        counted: "expired",
    });
}
//# sourceMappingURL=channel-inactivity.js.map