export const CHANNEL_VISITS_LOOP = "channel-visits";
export function channelVisitsLoop(channels) {
    return {
        name: CHANNEL_VISITS_LOOP,
        run() {
            const visits = channels.visits.scan();
            return { changed: 0, details: { visits } };
        },
    };
}
//# sourceMappingURL=channel-visits.js.map