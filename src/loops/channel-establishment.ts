/**
 * The establishment rule: an active channel whose owner has not visited it at least once
 * [channels] establish_visit_after or more after registration is dropped establish_window after
 * registration. Visits are recorded by the channel-visits loop and on joins and logins.
 * Behind the breaker.
 */
import type { ChannelService } from "../services/channels/service.js";
import { breakerLoop } from "./breaker-loop.js";
import type { MaintenanceLoop } from "./scheduler.js";

export const CHANNEL_ESTABLISH_LOOP = "channel-establishment";

export function channelEstablishmentLoop(channels: ChannelService): MaintenanceLoop {
  return breakerLoop({
    name: CHANNEL_ESTABLISH_LOOP,
    due: () => channels.expiry.dueEstablishment(),
    held: (count) => `would drop ${count} channels whose owner never visited them`,
    act: (record) => channels.expiry.dropUnestablished(record),
    counted: "dropped",
  });
}
