import { formatWhen } from "../words.js";
/** "2026-01-03 14:05 UTC (2d3h ago)" for a time in ms, relative to `now`: the format NickServ INFO uses too. */
export function when(at, now) {
    return at === null ? "never" : formatWhen(at, now);
}
/** An access entry's "last seen", in NickServ INFO's words (both come from AccountService.seen). */
export function seenText(seen, now) {
    if (seen.inChannel)
        return "now (logged in, in the channel)";
    return seen.online ? "now (logged in)" : when(seen.at, now);
}
/** The state of a registration, in words. */
export function stateText(state) {
    switch (state) {
        case "held":
            return "waiting for staff review";
        case "unverified":
            return "registered, waiting for the owner to verify it";
        case "active":
            return "registered and active";
        default:
            return state;
    }
}
//# sourceMappingURL=format.js.map