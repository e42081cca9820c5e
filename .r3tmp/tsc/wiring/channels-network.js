import { ircLower } from "../irc/codec.js";
import { errorStack } from "../util/logger.js";
/**
 * The channels X2 sits in (unverified and active, less those it stays out of after kicks), with
 * their stored timestamps (`nowMs`, for one never seen).
 */
export function burstJoins(channels, nowMs) {
    const now = Math.floor(nowMs / 1000);
    return channels
        .joinable()
        .filter((c) => !channels.x2.isKeptOut(c.name))
        .map((c) => ({ channel: c.name, ts: c.ts ?? now }));
}
/** After a relink: stores the timestamps the network now has for our channels. Returns how many changed. */
export function syncTimestamps(channels, channelTs) {
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
    deps;
    detach = [];
    /** X2's rejoins after kicks, by folded channel name: when (services' clock). */
    rejoins = new Map();
    timer = null;
    constructor(deps) {
        this.deps = deps;
        const { network, clients, channels, link } = deps;
        clients.setBurstJoins(() => burstJoins(channels, deps.clock.now()).map(({ channel, ts }) => ({ service: "x2", channel, ts })));
        const onReady = () => this.guard("ready", () => syncTimestamps(channels, (name) => network.getChannel(name)?.ts));
        const onJoined = (channel, user) => this.guard("joined", () => {
            if (clients.isOurs(user.uid))
                return;
            channels.visits.onJoin(channel.name, user.uid, network.isBursting(user.server));
        });
        const onLeft = (channel, user, how, by) => this.guard("left", () => {
            if (!clients.isOurs(user.uid))
                channels.visits.onLeave(channel.name, user.uid);
            if (how !== "kick" || user.uid !== clients.uid("x2"))
                return;
            const kicker = network.users.get(by)?.nick ?? network.servers.get(by)?.name ?? "";
            const verdict = channels.x2.kicked(channel.name, kicker);
            if (verdict?.action !== "rejoin")
                return;
            deps.log.info({ channel: channel.name, kicker, kicks: verdict.kicks, rejoinInMs: verdict.delayMs }, "X2 kicked; it will rejoin");
            this.rejoins.set(ircLower(channel.name), { channel: channel.name, dueAt: deps.clock.now() + verdict.delayMs });
        });
        // After a relink the burst joins what X2 should be in; pending rejoins are moot.
        const onDisconnected = () => this.rejoins.clear();
        link.on("ready", onReady);
        link.on("disconnected", onDisconnected);
        network.on("joined", onJoined);
        network.on("left", onLeft);
        this.detach.push(() => link.off("ready", onReady), () => link.off("disconnected", onDisconnected), () => network.off("joined", onJoined), () => network.off("left", onLeft), () => clients.setBurstJoins(() => []));
        const every = deps.tickIntervalMs ?? 1_000;
        if (every > 0) {
            this.timer = setInterval(() => this.tick(), every);
            this.timer.unref();
        }
    }
    stop() {
        for (const off of this.detach.splice(0))
            off();
        if (this.timer)
            clearInterval(this.timer);
        this.timer = null;
        this.rejoins.clear();
    }
    /** Rejoins X2 to the channels whose wait after a kick is over; returns them. */
    tick() {
        const { channels, clients, clock, network } = this.deps;
        const now = clock.now();
        const joined = [];
        for (const [key, rejoin] of [...this.rejoins]) {
            if (rejoin.dueAt > now)
                continue;
            this.rejoins.delete(key);
            this.guard("rejoin", () => {
                // Only where X2 sits now: a live registration, not suspended by a freeze, not kept out.
                const record = channels.joinable().find((c) => ircLower(c.name) === key);
                if (!record || channels.x2.isKeptOut(record.name))
                    return;
                if (network.getChannel(record.name)?.members.has(clients.uid("x2")))
                    return;
                clients.join("x2", record.name, record.ts ?? undefined);
                joined.push(record.name);
            });
        }
        return joined;
    }
    guard(what, fn) {
        try {
            fn();
        }
        catch (error) {
            this.deps.log.error({ event: what, err: errorStack(error) }, "channel network handler failed");
        }
    }
}
//# sourceMappingURL=channels-network.js.map