/**
 * Established channels that nobody with access has visited for [channels] inactive_expire
 * expire ("0" never). Behind the breaker.
 */
import type { ChannelService } from "../services/channels/service.js";
import { breakerLoop } from "./breaker-loop.js";
import type { MaintenanceLoop } from "./scheduler.js";

export const CHANNEL_INACTIVE_LOOP = "channel-inactivity";

export function channelInactivityLoop(channels: ChannelService): MaintenanceLoop {
  return breakerLoop({
    name: CHANNEL_INACTIVE_LOOP,
    due: () => channels.expiry.dueInactivity(),
    held: (count) => `would expire ${count} inactive channels`,
    act: (record) => channels.expiry.expireInactive(record),
    counted: "expired",
  });
}
