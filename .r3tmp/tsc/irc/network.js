import { GuardedEmitter } from "../util/guarded-emitter.js";
import { ircLower } from "./codec.js";
import { defaultChannelModes, parseModeChanges } from "./modes.js";
/**
 * The network as the uplink describes it: servers, users and channels.
 * It only records what the ircd says; it never sends anything.
 */
export class Network extends GuardedEmitter {
    now;
    servers = new Map();
    users = new Map();
    channels = new Map();
    byNick = new Map();
    /** Server name -> when it was lost (ms, local clock), for split detection. Cleared when it returns. */
    lostServers = new Map();
    chanModes = defaultChannelModes();
    /** The SIDs of our own server and pseudo-clients' server. */
    ownSid = "";
    constructor(now = Date.now) {
        super();
        this.now = now;
    }
    reset() {
        this.servers.clear();
        this.users.clear();
        this.channels.clear();
        this.byNick.clear();
    }
    // ---- servers ----
    addServer(sid, name, description, parent) {
        const parentBursting = parent !== null && this.isBursting(parent);
        const server = { sid, name, description, parent, bursting: !parentBursting };
        this.servers.set(sid, server);
        this.lostServers.delete(ircLower(name));
        this.emit("serverLinked", server);
        return server;
    }
    findServer(sidOrName) {
        const bySid = this.servers.get(sidOrName);
        if (bySid)
            return bySid;
        const folded = sidOrName.toLowerCase();
        for (const server of this.servers.values())
            if (server.name.toLowerCase() === folded)
                return server;
        return undefined;
    }
    isBursting(sid) {
        let server = this.servers.get(sid);
        for (let depth = 0; server && depth < 64; depth++) {
            if (server.bursting)
                return true;
            server = server.parent ? this.servers.get(server.parent) : undefined;
        }
        return false;
    }
    startBurst(sid) {
        const server = this.servers.get(sid);
        if (server)
            server.bursting = true;
    }
    endBurst(sid) {
        const server = this.servers.get(sid);
        if (!server)
            return;
        server.bursting = false;
        this.emit("burstEnded", server);
    }
    /** Removes a server and everything behind it (SQUIT). */
    removeServer(sid) {
        const server = this.servers.get(sid);
        if (!server)
            return;
        const doomed = new Set([sid]);
        let grew = true;
        while (grew) {
            grew = false;
            for (const s of this.servers.values()) {
                if (s.parent && doomed.has(s.parent) && !doomed.has(s.sid)) {
                    doomed.add(s.sid);
                    grew = true;
                }
            }
        }
        let usersLost = 0;
        for (const user of [...this.users.values()]) {
            if (doomed.has(user.server)) {
                this.removeUser(user.uid, `${server.name} split`);
                usersLost++;
            }
        }
        const at = this.now();
        for (const lost of doomed) {
            const s = this.servers.get(lost);
            if (!s)
                continue;
            this.servers.delete(lost);
            this.lostServers.set(ircLower(s.name), at);
            this.emit("serverLost", s, lost === sid ? usersLost : 0);
        }
    }
    /** Whether a server that was present within `graceMs` is missing now. */
    isSplit(graceMs) {
        const cutoff = this.now() - graceMs;
        for (const at of this.lostServers.values())
            if (at >= cutoff)
                return true;
        return false;
    }
    // ---- users ----
    addUser(user) {
        const existing = this.users.get(user.uid);
        if (existing)
            this.removeUser(existing.uid, "replaced");
        const full = { ...user, channels: new Set(), account: null, accountId: null, certfp: null, operType: null };
        this.users.set(full.uid, full);
        this.byNick.set(ircLower(full.nick), full.uid);
        this.emit("userConnected", full, this.isBursting(full.server));
        return full;
    }
    findUser(uidOrNick) {
        return this.users.get(uidOrNick) ?? this.users.get(this.byNick.get(ircLower(uidOrNick)) ?? "");
    }
    findByNick(nick) {
        const uid = this.byNick.get(ircLower(nick));
        return uid ? this.users.get(uid) : undefined;
    }
    changeNick(uid, nick, ts) {
        const user = this.users.get(uid);
        if (!user)
            return;
        const old = user.nick;
        if (this.byNick.get(ircLower(old)) === uid)
            this.byNick.delete(ircLower(old));
        user.nick = nick;
        user.nickTs = ts;
        this.byNick.set(ircLower(nick), uid);
        if (old !== nick)
            this.emit("nickChanged", user, old);
    }
    removeUser(uid, reason) {
        const user = this.users.get(uid);
        if (!user)
            return;
        for (const name of [...user.channels])
            this.removeMember(name, uid, "quit");
        this.users.delete(uid);
        if (this.byNick.get(ircLower(user.nick)) === uid)
            this.byNick.delete(ircLower(user.nick));
        this.emit("userQuit", user, reason);
    }
    setAccount(uid, account, accountId) {
        const user = this.users.get(uid);
        if (!user)
            return;
        const changed = user.account !== account;
        user.account = account;
        if (accountId !== undefined)
            user.accountId = accountId;
        if (changed)
            this.emit("accountChanged", user);
    }
    setAccountId(uid, accountId) {
        const user = this.users.get(uid);
        if (user)
            user.accountId = accountId;
    }
    setHost(uid, host) {
        const user = this.users.get(uid);
        if (!user)
            return;
        user.displayHost = host;
        this.emit("hostChanged", user);
    }
    setIdent(uid, ident) {
        const user = this.users.get(uid);
        if (user)
            user.ident = ident;
    }
    setRealname(uid, realname) {
        const user = this.users.get(uid);
        if (user)
            user.realname = realname;
    }
    applyUserModes(uid, modes) {
        const user = this.users.get(uid);
        if (!user)
            return;
        let adding = true;
        for (const ch of modes) {
            if (ch === "+")
                adding = true;
            else if (ch === "-")
                adding = false;
            else if (adding)
                user.modes.add(ch);
            else
                user.modes.delete(ch);
        }
        if (!user.modes.has("o"))
            user.operType = null;
    }
    // ---- channels ----
    getChannel(name) {
        return this.channels.get(ircLower(name));
    }
    /**
     * FJOIN: creates or merges a channel following InspIRCd's timestamp rules.
     * `source` is the server (or user) that sent it, which tells whether it is part of a burst.
     */
    fjoin(name, ts, modes, modeParams, members, source) {
        const key = ircLower(name);
        let channel = this.channels.get(key);
        let keepIncomingModes = true;
        if (!channel) {
            channel = { name, ts, modes: new Map(), lists: new Map(), members: new Map(), topic: "" };
            this.channels.set(key, channel);
            this.emit("channelCreated", channel);
        }
        else if (ts < channel.ts) {
            // The older channel wins: our view of modes and status is replaced by theirs.
            channel.ts = ts;
            channel.modes.clear();
            channel.lists.clear();
            for (const member of channel.members.values())
                member.status.clear();
        }
        else if (ts > channel.ts) {
            keepIncomingModes = false;
        }
        if (keepIncomingModes)
            this.applyModeChanges(channel, parseModeChanges(modes, modeParams, this.chanModes), source, false);
        const fromBurst = this.sourceBursting(source);
        for (const m of members) {
            const user = this.users.get(m.uid);
            if (!user)
                continue;
            const status = keepIncomingModes ? m.status : "";
            this.addMember(channel, user, status, fromBurst);
        }
        return channel;
    }
    /** IJOIN: a user joins an existing channel, possibly with status if the timestamps allow it. */
    ijoin(name, uid, ts, status) {
        const channel = this.getChannel(name);
        const user = this.users.get(uid);
        if (!user)
            return;
        if (!channel) {
            this.fjoin(name, ts ?? Math.floor(this.now() / 1000), "+", [], [{ uid, status: status ?? "" }], uid);
            return;
        }
        const keep = status && ts !== undefined && ts <= channel.ts ? status : "";
        this.addMember(channel, user, keep, this.sourceBursting(uid));
    }
    part(name, uid) {
        this.removeMember(ircLower(name), uid, "part");
    }
    /** `by`: the uid or SID the KICK came from. */
    kick(name, uid, by = "") {
        this.removeMember(ircLower(name), uid, "kick", by);
    }
    /** FMODE: applied only when the timestamp is not newer than ours. */
    fmode(name, ts, modes, params, source) {
        const channel = this.getChannel(name);
        if (!channel || ts > channel.ts)
            return [];
        const changes = parseModeChanges(modes, params, this.chanModes);
        this.applyModeChanges(channel, changes, source, true);
        return changes;
    }
    setTopic(name, topic) {
        const channel = this.getChannel(name);
        if (channel)
            channel.topic = topic;
    }
    addMember(channel, user, status, fromBurst) {
        const existing = channel.members.get(user.uid);
        const member = existing ?? { uid: user.uid, status: new Set(), statusFromBurst: fromBurst };
        for (const letter of status) {
            if (this.chanModes.prefix.has(letter))
                member.status.add(letter);
        }
        if (status.length > 0)
            member.statusFromBurst = fromBurst;
        channel.members.set(user.uid, member);
        user.channels.add(ircLower(channel.name));
        if (!existing)
            this.emit("joined", channel, user, member);
    }
    removeMember(key, uid, how, by = "") {
        const channel = this.channels.get(key);
        const user = this.users.get(uid);
        if (!channel)
            return;
        if (!channel.members.delete(uid))
            return;
        user?.channels.delete(key);
        if (user)
            this.emit("left", channel, user, how, by);
        if (channel.members.size === 0 && !channel.modes.has("P")) {
            this.channels.delete(key);
            this.emit("channelGone", channel);
        }
    }
    applyModeChanges(channel, changes, source, announce) {
        const fromBurst = this.sourceBursting(source);
        for (const change of changes) {
            if (this.chanModes.prefix.has(change.mode)) {
                const target = change.param ? this.findUser(change.param) : undefined;
                const member = target ? channel.members.get(target.uid) : undefined;
                if (!member)
                    continue;
                if (change.adding) {
                    member.status.add(change.mode);
                    member.statusFromBurst = fromBurst;
                }
                else
                    member.status.delete(change.mode);
            }
            else if (this.chanModes.list.has(change.mode)) {
                const list = channel.lists.get(change.mode) ?? new Set();
                if (change.adding && change.param)
                    list.add(change.param);
                else if (change.param)
                    list.delete(change.param);
                channel.lists.set(change.mode, list);
            }
            else if (change.adding) {
                channel.modes.set(change.mode, change.param ?? true);
            }
            else {
                channel.modes.delete(change.mode);
            }
        }
        if (announce && changes.length > 0)
            this.emit("channelModes", channel, changes, source);
    }
    /** Whether a line from `source` (a SID or a UID) is part of a burst. */
    sourceBursting(source) {
        const sid = source.length === 3 ? source : (this.users.get(source)?.server ?? source.slice(0, 3));
        return this.isBursting(sid);
    }
}
//# sourceMappingURL=network.js.map