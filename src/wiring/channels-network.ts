/**
 * Registered channels on the network:
 * - X2 joins its channels (unverified and active registrations) in every burst, at their stored
 *   timestamps, so it keeps op after a relink (PseudoClients.setBurstJoins); once the link is up
 *   the timestamps the network has are stored back;
 * - a user who joins a registered channel has the visit recorded and is opped or voiced by their
 *   access level (not for joins that are part of a server burst); leaving records it again;
 * - X2 kicked from one of its channels joins it again after a wait that grows with each kick
 *   (services/channels/x2-presence.ts); after three kicks in ten minutes it stays out, also from
 *   relink bursts, until services restart or an oper sends it back (OperServ REJOIN). The waits
 *   are on the services' clock, checked by a 1 s ticker (tests call tick()).
 */
import type { InspircdLink } from "../irc/link/inspircd.js";
import type { Channel, Network, User } from "../irc/network.js";
import type { PseudoClients } from "../irc/pseudoclients.js";
import type { ChannelService } from "../services/channels/service.js";
import { ircLower } from "../irc/codec.js";
import type { Clock } from "../util/clock.js";
import { errorStack, type Logger } from "../util/logger.js";

export interface ChannelNetworkDeps {
  link: Pick<InspircdLink, "on" | "off">;
  network: Network;
  clients: PseudoClients;
  channels: Pick<ChannelService, "joinable" | "recordTimestamp" | "live" | "visits" | "x2">;
  clock: Clock;
  log: Logger;
  /** Real-time period of the rejoin ticker; 0 disables it (tests call tick()). Default 1 s. */
  tickIntervalMs?: number;
}

type JoinableChannels = Pick<ChannelService, "joinable" | "recordTimestamp">;

/**
 * The channels X2 sits in (unverified and active, less those it stays out of after kicks), with
 * their stored timestamps (`nowMs`, for one never seen).
 */
export function burstJoins(channels: JoinableChannels & Pick<ChannelService, "x2">, nowMs: number): Array<{ channel: string; ts: number }> {
  const now = Math.floor(nowMs / 1000);
  return channels
    .joinable()
    .filter((c) => !channels.x2.isKeptOut(c.name))
    .map((c) => ({ channel: c.name, ts: c.ts ?? now }));
}

/** After a relink: stores the timestamps the network now has for our channels. Returns how many changed. */
function syncTimestamps(channels: JoinableChannels, channelTs: (name: string) => number | undefined): number {
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
  /** X2's rejoins after kicks, by folded channel name: when (services' clock). */
  private readonly rejoins = new Map<string, { channel: string; dueAt: number }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: ChannelNetworkDeps) {
    const { network, clients, channels, link } = deps;
    clients.setBurstJoins(() => burstJoins(channels, deps.clock.now()).map(({ channel, ts }) => ({ service: "x2", channel, ts })));

    const onReady = (): void => this.guard("ready", () => syncTimestamps(channels, (name) => network.getChannel(name)?.ts));
    const onJoined = (channel: Channel, user: User): void =>
      this.guard("joined", () => {
        if (clients.isOurs(user.uid)) return;
        channels.visits.onJoin(channel.name, user.uid, network.isBursting(user.server));
      });
    const onLeft = (channel: Channel, user: User, how: "part" | "kick" | "quit", by: string): void =>
      this.guard("left", () => {
        if (!clients.isOurs(user.uid)) channels.visits.onLeave(channel.name, user.uid);
        if (how !== "kick" || user.uid !== clients.uid("x2")) return;
        const kicker = network.users.get(by)?.nick ?? network.servers.get(by)?.name ?? "";
        const verdict = channels.x2.kicked(channel.name, kicker);
        if (verdict?.action !== "rejoin") return;
        deps.log.info({ channel: channel.name, kicker, kicks: verdict.kicks, rejoinInMs: verdict.delayMs }, "X2 kicked; it will rejoin");
        this.rejoins.set(ircLower(channel.name), { channel: channel.name, dueAt: deps.clock.now() + verdict.delayMs });
      });
    // After a relink the burst joins what X2 should be in; pending rejoins are moot.
    const onDisconnected = (): void => this.rejoins.clear();

    link.on("ready", onReady);
    link.on("disconnected", onDisconnected);
    network.on("joined", onJoined);
    network.on("left", onLeft);
    this.detach.push(
      () => link.off("ready", onReady),
      () => link.off("disconnected", onDisconnected),
      () => network.off("joined", onJoined),
      () => network.off("left", onLeft),
      () => clients.setBurstJoins(() => []),
    );
    const every = deps.tickIntervalMs ?? 1_000;
    if (every > 0) {
      this.timer = setInterval(() => this.tick(), every);
      this.timer.unref();
    }
  }

  stop(): void {
    for (const off of this.detach.splice(0)) off();
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.rejoins.clear();
  }

  /** Rejoins X2 to the channels whose wait after a kick is over; returns them. */
  tick(): string[] {
    const { channels, clients, clock, network } = this.deps;
    const now = clock.now();
    const joined: string[] = [];
    for (const [key, rejoin] of [...this.rejoins]) {
      if (rejoin.dueAt > now) continue;
      this.rejoins.delete(key);
      this.guard("rejoin", () => {
        // Only where X2 sits now: a live registration, not suspended by a freeze, not kept out.
        const record = channels.joinable().find((c) => ircLower(c.name) === key);
        if (!record || channels.x2.isKeptOut(record.name)) return;
        if (network.getChannel(record.name)?.members.has(clients.uid("x2"))) return;
        clients.join("x2", record.name, record.ts ?? undefined);
        joined.push(record.name);
      });
    }
    return joined;
  }

  private guard(what: string, fn: () => unknown): void {
    try {
      fn();
    } catch (error) {
      this.deps.log.error({ event: what, err: errorStack(error) }, "channel network handler failed");
    }
  }
}
