import { GuardedEmitter } from "../util/guarded-emitter.js";
import { errorMessage } from "../util/logger.js";
import { ircLower } from "./codec.js";
/** The longest text we put in one NOTICE (bytes of UTF-8), for lines that read well. */
const MAX_NOTICE_TEXT = 400;
/** An IRC line is at most 512 bytes with its CR LF. */
const MAX_LINE_BYTES = 510;
/** Room kept for the recipient's nick in the line the ircd writes to the client (InspIRCd's default limit is 30). */
const TARGET_NICK_ROOM = 32;
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
export class PseudoClients extends GuardedEmitter {
    link;
    log;
    byKey = new Map();
    byUid = new Map();
    burstJoins = () => [];
    onBursting = () => this.introduceAll();
    onReady = () => this.joinBurstChannels();
    onMessage = (message) => this.route(message);
    onDisconnected = () => this.cancelReintroductions();
    onUserQuit = (user, reason) => this.displaced(user.uid, reason);
    onNickChanged = (user, oldNick) => {
        const client = this.byKey.get(this.byUid.get(user.uid) ?? "");
        if (client && user.nick !== client.nick)
            this.displaced(user.uid, `nick changed from ${oldNick} to ${user.nick}`);
    };
    onForcedNick = (uid, nick, source) => {
        const key = this.byUid.get(uid);
        if (key !== undefined)
            this.log.warn({ client: this.nick(key), uid, to: nick, from: source }, "SVSNICK of a pseudo-client refused; it keeps its nick");
    };
    removals = new Map();
    /** True while services themselves introduce or rename a client (not a displacement). */
    acting = false;
    reintroduceDelayMs;
    constructor(link, specs, log, options = {}) {
        super();
        this.link = link;
        this.log = log;
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
    stop() {
        this.link.off("bursting", this.onBursting);
        this.link.off("ready", this.onReady);
        this.link.off("message", this.onMessage);
        this.link.off("disconnected", this.onDisconnected);
        this.link.off("forcedNick", this.onForcedNick);
        this.link.network.off("userQuit", this.onUserQuit);
        this.link.network.off("nickChanged", this.onNickChanged);
        this.cancelReintroductions();
        this.removeAllListeners("command");
    }
    /** Supplies the channels to join during every burst (X2's registered channels). */
    setBurstJoins(provider) {
        this.burstJoins = provider;
    }
    uid(key) {
        const client = this.byKey.get(key);
        if (!client)
            throw new Error(`no pseudo-client "${key}"`);
        return client.uid;
    }
    nick(key) {
        return this.byKey.get(key)?.nick ?? key;
    }
    isOurs(uid) {
        return this.byUid.has(uid);
    }
    /** Sends text as NOTICEs, one per line, split so that no line exceeds the protocol's length. */
    notice(key, targetUid, text) {
        const from = this.uid(key);
        for (const line of splitText(text, this.noticeBudget(key)))
            this.link.send(from, "NOTICE", targetUid, line);
    }
    /**
     * The bytes of text one NOTICE from this client may carry so that the line the user receives,
     * `:nick!ident@host NOTICE <target> :<text>`, stays within 512 bytes.
     */
    noticeBudget(key) {
        const client = this.byKey.get(key);
        if (!client)
            return MAX_NOTICE_TEXT;
        const prefix = Buffer.byteLength(`:${client.nick}!${client.ident}@${client.host} NOTICE `);
        return Math.min(MAX_NOTICE_TEXT, MAX_LINE_BYTES - prefix - TARGET_NICK_ROOM - " :".length);
    }
    /** Joins a channel with op status, using the channel's own timestamp so the status is kept. */
    join(key, channel, fallbackTs) {
        const uid = this.uid(key);
        const existing = this.link.network.getChannel(channel);
        if (existing?.members.has(uid))
            return;
        const ts = existing?.ts ?? fallbackTs ?? this.link.networkSeconds();
        this.link.send(this.link.sid, "FJOIN", existing?.name ?? channel, String(ts), "+", `o,${uid}`);
        this.link.network.fjoin(existing?.name ?? channel, ts, "+", [], [{ uid, status: "o" }], this.link.sid);
    }
    part(key, channel, reason) {
        const uid = this.uid(key);
        const existing = this.link.network.getChannel(channel);
        if (!existing?.members.has(uid))
            return;
        this.link.send(uid, "PART", existing.name, reason);
        this.link.network.part(existing.name, uid);
    }
    /** Sets channel modes as the pseudo-client, e.g. mode("x2", "#c", "+o", [uid]). */
    mode(key, channel, modes, params = []) {
        const uid = this.uid(key);
        const existing = this.link.network.getChannel(channel);
        if (!existing)
            return;
        const ts = String(existing.ts);
        this.link.send(uid, "FMODE", existing.name, ts, modes, ...params);
        this.link.network.fmode(existing.name, existing.ts, modes, params, uid);
    }
    introduceAll() {
        const ts = this.link.networkSeconds();
        for (const client of this.byKey.values())
            this.introduce(client, ts);
    }
    introduce(client, ts) {
        const link = this.link;
        const modes = ["invisible", "servprotect", "hidechans", "bot"]
            .map((name) => link.userModeLetter(name))
            .filter((m) => Boolean(m))
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
        }
        finally {
            this.acting = false;
        }
    }
    /**
     * One of our clients left the network, or lost its nick, without our asking (a KILL, a SAVE):
     * log it and put it back after a wait that grows with each displacement within 10 minutes.
     */
    displaced(uid, reason) {
        const key = this.byUid.get(uid);
        if (key === undefined || this.acting || !this.link.isReady)
            return;
        const now = Date.now();
        const state = this.removals.get(key) ?? { times: [], timer: null };
        this.removals.set(key, state);
        state.times = state.times.filter((t) => now - t < REMOVAL_WINDOW_MS);
        state.times.push(now);
        const delayMs = Math.min(this.reintroduceDelayMs * 2 ** (state.times.length - 1), MAX_REINTRODUCE_DELAY_MS);
        const gone = !this.link.network.users.has(uid);
        this.log.warn({ client: this.nick(key), uid, reason, restoreInMs: delayMs, displacementsIn10Minutes: state.times.length }, gone ? "pseudo-client removed from the network; introducing it again" : "pseudo-client lost its nick; taking it back");
        if (state.timer)
            return;
        state.timer = setTimeout(() => {
            state.timer = null;
            this.restore(key);
        }, delayMs);
        state.timer.unref();
    }
    /** Puts a displaced client back: introduced again with its channels, or renamed to its nick. */
    restore(key) {
        const client = this.byKey.get(key);
        // A relink introduces everyone anyway.
        if (!client || !this.link.isReady)
            return;
        const network = this.link.network;
        const present = network.users.get(client.uid);
        if (present) {
            if (present.nick === client.nick)
                return;
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
            }
            finally {
                this.acting = false;
            }
            this.log.info({ client: client.nick, uid: client.uid }, "pseudo-client took its nick back");
            return;
        }
        this.introduce(client, this.link.networkSeconds());
        for (const join of this.burstJoins()) {
            if (join.service !== key)
                continue;
            try {
                this.join(join.service, join.channel, join.ts);
            }
            catch (error) {
                this.log.error({ channel: join.channel, err: errorMessage(error) }, "could not rejoin a channel after being introduced again");
            }
        }
        this.log.info({ client: client.nick, uid: client.uid }, "pseudo-client introduced again");
    }
    cancelReintroductions() {
        for (const state of this.removals.values()) {
            if (state.timer)
                clearTimeout(state.timer);
            state.timer = null;
        }
    }
    /** Joins X2's channels once the uplink's burst has told us their timestamps. */
    joinBurstChannels() {
        for (const join of this.burstJoins()) {
            try {
                this.join(join.service, join.channel, join.ts);
            }
            catch (error) {
                this.log.error({ channel: join.channel, err: errorMessage(error) }, "could not join channel during burst");
            }
        }
    }
    route(message) {
        if (message.kind !== "privmsg")
            return;
        const target = message.to.includes("@") ? message.to.slice(0, message.to.indexOf("@")) : message.to;
        let key = this.byUid.get(target);
        if (!key) {
            const folded = ircLower(target);
            for (const client of this.byKey.values())
                if (ircLower(client.nick) === folded)
                    key = client.key;
        }
        if (!key)
            return;
        if (message.text.startsWith("\u0001")) {
            this.answerCtcp(key, message);
            return;
        }
        this.emit("command", { service: key, from: message.from, text: message.text });
    }
    answerCtcp(key, message) {
        const body = message.text.replace(/\u0001/g, "");
        const [verb = "", ...rest] = body.split(" ");
        const upper = verb.toUpperCase();
        if (upper === "VERSION")
            this.link.send(this.uid(key), "NOTICE", message.from, "\u0001VERSION Custodian IRC services\u0001");
        else if (upper === "PING")
            this.link.send(this.uid(key), "NOTICE", message.from, `\u0001PING ${rest.join(" ").slice(0, 64)}\u0001`);
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
export function splitText(text, maxBytes = MAX_NOTICE_TEXT) {
    // Most replies are one short, plain line: sent as they are, without the work below.
    if (text.length !== 0 && text.length * 3 <= maxBytes && !ANY_CONTROL.test(text))
        return [text];
    const out = [];
    for (const rawLine of text.split("\n")) {
        let line = rawLine.replace(/\t/g, " ").replace(NOTICE_CONTROLS, "");
        if (line.length === 0)
            line = " ";
        const start = out.length;
        while (Buffer.byteLength(line) > maxBytes) {
            const fits = prefixWithin(line, maxBytes);
            const space = line.lastIndexOf(" ", fits);
            const cut = space > 0 ? space : Math.max(fits, firstCharLength(line));
            out.push(line.slice(0, cut));
            line = line.slice(cut).trimStart();
        }
        if (line.length > 0 || out.length === start)
            out.push(line.length > 0 ? line : " ");
    }
    return out;
}
/** The length (UTF-16 units) of the longest prefix of whole characters within `maxBytes` bytes of UTF-8. */
function prefixWithin(line, maxBytes) {
    let bytes = 0;
    let index = 0;
    for (const ch of line) {
        const size = Buffer.byteLength(ch);
        if (bytes + size > maxBytes)
            break;
        bytes += size;
        index += ch.length;
    }
    return index;
}
function firstCharLength(line) {
    const cp = line.codePointAt(0) ?? 0;
    return cp > 0xffff ? 2 : 1;
}
//# sourceMappingURL=pseudoclients.js.map