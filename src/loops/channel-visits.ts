/**
 * Records visits: every user with access present in an active channel, logged in to a verified
 * account, counts as a visit (and the owner's may establish the channel). Runs before the
 * channel expiry loops. It only refreshes "last visit" times and never drops or expires a row, so
 * it has no breaker: holding it back would make more channels look inactive, not fewer.
 */
import type { ChannelService } from "../services/channels/service.js";
import type { LoopReport, MaintenanceLoop } from "./scheduler.js";

export const CHANNEL_VISITS_LOOP = "channel-visits";

export function channelVisitsLoop(channels: ChannelService): MaintenanceLoop {
  return {
    name: CHANNEL_VISITS_LOOP,
    run(): LoopReport {
      const visits = channels.visits.scan();
      return { changed: 0, details: { visits } };
    },
  };
}
