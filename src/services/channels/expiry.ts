/**
 * The time rules of channel registrations (DESIGN §3), as "what is due" and "do it to one row"
 * so that the maintenance loops (src/loops/channel-*.ts) can put the breaker in between:
 * - unverified registrations older than verify_window are dropped and their email goes on the
 *   failed-verification list; held requests older than verify_window expire;
 * - active channels whose owner never visited establish_visit_after or more after registration
 *   are dropped establish_window after registration;
 * - established channels nobody with access visited for inactive_expire expire (0: never).
 */
import { formatDuration } from "../../util/duration.js";
import type { ChannelService } from "./service.js";
import type { ChannelRecord } from "./store.js";

export class ChannelExpiry {
  constructor(private readonly channels: ChannelService) {}

  private get settings() {
    return this.channels.deps.config.channels;
  }

  dueVerification(): { unverified: ChannelRecord[]; held: ChannelRecord[] } {
    const cutoff = this.channels.now() - this.settings.verify_window;
    return { unverified: this.channels.store.unverifiedBefore(cutoff), held: this.channels.store.heldBefore(cutoff) };
  }

  /** Drops an unverified registration; its email goes on the failed-verification list. */
  dropUnverified(record: ChannelRecord): boolean {
    const { failed, audit } = this.channels.deps;
    const now = this.channels.now();
    const window = formatDuration(this.settings.verify_window);
    const result = this.channels.endChannel(record, "dropped", `not verified within ${window}`, "system", () => {
      failed.add(record.email, record.name, now);
    });
    if (!result.ended) return false;
    audit.record({
      actor: "system",
      action: "channel.dropped",
      target: record.name,
      details: { id: record.id, reason: "unverified", window, failedVerification: true, accountDropped: result.accountDropped },
    });
    this.channels.tellRegistrant(record, `Your registration of ${record.name} was dropped: it was not verified within ${window}.`);
    return true;
  }

  /** A held request nobody reviewed within verify_window expires. */
  expireHeld(record: ChannelRecord): boolean {
    const window = formatDuration(this.settings.verify_window);
    const result = this.channels.endChannel(record, "expired", `not reviewed within ${window}`, "system");
    if (!result.ended) return false;
    this.channels.deps.audit.record({ actor: "system", action: "channel.review_expired", target: record.name, details: { id: record.id, window } });
    this.channels.tellRegistrant(
      record,
      `Your registration request for ${record.name} expired: staff did not review it within ${window}. You may register it again.`,
    );
    return true;
  }

  dueEstablishment(): ChannelRecord[] {
    return this.channels.store.unestablishedBefore(this.channels.now() - this.settings.establish_window);
  }

  /** Drops an active channel whose owner never visited it establish_visit_after or more after registration. */
  dropUnestablished(record: ChannelRecord): boolean {
    const after = formatDuration(this.settings.establish_visit_after);
    const reason = `the owner did not visit it ${after} or more after registration`;
    const result = this.channels.endChannel(record, "dropped", reason, "system");
    if (!result.ended) return false;
    this.channels.deps.audit.record({
      actor: "system",
      action: "channel.dropped",
      target: record.name,
      details: { id: record.id, reason: "not established", owner: record.ownerId, window: formatDuration(this.settings.establish_window) },
    });
    this.tellOwner(record, `${record.name} was dropped: ${reason}.`);
    return true;
  }

  dueInactivity(): ChannelRecord[] {
    if (this.settings.inactive_expire === 0) return [];
    return this.channels.store.inactiveBefore(this.channels.now() - this.settings.inactive_expire);
  }

  /** Expires an established channel nobody with access visited for inactive_expire. */
  expireInactive(record: ChannelRecord): boolean {
    const period = formatDuration(this.settings.inactive_expire);
    const result = this.channels.endChannel(record, "expired", `nobody with access visited it for ${period}`, "system");
    if (!result.ended) return false;
    this.channels.deps.audit.record({
      actor: "system",
      action: "channel.expired",
      target: record.name,
      details: { id: record.id, lastVisitAt: record.lastVisitAt, period },
    });
    this.tellOwner(record, `${record.name} expired: nobody with access visited it for ${period}.`);
    return true;
  }

  private tellOwner(record: ChannelRecord, text: string): void {
    if (!record.ownerId) return;
    const { network, actions } = this.channels.deps;
    for (const user of network.usersOnAccount(record.ownerId)) actions.notice("x2", user.uid, text);
  }
}
