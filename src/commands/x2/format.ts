import { formatDuration, formatUtcMinute } from "../../util/duration.js";

/** "2026-01-03 14:05 UTC (2d3h ago)" for a time in ms, relative to `now`. */
export function when(at: number | null, now: number): string {
  if (at === null) return "never";
  const stamp = formatUtcMinute(at);
  const ago = now - at;
  return ago >= 1000 ? `${stamp} (${formatDuration(ago)} ago)` : stamp;
}

/** The state of a registration, in words. */
export function stateText(state: string): string {
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
