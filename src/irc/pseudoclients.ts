import { GuardedEmitter } from "../util/guarded-emitter.js";
import type { Logger } from "../util/logger.js";
import { errorMessage } from "../util/logger.js";
import type { InspircdLink, IncomingMessage } from "./link/inspircd.js";
import { ircLower } from "./codec.js";

export interface PseudoClientSpec {
  /** Stable key used by the rest of the program: "x2", "nickserv", "operserv". */
  key: string;
  nick: string;
  ident: string;
  host: string;
  realname: string;
}

export interface ServiceMessage {
  service: string;
  from: string;
  text: string;
}

/** A CTCP request (VERSION, PING...) sent to a pseudo-client; answered with answerCtcp. */
export interface CtcpRequest {
  service: string;
  from: string;
  /** The request's name, upper case ("VERSION"). */
  verb: string;
  /** What follows the name (PING's token), as sent. */
  argument: string;
}

/** A channel a pseudo-client sits in; ts is used only when the ircd does not know the channel yet. */
export interface BurstJoin {
  service: string;
  channel: string;
  ts: number;
}

/** The longest text we put in one NOTICE (bytes of UTF-8), for lines that read well. */
const MAX_NOTICE_TEXT = 400;
/** An IRC line is at most 512 bytes with its CR LF. */
const MAX_LINE_BYTES = 510;
/** Room kept for the recipient's nick in the line the ircd writes to the client (InspIRCd's default limit is 30). */
const TARGET_NICK_ROOM = 32;

export interface PseudoClientOptions {
  /** Wait before introducing a removed (killed) client again; doubles with each removal within 10 minutes, up to 1 minute. Default 1 s. */
  reintroduceDelayMs?: number;
}

/** Removals of one client within this window make the wait before introducing it again grow. */
const REMOVAL_WINDOW_MS = 10 * 60_000;
const MAX_REINTRODUCE_DELAY_MS = 60_000;

/**
 * Introduces the service clients (X2, NickServ, OperServ) and routes private messages to them.
 * A client removed from the network (a KILL, where the ircd lets one through) is logged and
 * introduced again within seconds, with its channels; one that lost its nick (a collision SAVE)
 * takes it back; one removed over and over comes back more slowly each time. An SVSNICK of one of
 * them is refused: only services act on it, and they keep the nick (logged). Knows IRC, not what
 * the services do.
 */
export class PseudoClients extends GuardedEmitter<{ command: [message: ServiceMessage]; ctcp: [request: CtcpRequest] }> {
  private readonly byKey = new Map<string, PseudoClientSpec & { uid: string }>();
  private readonly byUid = new Map<string, string>();
  private burstJoins: () => BurstJoin[] = () => [];
  private readonly onBursting = (): void => this.introduceAll();
  private readonly onReady = (): void => this.joinBurstChannels();
  private readonly onMessage = (message: IncomingMessage): void => this.route(message);
  private readonly onDisconnected = (): void => this.cancelReintroductions();
  private readonly onUserQuit = (user: { uid: string }, reason: string): void => this.displaced(user.uid, reason);
  private readonly onNickChanged = (user: { uid: string; nick: string }, oldNick: string): void => {
    const client = this.byKey.get(this.byUid.get(user.uid) ?? "");
    if (client && user.nick !== client.nick) this.displaced(user.uid, `nick changed from ${oldNick} to ${user.nick}`);
  };
  private readonly onForcedNick = (uid: string, nick: string, source: string): void => {
    const key = this.byUid.get(uid);
    if (key !== undefined) this.log.warn({ client: this.nick(key), uid, to: nick, from: source }, "SVSNICK of a pseudo-client refused; it keeps its nick");
  };
  private readonly removals = new Map<string, { times: number[]; timer: NodeJS.Timeout | null }>();
  /** True while services themselves introduce or rename a client (not a displacement). */
  private acting = false;
  private readonly reintroduceDelayMs: number;

  constructor(
    private readonly link: InspircdLink,
    specs: PseudoClientSpec[],
    private readonly log: Logger,
    options: PseudoClientOptions = {},
  ) {
    super();
    this.reintroduceDelayMs = options.reintroduceDelayMs ?? 1_000;
    specs.forEach((spec, index) => {
      const uid = link.sid + "AAAAA" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index];
      this.byKey.set(spec.key, { ...spec, uid });
      this.byUid.set(uid, spec.key);
    });
    link.on("bursting", this.onBursting);
    link.on("ready", this.onReady);
    link.on("message", this.onMessage);
    link.on("disconnected", this.onDisconnected);
    link.on("forcedNick", this.onForcedNick);
    link.network.on("userQuit", this.onUserQuit);
    link.network.on("nickChanged", this.onNickChanged);
  }

  /** Stops following the link (start-up's stop()). */
  stop(): void {
    this.link.off("bursting", this.onBursting);
    this.link.off("ready", this.onReady);
    this.link.off("message", this.onMessage);
    this.link.off("disconnected", this.onDisconnected);
    this.link.off("forcedNick", this.onForcedNick);
    this.link.network.off("userQuit", this.onUserQuit);
    this.link.network.off("nickChanged", this.onNickChanged);
    this.cancelReintroductions();
    this.removeAllListeners("command");
    this.removeAllListeners("ctcp");
  }

  /** Supplies the channels to join during every burst (X2's registered channels). */
  setBurstJoins(provider: () => BurstJoin[]): void {
    this.burstJoins = provider;
  }

  uid(key: string): string {
    const client = this.byKey.get(key);
    if (!client) throw new Error(`no pseudo-client "${key}"`);
    return client.uid;
  }

  nick(key: string): string {
    return this.byKey.get(key)?.nick ?? key;
  }

  isOurs(uid: string): boolean {
    return this.byUid.has(uid);
  }

  /** Sends text as NOTICEs, one per line, split so that no line exceeds the protocol's length. */
  notice(key: string, targetUid: string, text: string): void {
    const from = this.uid(key);
    for (const line of splitText(text, this.noticeBudget(key))) this.link.send(from, "NOTICE", targetUid, line);
  }

  /**
   * The bytes of text one NOTICE from this client may carry so that the line the user receives,
   * `:nick!ident@host NOTICE <target> :<text>`, stays within 512 bytes.
   */
  noticeBudget(key: string): number {
    const client = this.byKey.get(key);
    if (!client) return MAX_NOTICE_TEXT;
    const prefix = Buffer.byteLength(`:${client.nick}!${client.ident}@${client.host} NOTICE `);
    return Math.min(MAX_NOTICE_TEXT, MAX_LINE_BYTES - prefix - TARGET_NICK_ROOM - " :".length);
  }

  /** Joins a channel with op status, using the channel's own timestamp so the status is kept. */
  join(key: string, channel: string, fallbackTs?: number): void {
    const uid = this.uid(key);
    const existing = this.link.network.getChannel(channel);
    if (existing?.members.has(uid)) return;
    const ts = existing?.ts ?? fallbackTs ?? this.link.networkSeconds();
    this.link.send(this.link.sid, "FJOIN", existing?.name ?? channel, String(ts), "+", `o,${uid}`);
    this.link.network.fjoin(existing?.name ?? channel, ts, "+", [], [{ uid, status: "o" }], this.link.sid);
  }

  part(key: string, channel: string, reason: string): void {
    const uid = this.uid(key);
    const existing = this.link.network.getChannel(channel);
    if (!existing?.members.has(uid)) return;
    this.link.send(uid, "PART", existing.name, reason);
    this.link.network.part(existing.name, uid);
  }

  /** Sets channel modes as the pseudo-client, e.g. mode("x2", "#c", "+o", [uid]). */
  mode(key: string, channel: string, modes: string, params: string[] = []): void {
    const uid = this.uid(key);
    const existing = this.link.network.getChannel(channel);
    if (!existing) return;
    const ts = String(existing.ts);
    this.link.send(uid, "FMODE", existing.name, ts, modes, ...params);
    this.link.network.fmode(existing.name, existing.ts, modes, params, uid);
  }

  private introduceAll(): void {
    const ts = this.link.networkSeconds();
    for (const client of this.byKey.values()) this.introduce(client, ts);
  }

  private introduce(client: PseudoClientSpec & { uid: string }, ts: number): void {
    const link = this.link;
    const modes = ["invisible", "servprotect", "hidechans", "bot"]
      .map((name) => link.userModeLetter(name))
      .filter((m): m is string => Boolean(m))
      .join("");
    const host = client.host;
    link.send(link.sid, "UID", client.uid, String(ts), client.nick, host, host, client.ident, "0.0.0.0", String(ts), `+${modes}`, client.realname);
    link.send(client.uid, "OPERTYPE", "Services");
    this.acting = true;
    try {
      link.network.addUser({
        uid: client.uid,
        nick: client.nick,
        nickTs: ts,
        ident: client.ident,
        host,
        displayHost: host,
        ip: "0.0.0.0",
        server: link.sid,
        signonTs: ts,
        modes: new Set(modes),
        realname: client.realname,
      });
    } finally {
      this.acting = false;
    }
  }

  /**
   * One of our clients left the network, or lost its nick, without our asking (a KILL, a SAVE):
   * log it and put it back after a wait that grows with each displacement within 10 minutes.
   */
  private displaced(uid: string, reason: string): void {
    const key = this.byUid.get(uid);
    if (key === undefined || this.acting || !this.link.isReady) return;
    const now = Date.now();
    const state = this.removals.get(key) ?? { times: [], timer: null };
    this.removals.set(key, state);
    state.times = state.times.filter((t) => now - t < REMOVAL_WINDOW_MS);
    state.times.push(now);
    const delayMs = Math.min(this.reintroduceDelayMs * 2 ** (state.times.length - 1), MAX_REINTRODUCE_DELAY_MS);
    const gone = !this.link.network.users.has(uid);
    this.log.warn(
      { client: this.nick(key), uid, reason, restoreInMs: delayMs, displacementsIn10Minutes: state.times.length },
      gone ? "pseudo-client removed from the network; introducing it again" : "pseudo-client lost its nick; taking it back",
    );
    if (state.timer) return;
    state.timer = setTimeout(() => {
      state.timer = null;
      this.restore(key);
    }, delayMs);
    state.timer.unref();
  }

  /** Puts a displaced client back: introduced again with its channels, or renamed to its nick. */
  private restore(key: string): void {
    const client = this.byKey.get(key);
    // A relink introduces everyone anyway.
    if (!client || !this.link.isReady) return;
    const network = this.link.network;
    const present = network.users.get(client.uid);
    if (present) {
      if (present.nick === client.nick) return;
      const holder = network.findByNick(client.nick);
      if (holder && holder.uid !== client.uid) {
        this.displaced(client.uid, `its nick is held by ${holder.uid}`);
        return;
      }
      const ts = this.link.networkSeconds();
      this.link.send(client.uid, "NICK", client.nick, String(ts));
      this.acting = true;
      try {
        network.changeNick(client.uid, client.nick, ts);
      } finally {
        this.acting = false;
      }
      this.log.info({ client: client.nick, uid: client.uid }, "pseudo-client took its nick back");
      return;
    }
    this.introduce(client, this.link.networkSeconds());
    for (const join of this.burstJoins()) {
      if (join.service !== key) continue;
      try {
        this.join(join.service, join.channel, join.ts);
      } catch (error) {
        this.log.error({ channel: join.channel, err: errorMessage(error) }, "could not rejoin a channel after being introduced again");
      }
    }
    this.log.info({ client: client.nick, uid: client.uid }, "pseudo-client introduced again");
  }

  private cancelReintroductions(): void {
    for (const state of this.removals.values()) {
      if (state.timer) clearTimeout(state.timer);
      state.timer = null;
    }
  }

  /** Joins X2's channels once the uplink's burst has told us their timestamps. */
  private joinBurstChannels(): void {
    for (const join of this.burstJoins()) {
      try {
        this.join(join.service, join.channel, join.ts);
      } catch (error) {
        this.log.error({ channel: join.channel, err: errorMessage(error) }, "could not join channel during burst");
      }
    }
  }

  private route(message: IncomingMessage): void {
    if (message.kind !== "privmsg") return;
    const target = message.to.includes("@") ? message.to.slice(0, message.to.indexOf("@")) : message.to;
    let key = this.byUid.get(target);
    if (!key) {
      const folded = ircLower(target);
      for (const client of this.byKey.values()) if (ircLower(client.nick) === folded) key = client.key;
    }
    if (!key) return;
    if (message.text.startsWith("\u0001")) {
      const body = message.text.replace(/\u0001/g, "");
      const space = body.indexOf(" ");
      const verb = (space < 0 ? body : body.slice(0, space)).toUpperCase();
      this.emit("ctcp", { service: key, from: message.from, verb, argument: space < 0 ? "" : body.slice(space + 1) });
      return;
    }
    this.emit("command", { service: key, from: message.from, text: message.text });
  }

  /**
   * Answers a CTCP request: VERSION with the program's name, PING with its token (at most 64
   * characters); other requests get no answer. The caller decides whether to answer at all (the
   * flood throttle).
   */
  answerCtcp(request: CtcpRequest): void {
    const uid = this.uid(request.service);
    if (request.verb === "VERSION") this.link.send(uid, "NOTICE", request.from, "\u0001VERSION Custodian IRC services\u0001");
    else if (request.verb === "PING") this.link.send(uid, "NOTICE", request.from, `\u0001PING ${request.argument.slice(0, 64)}\u0001`);
  }
}

/**
 * Control characters other than the line break are dropped from notices: services send no
 * formatting of their own, and text quoted from users (names, reasons, marks) must not carry CTCP
 * markers, colour codes or anything else that changes how the line reads.
 */
// eslint-disable-next-line no-control-regex
const NOTICE_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f]/g;
/** Anything splitText would change: line breaks, tabs and the controls it drops. */
const ANY_CONTROL = /[\u0000-\u001f\u007f]/;

/**
 * Splits text on newlines and at word boundaries so that every piece is at most `maxBytes` bytes
 * of UTF-8; a word longer than that is cut between characters (never inside one). Tabs become
 * spaces and other control characters are dropped.
 */
export function splitText(text: string, maxBytes = MAX_NOTICE_TEXT): string[] {
  // Most replies are one short, plain line: sent as they are, without the work below.
  if (text.length !== 0 && text.length * 3 <= maxBytes && !ANY_CONTROL.test(text)) return [text];
  const out: string[] = [];
  for (const rawLine of text.split("\n")) {
    let line = rawLine.replace(/\t/g, " ").replace(NOTICE_CONTROLS, "");
    if (line.length === 0) line = " ";
    const start = out.length;
    while (Buffer.byteLength(line) > maxBytes) {
      const fits = prefixWithin(line, maxBytes);
      const space = line.lastIndexOf(" ", fits);
      const cut = space > 0 ? space : Math.max(fits, firstCharLength(line));
      out.push(line.slice(0, cut));
      line = line.slice(cut).trimStart();
    }
    if (line.length > 0 || out.length === start) out.push(line.length > 0 ? line : " ");
  }
  return out;
}

/** The length (UTF-16 units) of the longest prefix of whole characters within `maxBytes` bytes of UTF-8. */
function prefixWithin(line: string, maxBytes: number): number {
  let bytes = 0;
  let index = 0;
  for (const ch of line) {
    const size = Buffer.byteLength(ch);
    if (bytes + size > maxBytes) break;
    bytes += size;
    index += ch.length;
  }
  return index;
}

function firstCharLength(line: string): number {
  const cp = line.codePointAt(0) ?? 0;
  return cp > 0xffff ? 2 : 1;
}
