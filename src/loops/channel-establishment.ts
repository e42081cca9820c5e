/**
 * The establishment rule: an active channel whose owner has not visited it at least once
 * [channels] establish_visit_after or more after registration is dropped establish_window after
 * registration. Visits are recorded by the channel-visits loop and on joins and logins.
 * Behind the breaker.
 */
import type { Services } from "../services/registry.js";
import type { ChannelService } from "../services/channels/service.js";
import type { LoopReport, MaintenanceLoop } from "./scheduler.js";

export const CHANNEL_ESTABLISH_LOOP = "channel-establishment";

export function channelEstablishmentLoop(channels: ChannelService): MaintenanceLoop {
  return {
    name: CHANNEL_ESTABLISH_LOOP,
    run(services: Services): LoopReport {
      const due = channels.expiry.dueEstablishment();
      if (due.length === 0) return { changed: 0 };
      if (!services.breaker.allow(CHANNEL_ESTABLISH_LOOP, due.length)) {
        return { changed: 0, held: `would drop ${due.length} channels whose owner never visited them` };
      }
      let dropped = 0;
      for (const record of due) if (channels.expiry.dropUnestablished(record)) dropped++;
      return { changed: dropped, details: { dropped } };
    },
  };
}
