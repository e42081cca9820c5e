import { breakerLoop } from "./breaker-loop.js";
export const CHANNEL_ESTABLISH_LOOP = "channel-establishment";
export function channelEstablishmentLoop(channels) {
    return breakerLoop({
        name: CHANNEL_ESTABLISH_LOOP,
        due: () => channels.expiry.dueEstablishment(),
        held: (count) => `would drop ${count} channels whose owner never visited them`,
        act: (record) => channels.expiry.dropUnestablished(record),
        counted: "dropped",
    });
}
//# sourceMappingURL=channel-establishment.js.map