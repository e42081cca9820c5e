/**
 * How long a tombstone is kept (the seed's termination-date rule): the later of the ruling date
 * plus [deletion] retention and each configured rule, e.g. the last time the account granted
 * channel access plus retain_after_grant. A rule set to 0 is off; an event that never happened
 * does not count.
 */
import type { Config } from "../../../config/schema.js";

export interface RetentionEvents {
  /** When the case was ruled and carried out. */
  ruledAt: number;
  /** The last time the account gave or changed someone's channel access, or null. */
  lastGrantAt: number | null;
  /** The last audit entry the account made about something else than itself, or null. */
  lastAuthoredAt: number | null;
}

/** Which rule decided the date, for the case record. */
export type RetentionRule = "ruling" | "grant" | "authored";

export function retentionDate(events: RetentionEvents, settings: Config["deletion"]): { until: number; rule: RetentionRule } {
  const candidates: Array<{ until: number; rule: RetentionRule }> = [{ until: events.ruledAt + settings.retention, rule: "ruling" }];
  if (settings.retain_after_grant > 0 && events.lastGrantAt !== null) {
    candidates.push({ until: events.lastGrantAt + settings.retain_after_grant, rule: "grant" });
  }
  if (settings.retain_after_authored > 0 && events.lastAuthoredAt !== null) {
    candidates.push({ until: events.lastAuthoredAt + settings.retain_after_authored, rule: "authored" });
  }
  return candidates.reduce((a, b) => (b.until > a.until ? b : a));
}
