/**
 * Unverified channel registrations older than [channels] verify_window are dropped (X2 parts,
 * the access list goes, the email goes on the failed-verification list, an X2-made account that
 * is still unverified and owns nothing else goes too); held requests nobody reviewed in that
 * time expire. Behind the breaker.
 */
import type { Services } from "../services/registry.js";
import type { ChannelService } from "../services/channels/service.js";
import type { LoopReport, MaintenanceLoop } from "./scheduler.js";

export const CHANNEL_VERIFY_LOOP = "channel-verify-expiry";

export function channelVerifyExpiryLoop(channels: ChannelService): MaintenanceLoop {
  return {
    name: CHANNEL_VERIFY_LOOP,
    run(services: Services): LoopReport {
      const due = channels.expiry.dueVerification();
      const total = due.unverified.length + due.held.length;
      if (total === 0) return { changed: 0 };
      if (!services.breaker.allow(CHANNEL_VERIFY_LOOP, total)) {
        return {
          changed: 0,
          held: `would drop ${due.unverified.length} unverified channel registrations and expire ${due.held.length} held requests`,
        };
      }
      let dropped = 0;
      let expired = 0;
      for (const record of due.unverified) if (channels.expiry.dropUnverified(record)) dropped++;
      for (const record of due.held) if (channels.expiry.expireHeld(record)) expired++;
      return { changed: dropped + expired, details: { dropped, expired } };
    },
  };
}
