/**
 * Established channels that nobody with access has visited for [channels] inactive_expire
 * expire ("0" never). Behind the breaker.
 */
import type { Services } from "../services/registry.js";
import type { ChannelService } from "../services/channels/service.js";
import type { LoopReport, MaintenanceLoop } from "./scheduler.js";

export const CHANNEL_INACTIVE_LOOP = "channel-inactivity";

export function channelInactivityLoop(channels: ChannelService): MaintenanceLoop {
  return {
    name: CHANNEL_INACTIVE_LOOP,
    run(services: Services): LoopReport {
      const due = channels.expiry.dueInactivity();
      if (due.length === 0) return { changed: 0 };
      if (!services.breaker.allow(CHANNEL_INACTIVE_LOOP, due.length)) {
        return { changed: 0, held: `would expire ${due.length} inactive channels` };
      }
      let expired = 0;
      for (const record of due) if (channels.expiry.expireInactive(record)) expired++;
      return { changed: expired, details: { expired } };
    },
  };
}
