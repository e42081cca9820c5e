import { GuardedEmitter } from "../util/guarded-emitter.js";
import { ircLower } from "./codec.js";
import { defaultChannelModes, parseModeChanges, type ChannelModeTable, type ModeChange } from "./modes.js";

export interface Server {
  sid: string;
  name: string;
  description: string;
  /** SID of the server it is linked behind; null for our uplink. */
  parent: string | null;
  /** True between this server's introduction (outside a parent's burst) and its ENDBURST. */
  bursting: boolean;
}

export interface User {
  uid: string;
  nick: string;
  nickTs: number;
  ident: string;
  host: string;
  displayHost: string;
  ip: string;
  server: string;
  signonTs: number;
  modes: Set<string>;
  realname: string;
  /** Account name the ircd holds for this user (METADATA accountname), or null. */
  account: string | null;
  accountId: string | null;
  certfp: string | null;
  operType: string | null;
  channels: Set<string>;
}

export interface Member {
  uid: string;
  /** Prefix mode letters held, e.g. "o", "v". */
  status: Set<string>;
  /** Whether the member's current op status came from a server burst or netjoin rather than a live mode change. */
  statusFromBurst: boolean;
}

export interface Channel {
  name: string;
  ts: number;
  modes: Map<string, string | true>;
  lists: Map<string, Set<string>>;
  members: Map<string, Member>;
  topic: string;
}

export interface NetworkEvents {
  serverLinked: [server: Server];
  serverLost: [server: Server, usersLost: number];
  burstEnded: [server: Server];
  userConnected: [user: User, duringBurst: boolean];
  userQuit: [user: User, reason: string];
  nickChanged: [user: User, oldNick: string];
  accountChanged: [user: User];
  hostChanged: [user: User];
  joined: [channel: Channel, user: User, member: Member];
  /** `by`: for a kick, the uid (or SID) of who kicked; otherwise "". */
  left: [channel: Channel, user: User, how: "part" | "kick" | "quit", by: string];
  channelModes: [channel: Channel, changes: ModeChange[], source: string];
  channelCreated: [channel: Channel];
  channelGone: [channel: Channel];
}

export interface FjoinMember {
  uid: string;
  status: string;
}

/**
 * The network as the uplink describes it: servers, users and channels.
 * It only records what the ircd says; it never sends anything.
 */
export class Network extends GuardedEmitter<NetworkEvents> {
  readonly servers = new Map<string, Server>();
  readonly users = new Map<string, User>();
  readonly channels = new Map<string, Channel>();
  private readonly byNick = new Map<string, string>();
  /** Server name -> when it was lost (ms, local clock), for split detection. Cleared when it returns. */
  readonly lostServers = new Map<string, number>();
  chanModes: ChannelModeTable = defaultChannelModes();
  /** The SIDs of our own server and pseudo-clients' server. */
  ownSid = "";

  constructor(private readonly now: () => number = Date.now) {
    super();
  }

  reset(): void {
    this.servers.clear();
    this.users.clear();
    this.channels.clear();
    this.byNick.clear();
  }

  // ---- servers ----

  addServer(sid: string, name: string, description: string, parent: string | null): Server {
    const parentBursting = parent !== null && this.isBursting(parent);
    const server: Server = { sid, name, description, parent, bursting: !parentBursting };
    this.servers.set(sid, server);
    this.lostServers.delete(ircLower(name));
    this.emit("serverLinked", server);
    return server;
  }

  findServer(sidOrName: string): Server | undefined {
    const bySid = this.servers.get(sidOrName);
    if (bySid) return bySid;
    const folded = sidOrName.toLowerCase();
    for (const server of this.servers.values()) if (server.name.toLowerCase() === folded) return server;
    return undefined;
  }

  isBursting(sid: string): boolean {
    let server = this.servers.get(sid);
    for (let depth = 0; server && depth < 64; depth++) {
      if (server.bursting) return true;
      server = server.parent ? this.servers.get(server.parent) : undefined;
    }
    return false;
  }

  startBurst(sid: string): void {
    const server = this.servers.get(sid);
    if (server) server.bursting = true;
  }

  endBurst(sid: string): void {
    const server = this.servers.get(sid);
    if (!server) return;
    server.bursting = false;
    this.emit("burstEnded", server);
  }

  /** Removes a server and everything behind it (SQUIT). */
  removeServer(sid: string): void {
    const server = this.servers.get(sid);
    if (!server) return;
    const doomed = new Set<string>([sid]);
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
      if (!s) continue;
      this.servers.delete(lost);
      this.lostServers.set(ircLower(s.name), at);
      this.emit("serverLost", s, lost === sid ? usersLost : 0);
    }
  }

  /** Whether a server that was present within `graceMs` is missing now. */
  isSplit(graceMs: number): boolean {
    const cutoff = this.now() - graceMs;
    for (const at of this.lostServers.values()) if (at >= cutoff) return true;
    return false;
  }

  // ---- users ----

  addUser(user: Omit<User, "channels" | "account" | "accountId" | "certfp" | "operType">): User {
    const existing = this.users.get(user.uid);
    if (existing) this.removeUser(existing.uid, "replaced");
    const full: User = { ...user, channels: new Set(), account: null, accountId: null, certfp: null, operType: null };
    this.users.set(full.uid, full);
    this.byNick.set(ircLower(full.nick), full.uid);
    this.emit("userConnected", full, this.isBursting(full.server));
    return full;
  }

  findUser(uidOrNick: string): User | undefined {
    return this.users.get(uidOrNick) ?? this.users.get(this.byNick.get(ircLower(uidOrNick)) ?? "");
  }

  findByNick(nick: string): User | undefined {
    const uid = this.byNick.get(ircLower(nick));
    return uid ? this.users.get(uid) : undefined;
  }

  changeNick(uid: string, nick: string, ts: number): void {
    const user = this.users.get(uid);
    if (!user) return;
    const old = user.nick;
    if (this.byNick.get(ircLower(old)) === uid) this.byNick.delete(ircLower(old));
    user.nick = nick;
    user.nickTs = ts;
    this.byNick.set(ircLower(nick), uid);
    if (old !== nick) this.emit("nickChanged", user, old);
  }

  removeUser(uid: string, reason: string): void {
    const user = this.users.get(uid);
    if (!user) return;
    for (const name of [...user.channels]) this.removeMember(name, uid, "quit");
    this.users.delete(uid);
    if (this.byNick.get(ircLower(user.nick)) === uid) this.byNick.delete(ircLower(user.nick));
    this.emit("userQuit", user, reason);
  }

  setAccount(uid: string, account: string | null, accountId?: string | null): void {
    const user = this.users.get(uid);
    if (!user) return;
    const changed = user.account !== account;
    user.account = account;
    if (accountId !== undefined) user.accountId = accountId;
    if (changed) this.emit("accountChanged", user);
  }

  setAccountId(uid: string, accountId: string | null): void {
    const user = this.users.get(uid);
    if (user) user.accountId = accountId;
  }

  setHost(uid: string, host: string): void {
    const user = this.users.get(uid);
    if (!user) return;
    user.displayHost = host;
    this.emit("hostChanged", user);
  }

  setIdent(uid: string, ident: string): void {
    const user = this.users.get(uid);
    if (user) user.ident = ident;
  }

  setRealname(uid: string, realname: string): void {
    const user = this.users.get(uid);
    if (user) user.realname = realname;
  }

  applyUserModes(uid: string, modes: string): void {
    const user = this.users.get(uid);
    if (!user) return;
    let adding = true;
    for (const ch of modes) {
      if (ch === "+") adding = true;
      else if (ch === "-") adding = false;
      else if (adding) user.modes.add(ch);
      else user.modes.delete(ch);
    }
    if (!user.modes.has("o")) user.operType = null;
  }

  // ---- channels ----

  getChannel(name: string): Channel | undefined {
    return this.channels.get(ircLower(name));
  }

  /**
   * FJOIN: creates or merges a channel following InspIRCd's timestamp rules.
   * `source` is the server (or user) that sent it, which tells whether it is part of a burst.
   */
  fjoin(name: string, ts: number, modes: string, modeParams: string[], members: FjoinMember[], source: string): Channel {
    const key = ircLower(name);
    let channel = this.channels.get(key);
    let keepIncomingModes = true;
    if (!channel) {
      channel = { name, ts, modes: new Map(), lists: new Map(), members: new Map(), topic: "" };
      this.channels.set(key, channel);
      this.emit("channelCreated", channel);
    } else if (ts < channel.ts) {
      // The older channel wins: our view of modes and status is replaced by theirs.
      channel.ts = ts;
      channel.modes.clear();
      channel.lists.clear();
      for (const member of channel.members.values()) member.status.clear();
    } else if (ts > channel.ts) {
      keepIncomingModes = false;
    }
    if (keepIncomingModes) this.applyModeChanges(channel, parseModeChanges(modes, modeParams, this.chanModes), source, false);
    const fromBurst = this.sourceBursting(source);
    for (const m of members) {
      const user = this.users.get(m.uid);
      if (!user) continue;
      const status = keepIncomingModes ? m.status : "";
      this.addMember(channel, user, status, fromBurst);
    }
    return channel;
  }

  /** IJOIN: a user joins an existing channel, possibly with status if the timestamps allow it. */
  ijoin(name: string, uid: string, ts?: number, status?: string): void {
    const channel = this.getChannel(name);
    const user = this.users.get(uid);
    if (!user) return;
    if (!channel) {
      this.fjoin(name, ts ?? Math.floor(this.now() / 1000), "+", [], [{ uid, status: status ?? "" }], uid);
      return;
    }
    const keep = status && ts !== undefined && ts <= channel.ts ? status : "";
    this.addMember(channel, user, keep, this.sourceBursting(uid));
  }

  part(name: string, uid: string): void {
    this.removeMember(ircLower(name), uid, "part");
  }

  /** `by`: the uid or SID the KICK came from. */
  kick(name: string, uid: string, by = ""): void {
    this.removeMember(ircLower(name), uid, "kick", by);
  }

  /** FMODE: applied only when the timestamp is not newer than ours. */
  fmode(name: string, ts: number, modes: string, params: string[], source: string): ModeChange[] {
    const channel = this.getChannel(name);
    if (!channel || ts > channel.ts) return [];
    const changes = parseModeChanges(modes, params, this.chanModes);
    this.applyModeChanges(channel, changes, source, true);
    return changes;
  }

  setTopic(name: string, topic: string): void {
    const channel = this.getChannel(name);
    if (channel) channel.topic = topic;
  }

  private addMember(channel: Channel, user: User, status: string, fromBurst: boolean): void {
    const existing = channel.members.get(user.uid);
    const member: Member = existing ?? { uid: user.uid, status: new Set(), statusFromBurst: fromBurst };
    for (const letter of status) {
      if (this.chanModes.prefix.has(letter)) member.status.add(letter);
    }
    if (status.length > 0) member.statusFromBurst = fromBurst;
    channel.members.set(user.uid, member);
    user.channels.add(ircLower(channel.name));
    if (!existing) this.emit("joined", channel, user, member);
  }

  private removeMember(key: string, uid: string, how: "part" | "kick" | "quit", by = ""): void {
    const channel = this.channels.get(key);
    const user = this.users.get(uid);
    if (!channel) return;
    if (!channel.members.delete(uid)) return;
    user?.channels.delete(key);
    if (user) this.emit("left", channel, user, how, by);
    if (channel.members.size === 0 && !channel.modes.has("P")) {
      this.channels.delete(key);
      this.emit("channelGone", channel);
    }
  }

  private applyModeChanges(channel: Channel, changes: ModeChange[], source: string, announce: boolean): void {
    const fromBurst = this.sourceBursting(source);
    for (const change of changes) {
      if (this.chanModes.prefix.has(change.mode)) {
        const target = change.param ? this.findUser(change.param) : undefined;
        const member = target ? channel.members.get(target.uid) : undefined;
        if (!member) continue;
        if (change.adding) {
          member.status.add(change.mode);
          member.statusFromBurst = fromBurst;
        } else member.status.delete(change.mode);
      } else if (this.chanModes.list.has(change.mode)) {
        const list = channel.lists.get(change.mode) ?? new Set<string>();
        if (change.adding && change.param) list.add(change.param);
        else if (change.param) list.delete(change.param);
        channel.lists.set(change.mode, list);
      } else if (change.adding) {
        channel.modes.set(change.mode, change.param ?? true);
      } else {
        channel.modes.delete(change.mode);
      }
    }
    if (announce && changes.length > 0) this.emit("channelModes", channel, changes, source);
  }

  /** Whether a line from `source` (a SID or a UID) is part of a burst. */
  private sourceBursting(source: string): boolean {
    const sid = source.length === 3 ? source : (this.users.get(source)?.server ?? source.slice(0, 3));
    return this.isBursting(sid);
  }
}
