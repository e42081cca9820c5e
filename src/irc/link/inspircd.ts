import { EventEmitter } from "node:events";
import net from "node:net";
import { timingSafeEqual } from "node:crypto";
import type { Logger } from "../../util/logger.js";
import { errorStack } from "../../util/logger.js";
import { decodeLine, encodeLine, LineSplitter, type IrcLine } from "../codec.js";
import { parseCapabChanmodes, parseCapabUsermodes } from "../modes.js";
import type { Network, FjoinMember } from "../network.js";

export const PROTOCOL_VERSION = 1205;

export interface LinkOptions {
  serverName: string;
  sid: string;
  description: string;
  host: string;
  port: number;
  sendPassword: string;
  receivePassword: string;
  reconnectDelayMs: number;
  maxReconnectDelayMs: number;
  pingIntervalMs: number;
  pingTimeoutMs: number;
  version: string;
}

export interface IncomingMessage {
  kind: "privmsg" | "notice";
  /** UID of the sender (lines from servers are dropped before this point). */
  from: string;
  /** A UID of ours, or a nick@server target as the ircd wrote it. */
  to: string;
  text: string;
}

export interface SaslMessage {
  /** SID of the server that sent the message (the client's server, or a hop towards it). */
  origin: string;
  /** UID of the connecting client (not yet introduced to the network while it registers). */
  client: string;
  /** The agent the ircd addresses: "*" until services answered, then the agent services named. */
  agent: string;
  /** H (host info: host, ip, S|P), S (start: mechanism [certfp]), C (client data), D (done/abort). */
  mode: string;
  data: string[];
}

export interface LinkEvents {
  /** Our burst is being sent: introduce clients now. Channels are joined on `ready`, when their timestamps are known. */
  bursting: [];
  /** Both bursts are complete; `ms` is the time from connect to the uplink's ENDBURST. */
  ready: [ms: number];
  disconnected: [reason: string];
  message: [message: IncomingMessage];
  sasl: [message: SaslMessage];
}

type LinkState = "idle" | "connecting" | "handshake" | "bursting" | "ready" | "stopped";

/** Modules the uplink must have loaded for services to work at all. */
const REQUIRED_MODULES = ["m_services_account.so"];

/**
 * The InspIRCd 3 spanning-tree link (protocol 1205): socket, handshake, burst, keepalive, reconnect,
 * and the translation of incoming lines into changes to {@link Network}.
 */
export class InspircdLink extends EventEmitter<LinkEvents> {
  private socket: net.Socket | null = null;
  private readonly splitter = new LineSplitter();
  private state: LinkState = "idle";
  private uplinkSid = "";
  private attempt = 0;
  private reconnectTimer: NodeJS.Timeout | null = null;
  private pingTimer: NodeJS.Timeout | null = null;
  private lastReceived = 0;
  private connectStartedAt = 0;
  private ourBurstSent = false;
  /** Network time minus local time, in ms, learned from the uplink's BURST. */
  private timeOffsetMs = 0;
  private capab: { modules: Set<string>; usermodes: Map<string, string>; casemapping: string | null } = {
    modules: new Set(),
    usermodes: new Map(),
    casemapping: null,
  };

  constructor(
    private readonly options: LinkOptions,
    readonly network: Network,
    private readonly log: Logger,
    /** The services' clock; protocol timestamps are corrected from it to the uplink's clock. */
    private readonly wallClock: () => number = Date.now,
  ) {
    super();
    network.ownSid = options.sid;
  }

  get isReady(): boolean {
    return this.state === "ready";
  }

  get sid(): string {
    return this.options.sid;
  }

  /** The network's idea of now (ms), from the uplink's clock rather than ours. */
  networkNow(): number {
    return this.wallClock() + this.timeOffsetMs;
  }

  networkSeconds(): number {
    return Math.floor(this.networkNow() / 1000);
  }

  /** User mode letters the uplink knows, by name (invisible, servprotect, hidechans, bot...). */
  userModeLetter(name: string): string | undefined {
    return this.capab.usermodes.get(name);
  }

  start(): void {
    if (this.state === "stopped") return;
    this.connect();
  }

  async stop(reason = "Shutting down"): Promise<void> {
    const socket = this.socket;
    this.state = "stopped";
    this.clearTimers();
    if (socket && !socket.destroyed) {
      if (this.uplinkSid) this.sendRaw(encodeLine(this.options.sid, "SQUIT", this.options.sid, reason));
      this.sendRaw(encodeLine("", "ERROR", reason));
      await new Promise<void>((resolve) => {
        socket.end(() => resolve());
        setTimeout(resolve, 500).unref();
      });
      socket.destroy();
    }
    this.socket = null;
  }

  /** Sends a line from `source` (our SID when empty). Dropped, with a debug log, while not linked. */
  send(source: string, command: string, ...params: string[]): void {
    const line = encodeLine(source || this.options.sid, command, ...params);
    if (this.state !== "bursting" && this.state !== "ready") {
      this.log.debug({ command }, "link not up; line dropped");
      return;
    }
    this.sendRaw(line);
  }

  // ---- connection lifecycle ----

  private connect(): void {
    this.clearTimers();
    this.state = "connecting";
    this.uplinkSid = "";
    this.ourBurstSent = false;
    this.splitter.reset();
    this.network.reset();
    this.capab = { modules: new Set(), usermodes: new Map(), casemapping: null };
    this.connectStartedAt = monotonicMs();
    const { host, port } = this.options;
    this.log.info({ host, port }, "connecting to uplink");
    const socket = net.createConnection({ host, port });
    this.socket = socket;
    socket.setEncoding("utf8");
    socket.setNoDelay(true);
    socket.on("connect", () => {
      this.state = "handshake";
      this.lastReceived = monotonicMs();
      this.sendRaw(encodeLine("", "CAPAB", "START", String(PROTOCOL_VERSION)));
      this.sendRaw(encodeLine("", "CAPAB", "CAPABILITIES", "CASEMAPPING=rfc1459"));
      this.sendRaw(encodeLine("", "CAPAB", "END"));
      this.sendRaw(
        encodeLine("", "SERVER", this.options.serverName, this.options.sendPassword, "0", this.options.sid, this.options.description),
      );
      this.startPinging();
    });
    socket.on("data", (chunk: string) => this.onData(chunk));
    socket.on("error", (error) => this.log.warn({ err: error.message, host, port }, "uplink connection error"));
    socket.on("close", () => {
      if (this.socket !== socket) return;
      this.onClosed("connection closed");
    });
  }

  private onClosed(reason: string): void {
    const wasUp = this.state === "ready" || this.state === "bursting";
    this.socket = null;
    this.clearTimers();
    this.network.reset();
    if (wasUp) this.attempt = 0;
    if (this.state === "stopped") return;
    this.state = "idle";
    this.emit("disconnected", reason);
    const delay = Math.min(this.options.reconnectDelayMs * 2 ** this.attempt, this.options.maxReconnectDelayMs);
    this.attempt++;
    this.log.warn({ reason, retryInMs: delay }, "uplink link lost; will reconnect");
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  private drop(reason: string, sendError?: string): void {
    this.log.error({ reason }, "dropping uplink link");
    if (sendError && this.socket) this.sendRaw(encodeLine("", "ERROR", sendError));
    const socket = this.socket;
    if (socket) {
      socket.end();
      setTimeout(() => socket.destroy(), 200).unref();
      this.socket = null;
    }
    this.onClosed(reason);
  }

  private startPinging(): void {
    this.pingTimer = setInterval(() => {
      const silentFor = monotonicMs() - this.lastReceived;
      if (silentFor > this.options.pingTimeoutMs) {
        this.drop(`no data from uplink for ${Math.round(silentFor / 1000)}s`);
        return;
      }
      if (this.uplinkSid && (this.state === "ready" || this.state === "bursting")) {
        this.sendRaw(encodeLine(this.options.sid, "PING", this.uplinkSid));
      }
    }, this.options.pingIntervalMs);
    this.pingTimer.unref();
  }

  private clearTimers(): void {
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.reconnectTimer = this.pingTimer = null;
  }

  private sendRaw(line: string): void {
    const socket = this.socket;
    if (!socket || socket.destroyed) return;
    socket.write(line + "\r\n");
  }

  private onData(chunk: string): void {
    this.lastReceived = monotonicMs();
    const { lines, overflow } = this.splitter.push(chunk);
    if (overflow) this.log.warn("uplink sent an overlong line; discarded");
    for (const raw of lines) {
      const decoded = decodeLine(raw);
      if (!decoded.ok) {
        this.log.warn({ reason: decoded.reason, length: raw.length }, "malformed line from uplink skipped");
        continue;
      }
      try {
        this.handle(decoded.line);
      } catch (error) {
        this.log.error({ err: errorStack(error), command: decoded.line.command }, "error handling uplink line; skipped");
      }
      if (!this.socket) return;
    }
  }

  // ---- handshake ----

  private handle(line: IrcLine): void {
    if (this.state === "handshake") {
      this.handleHandshake(line);
      return;
    }
    this.handleLinked(line);
  }

  private handleHandshake(line: IrcLine): void {
    const p = line.params;
    switch (line.command) {
      case "CAPAB":
        this.handleCapab(p);
        return;
      case "SERVER": {
        const [name = "", password = "", , sid = "", description = ""] = p;
        if (!safeEqual(password, this.options.receivePassword)) {
          this.drop(
            `uplink ${name} sent a wrong link password: check [uplink] receive_password against the ircd's <link sendpass>`,
            "Invalid password.",
          );
          return;
        }
        if (!/^[0-9][A-Z0-9]{2}$/.test(sid)) {
          this.drop(`uplink sent an invalid SID "${sid}"`, "Invalid SID.");
          return;
        }
        this.uplinkSid = sid;
        this.state = "bursting";
        this.network.addServer(sid, name, description, null);
        this.log.info({ uplink: name, sid }, "uplink authenticated");
        // InspIRCd sends its own burst only after ours.
        this.sendOurBurst();
        return;
      }
      case "ERROR":
        this.drop(`uplink refused the link: ${p[0] ?? ""} (check [uplink] send_password, server name and the ircd's <link> block)`);
        return;
      case "PING":
        return;
      default:
        this.log.debug({ command: line.command }, "unexpected line during handshake ignored");
    }
  }

  private handleCapab(p: string[]): void {
    const [sub = "", value = ""] = p;
    switch (sub) {
      case "START": {
        const version = Number(value);
        if (!Number.isInteger(version) || version < PROTOCOL_VERSION) {
          this.drop(`uplink speaks protocol ${value}; Custodian needs ${PROTOCOL_VERSION} (InspIRCd 3)`, "Protocol version not supported.");
        }
        return;
      }
      case "MODULES":
      case "MODSUPPORT":
        for (const m of value.split(" ").filter(Boolean)) this.capab.modules.add(m.split("=")[0] as string);
        return;
      case "CHANMODES":
        this.network.chanModes = parseCapabChanmodes(value);
        return;
      case "USERMODES":
        this.capab.usermodes = parseCapabUsermodes(value);
        return;
      case "CAPABILITIES": {
        const match = /(?:^| )CASEMAPPING=(\S+)/.exec(value);
        if (match) this.capab.casemapping = match[1] as string;
        return;
      }
      case "END": {
        const missing = REQUIRED_MODULES.filter((m) => !this.capab.modules.has(m));
        if (missing.length > 0) {
          this.drop(`uplink lacks required module(s) ${missing.join(", ")}: load them in the ircd's config`, "Missing required modules.");
          return;
        }
        if (this.capab.casemapping && this.capab.casemapping !== "rfc1459") {
          this.log.error({ casemapping: this.capab.casemapping }, "uplink uses a casemapping other than rfc1459; the link will be refused");
        }
        return;
      }
      default:
        return;
    }
  }

  private sendOurBurst(): void {
    if (this.ourBurstSent || !this.socket || this.state === "stopped") return;
    this.ourBurstSent = true;
    const sid = this.options.sid;
    // No timestamp: InspIRCd would refuse the link over a skewed services clock, and we take the
    // network's time from the uplink's own BURST instead.
    this.sendRaw(encodeLine(sid, "BURST"));
    this.sendRaw(encodeLine(sid, "SINFO", "version", `Custodian-${this.options.version} ${this.options.serverName}`));
    this.sendRaw(encodeLine(sid, "SINFO", "fullversion", `Custodian-${this.options.version} ${this.options.serverName} :[${sid}] IRC services`));
    this.sendRaw(encodeLine(sid, "SINFO", "rawversion", `Custodian-${this.options.version}`));
    this.network.addServer(sid, this.options.serverName, this.options.description, this.uplinkSid);
    this.emit("bursting");
    this.sendRaw(encodeLine(sid, "ENDBURST"));
    this.network.endBurst(sid);
  }

  // ---- linked ----

  private handleLinked(line: IrcLine): void {
    const p = line.params;
    const src = line.source || this.uplinkSid;
    const net = this.network;
    switch (line.command) {
      case "PING":
        this.sendRaw(encodeLine(this.options.sid, "PONG", src));
        return;
      case "PONG":
        return;
      case "BURST": {
        const ts = Number(p[0]);
        if (src === this.uplinkSid && Number.isFinite(ts) && ts > 0) this.timeOffsetMs = ts * 1000 - this.wallClock();
        net.startBurst(src);
        return;
      }
      case "ENDBURST":
        net.endBurst(src);
        if (src === this.uplinkSid && this.state === "bursting") {
          this.state = "ready";
          const ms = monotonicMs() - this.connectStartedAt;
          this.log.info({ ms, users: net.users.size, channels: net.channels.size }, "link ready: bursts complete");
          this.emit("ready", ms);
        }
        return;
      case "SERVER": {
        // 1205 forms: `:<parent> SERVER <name> <pass> <hops> <sid> :<desc>` or `:<parent> SERVER <name> <sid> [k=v]... :<desc>`.
        const name = p[0];
        const description = p[p.length - 1] ?? "";
        const sid = p.slice(1, -1).reverse().find((x) => /^[0-9][A-Z0-9]{2}$/.test(x));
        if (!name || !sid) return this.skip(line, "SERVER without name or SID");
        net.addServer(sid, name, description, src.slice(0, 3));
        return;
      }
      case "SQUIT": {
        const target = net.findServer(p[0] ?? "");
        if (!target) return;
        if (target.sid === this.options.sid) {
          this.drop(`uplink squit us: ${p[1] ?? ""}`);
          return;
        }
        net.removeServer(target.sid);
        return;
      }
      case "UID":
        return this.handleUid(line);
      case "NICK": {
        const nick = p[0];
        if (!nick) return this.skip(line, "NICK without a nick");
        net.changeNick(src, nick, Number(p[1]) || this.networkSeconds());
        return;
      }
      case "SAVE": {
        const [uid = "", ts] = p;
        net.changeNick(uid, uid, Number(ts) || this.networkSeconds());
        return;
      }
      case "QUIT":
        net.removeUser(src, p[0] ?? "");
        return;
      case "KILL":
        net.removeUser(p[0] ?? "", `Killed (${p[1] ?? ""})`);
        return;
      case "FHOST":
        net.setHost(src, p[0] ?? "");
        return;
      case "FIDENT":
        net.setIdent(src, p[0] ?? "");
        return;
      case "FNAME":
        net.setRealname(src, p[0] ?? "");
        return;
      case "OPERTYPE": {
        const user = net.users.get(src);
        if (user) {
          user.operType = p[0] ?? "oper";
          user.modes.add("o");
        }
        return;
      }
      case "MODE": {
        const target = p[0] ?? "";
        if (net.users.has(target)) net.applyUserModes(target, p[1] ?? "");
        return;
      }
      case "FJOIN":
        return this.handleFjoin(line, src);
      case "IJOIN": {
        const [channel, , ts, status] = p;
        if (!channel) return this.skip(line, "IJOIN without a channel");
        net.ijoin(channel, src, ts === undefined ? undefined : Number(ts), status);
        return;
      }
      case "PART":
        net.part(p[0] ?? "", src);
        return;
      case "KICK":
        net.kick(p[0] ?? "", p[1] ?? "");
        return;
      case "FMODE": {
        const [channel = "", ts = "", modes = "", ...params] = p;
        net.fmode(channel, Number(ts), modes, params, src);
        return;
      }
      case "FTOPIC":
        net.setTopic(p[0] ?? "", p[p.length - 1] ?? "");
        return;
      case "TOPIC":
        net.setTopic(p[0] ?? "", p[1] ?? "");
        return;
      case "METADATA":
        return this.handleMetadata(p);
      case "ENCAP":
        return this.handleEncap(src, p);
      case "PRIVMSG":
      case "NOTICE": {
        const [to = "", text = ""] = p;
        if (!net.users.has(src)) return;
        this.emit("message", { kind: line.command === "PRIVMSG" ? "privmsg" : "notice", from: src, to, text });
        return;
      }
      case "IDLE": {
        // WHOIS on one of our clients: the ircd asks for its signon and idle time.
        // Answered only for our own clients, so a line never goes out from a source we do not own.
        const ours = net.users.get(p[0] ?? "");
        if (p.length === 1 && net.users.has(src) && ours?.server === this.options.sid) {
          this.sendRaw(encodeLine(ours.uid, "IDLE", src, String(ours.signonTs), "0"));
        }
        return;
      }
      case "ERROR":
        this.drop(`uplink closed the link: ${p[0] ?? ""}`);
        return;
      case "AWAY":
      case "SINFO":
      case "SNONOTICE":
      case "GLOBOPS":
      case "ADDLINE":
      case "DELLINE":
      case "INVITE":
      case "VERSION":
      case "TIME":
      case "SVSNICK":
      case "SVSHOLD":
      case "OPERQUIT":
      case "RSQUIT":
      case "CAPAB":
      case "NUM":
      case "LMODE":
      case "WALLOPS":
        return;
      default:
        this.log.debug({ command: line.command }, "unknown command from uplink ignored");
    }
  }

  private handleUid(line: IrcLine): void {
    const p = line.params;
    // UID <uid> <nick ts> <nick> <host> <dhost> <ident> <ip> <signon> +<modes> [mode params] :<realname>
    if (p.length < 10) return this.skip(line, "UID with too few parameters");
    const [uid = "", nickTs, nick = "", host = "", dhost = "", ident = "", ip = "", signon, modes = "+"] = p;
    if (!/^[0-9][A-Z0-9]{8}$/.test(uid)) return this.skip(line, "UID with a malformed uid");
    const user = this.network.addUser({
      uid,
      nick,
      nickTs: Number(nickTs) || 0,
      ident,
      host,
      displayHost: dhost,
      ip,
      server: uid.slice(0, 3),
      signonTs: Number(signon) || 0,
      modes: new Set(),
      realname: p[p.length - 1] ?? "",
    });
    this.network.applyUserModes(user.uid, modes);
  }

  private handleFjoin(line: IrcLine, src: string): void {
    const p = line.params;
    // FJOIN <chan> <ts> <modes> [params...] :<status>,<uid>[:<membid>] ...
    if (p.length < 4) return this.skip(line, "FJOIN with too few parameters");
    const [channel = "", ts = "", modes = "+"] = p;
    const modeParams = p.slice(3, -1);
    const members: FjoinMember[] = [];
    for (const entry of (p[p.length - 1] ?? "").split(" ").filter(Boolean)) {
      const comma = entry.indexOf(",");
      if (comma < 0) continue;
      const status = entry.slice(0, comma);
      const uid = entry.slice(comma + 1).split(":")[0] ?? "";
      members.push({ uid, status });
    }
    const tsNumber = Number(ts);
    if (!channel.startsWith("#") || !Number.isFinite(tsNumber)) return this.skip(line, "FJOIN with a bad channel or ts");
    this.network.fjoin(channel, tsNumber, modes, modeParams, members, src);
  }

  private handleMetadata(p: string[]): void {
    const [target = "", ...rest] = p;
    if (target.startsWith("#") || target === "*") return;
    const [key = "", value = ""] = rest;
    switch (key) {
      case "accountname":
        this.network.setAccount(target, value === "" ? null : value);
        return;
      case "accountid":
        this.network.setAccountId(target, value === "" ? null : value);
        return;
      case "ssl_cert": {
        const user = this.network.users.get(target);
        // Format: "<flags> <fingerprint> <dn> <issuer>"; the flags never contain 'E' (error) for a valid cert.
        const [flags = "", fingerprint = ""] = value.split(" ");
        if (user) user.certfp = !flags.includes("E") && /^[0-9a-fA-F]{16,}$/.test(fingerprint) ? fingerprint.toLowerCase() : null;
        return;
      }
      default:
        return;
    }
  }

  private handleEncap(src: string, p: string[]): void {
    const [target = "", sub = "", ...rest] = p;
    if (target !== "*" && target !== this.options.sid && target !== this.options.serverName) return;
    if (sub === "SASL") {
      // From the ircd (m_sasl, InspIRCd 3): ENCAP <target> SASL <client uid> <agent> <mode> <data...>
      // e.g. `SASL 001AAAAAB * H 127.0.0.1 127.0.0.1 P`, `SASL 001AAAAAB * S PLAIN`, `SASL 001AAAAAB 42X C <b64>`.
      const [client = "", agent = "", mode = "", ...data] = rest;
      if (!/^[0-9][A-Z0-9]{8}$/.test(client) || !mode) return;
      this.emit("sasl", { origin: src.slice(0, 3), client, agent, mode, data });
    }
  }

  private skip(line: IrcLine, reason: string): void {
    this.log.warn({ command: line.command, reason }, "bad line from uplink skipped");
  }
}

/** Monotonic milliseconds for keepalive and timing, unaffected by clock jumps. */
function monotonicMs(): number {
  return performance.now();
}

function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
