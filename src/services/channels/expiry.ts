/**
 * The time rules of channel registrations (docs/architecture.md §3), as "what is due" and "do it to one row"
 * so that the maintenance loops (src/loops/channel-*.ts) can put the breaker in between:
 * - unverified registrations older than verify_window are dropped and their email goes on the
 *   failed-verification list; held requests older than verify_window expire;
 * - active channels whose owner never visited establish_visit_after or more after registration
 *   are dropped establish_window after registration;
 * - established channels nobody with access visited for inactive_expire expire (0: never).
 * Each end is one transaction with its audit row (and the failed-verification entry).
 *
 * A channel suspended by a freeze is never due (its owner could not act), and one resumed since
 * counts each period from its resumption at the earliest.
 */
import { formatDuration } from "../../util/duration.js";
import type { UserMessage } from "../messages.js";
import type { Ended } from "./lifecycle.js";
import type { ChannelRecord, EndState } from "./records.js";
import type { ChannelDeps } from "./types.js";

export interface ExpiryDeps extends Pick<ChannelDeps, "store" | "failed" | "audit" | "clock" | "config" | "suspensions"> {
  endChannel(record: ChannelRecord, state: EndState, reason: string, by: string, inTransaction?: () => void): Ended;
  tellRegistrant(record: ChannelRecord, message: UserMessage): void;
  tellOwner(record: ChannelRecord, message: UserMessage): void;
}

export class ChannelExpiry {
  constructor(private readonly deps: ExpiryDeps) {}

  private get settings() {
    return this.deps.config.channels;
  }

  private now(): number {
    return this.deps.clock.now();
  }

  /** Whether a channel due by its stored times is due indeed: not suspended, and not resumed after `cutoff`. */
  private due(cutoff: number): (record: ChannelRecord) => boolean {
    const { suspensions } = this.deps;
    return (record) => !suspensions.isSuspended(record.id) && (suspensions.lastResumedAt(record.id) ?? Number.NEGATIVE_INFINITY) <= cutoff;
  }

  dueVerification(): { unverified: ChannelRecord[]; held: ChannelRecord[] } {
    const cutoff = this.now() - this.settings.verify_window;
    return { unverified: this.deps.store.unverifiedBefore(cutoff).filter(this.due(cutoff)), held: this.deps.store.heldBefore(cutoff) };
  }

  /** Drops an unverified registration; its email goes on the failed-verification list. */
  dropUnverified(record: ChannelRecord): boolean {
    const { failed, audit } = this.deps;
    const now = this.now();
    const windowMs = this.settings.verify_window;
    const window = formatDuration(windowMs);
    const result = this.deps.endChannel(record, "dropped", `not verified within ${window}`, "system", () => {
      failed.add(record.email, record.name, now);
      audit.record({
        actor: "system",
        action: "channel.dropped",
        target: record.name,
        details: { id: record.id, reason: "unverified", window, failedVerification: true },
      });
    });
    if (!result.ended) return false;
    this.deps.tellRegistrant(record, { kind: "registration-dropped", channel: record.name, windowMs });
    return true;
  }

  /** A held request nobody reviewed within verify_window expires. */
  expireHeld(record: ChannelRecord): boolean {
    const windowMs = this.settings.verify_window;
    const window = formatDuration(windowMs);
    const result = this.deps.endChannel(record, "expired", `not reviewed within ${window}`, "system", () =>
      this.deps.audit.record({ actor: "system", action: "channel.review_expired", target: record.name, details: { id: record.id, window } }),
    );
    if (!result.ended) return false;
    this.deps.tellRegistrant(record, { kind: "review-expired", channel: record.name, windowMs });
    return true;
  }

  dueEstablishment(): ChannelRecord[] {
    const cutoff = this.now() - this.settings.establish_window;
    return this.deps.store.unestablishedBefore(cutoff).filter(this.due(cutoff));
  }

  /** Drops an active channel whose owner never visited it establish_visit_after or more after registration. */
  dropUnestablished(record: ChannelRecord): boolean {
    const visitAfterMs = this.settings.establish_visit_after;
    const reason = `the owner did not visit it ${formatDuration(visitAfterMs)} or more after registration`;
    const result = this.deps.endChannel(record, "dropped", reason, "system", () =>
      this.deps.audit.record({
        actor: "system",
        action: "channel.dropped",
        target: record.name,
        details: { id: record.id, reason: "not established", owner: record.ownerId, window: formatDuration(this.settings.establish_window) },
      }),
    );
    if (!result.ended) return false;
    this.deps.tellOwner(record, { kind: "channel-unestablished", channel: record.name, visitAfterMs });
    return true;
  }

  dueInactivity(): ChannelRecord[] {
    if (this.settings.inactive_expire === 0) return [];
    const cutoff = this.now() - this.settings.inactive_expire;
    return this.deps.store.inactiveBefore(cutoff).filter(this.due(cutoff));
  }

  /** Expires an established channel nobody with access visited for inactive_expire. */
  expireInactive(record: ChannelRecord): boolean {
    const periodMs = this.settings.inactive_expire;
    const period = formatDuration(periodMs);
    const result = this.deps.endChannel(record, "expired", `nobody with access visited it for ${period}`, "system", () =>
      this.deps.audit.record({
        actor: "system",
        action: "channel.expired",
        target: record.name,
        details: { id: record.id, lastVisitAt: record.lastVisitAt, period },
      }),
    );
    if (!result.ended) return false;
    this.deps.tellOwner(record, { kind: "channel-inactive", channel: record.name, periodMs });
    return true;
  }
}
