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
import { errorStack, type Logger } from "../util/logger.js";

export interface ChannelNetworkDeps {
  link: Pick<InspircdLink, "on" | "off">;
  network: Network;
  clients: PseudoClients;
  channels: ChannelService;
  log: Logger;
}

export class ChannelNetwork {
  private readonly detach: Array<() => void> = [];

  constructor(private readonly deps: ChannelNetworkDeps) {
    const { network, clients, channels, link } = deps;
    clients.setBurstJoins(() => channels.burstJoins().map(({ channel, ts }) => ({ service: "x2", channel, ts })));

    const onReady = (): void => this.guard("ready", () => channels.syncTimestamps());
    const onJoined = (channel: Channel, user: User): void =>
      this.guard("joined", () => {
        if (clients.isOurs(user.uid)) return;
        channels.visits.onJoin(channel.name, user.uid, network.isBursting(user.server));
      });
    const onLeft = (channel: Channel, user: User, how: "part" | "kick" | "quit"): void =>
      this.guard("left", () => {
        if (how !== "kick" || user.uid !== clients.uid("x2")) return;
        const record = channels.store.live(channel.name);
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
