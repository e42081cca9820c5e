import { channelEstablishmentLoop } from "./channel-establishment.js";
import { channelInactivityLoop } from "./channel-inactivity.js";
import { channelVerifyExpiryLoop } from "./channel-verify-expiry.js";
import { channelVisitsLoop } from "./channel-visits.js";
/** The channel loops in the order they must run: visits first, so a visit counts before expiry looks. */
export function channelLoops(channels) {
    return [channelVisitsLoop(channels), channelVerifyExpiryLoop(channels), channelEstablishmentLoop(channels), channelInactivityLoop(channels)];
}
//# sourceMappingURL=channel-loops.js.map