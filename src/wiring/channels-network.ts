/**
 * Registered channels on the network:
 * - X2 joins its channels (unverified and active registrations) in every burst, at their stored
 *   timestamps, so it keeps op after a relink (PseudoClients.setBurstJoins); once the link is up
 *   the timestamps the network has are stored back;
 * - a user who joins a registered channel has the visit recorded and is opped or voiced by their
 *   access level (not for joins that are part of a server burst);
 * - X2 kicked from one of its channels joins it again.
 */
import type { InspircdLink } from "../irc/link/inspircd.js";
import type { Channel, Network, User } from "../irc/network.js";
import type { PseudoClients } from "../irc/pseudoclients.js";
import type { ChannelService } from "../services/channels/service.js";
import type { Clock } from "../util/clock.js";
import { errorStack, type Logger } from "../util/logger.js";

export interface ChannelNetworkDeps {
  link: Pick<InspircdLink, "on" | "off">;
  network: Network;
  clients: PseudoClients;
  channels: Pick<ChannelService, "joinable" | "recordTimestamp" | "live" | "visits">;
  clock: Clock;
  log: Logger;
}

type JoinableChannels = Pick<ChannelService, "joinable" | "recordTimestamp">;

/** The channels X2 sits in (unverified and active), with their stored timestamps (`nowMs`, for one never seen). */
export function burstJoins(channels: JoinableChannels, nowMs: number): Array<{ channel: string; ts: number }> {
  const now = Math.floor(nowMs / 1000);
  return channels.joinable().map((c) => ({ channel: c.name, ts: c.ts ?? now }));
}

/** After a relink: stores the timestamps the network now has for our channels. Returns how many changed. */
export function syncTimestamps(channels: JoinableChannels, channelTs: (name: string) => number | undefined): number {
  let changed = 0;
  for (const record of channels.joinable()) {
    const ts = channelTs(record.name);
    if (ts !== undefined && ts !== record.ts) {
      channels.recordTimestamp(record.id, ts);
      changed++;
    }
  }
  return changed;
}

export class ChannelNetwork {
  private readonly detach: Array<() => void> = [];

  constructor(private readonly deps: ChannelNetworkDeps) {
    const { network, clients, channels, link } = deps;
    clients.setBurstJoins(() => burstJoins(channels, deps.clock.now()).map(({ channel, ts }) => ({ service: "x2", channel, ts })));

    const onReady = (): void => this.guard("ready", () => syncTimestamps(channels, (name) => network.getChannel(name)?.ts));
    const onJoined = (channel: Channel, user: User): void =>
      this.guard("joined", () => {
        if (clients.isOurs(user.uid)) return;
        channels.visits.onJoin(channel.name, user.uid, network.isBursting(user.server));
      });
    const onLeft = (channel: Channel, user: User, how: "part" | "kick" | "quit"): void =>
      this.guard("left", () => {
        if (how !== "kick" || user.uid !== clients.uid("x2")) return;
        const record = channels.live(channel.name);
        if (!record || (record.state !== "active" && record.state !== "unverified")) return;
        // Rejoin after the KICK has been processed by everyone.
        setImmediate(() => this.guard("rejoin", () => clients.join("x2", record.name, record.ts ?? undefined)));
      });

    link.on("ready", onReady);
    network.on("joined", onJoined);
    network.on("left", onLeft);
    this.detach.push(
      () => link.off("ready", onReady),
      () => network.off("joined", onJoined),
      () => network.off("left", onLeft),
      () => clients.setBurstJoins(() => []),
    );
  }

  stop(): void {
    for (const off of this.detach.splice(0)) off();
  }

  private guard(what: string, fn: () => unknown): void {
    try {
      fn();
    } catch (error) {
      this.deps.log.error({ event: what, err: errorStack(error) }, "channel network handler failed");
    }
  }
}
