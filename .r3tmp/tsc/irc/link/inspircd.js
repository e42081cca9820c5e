import { GuardedEmitter } from "../../util/guarded-emitter.js";
import net from "node:net";
import { decodeLine, encodeLine, LineSplitter } from "../codec.js";
import { Handshake, openingLines } from "./handshake.js";
import { IGNORED_COMMANDS, LINKED_HANDLERS } from "./incoming.js";
import { DEFAULT_MAX_SEND_BUFFER, LineWriter } from "./writer.js";
export { PROTOCOL_VERSION } from "./types.js";
/** What the link sends the uplink when its burst has ended (an ENCAP of it is ignored there). */
export const END_OF_BURST_NOOP = "CUSTODIAN-SYNCED";
/** Unknown commands are logged once each; past this many distinct ones, no more are logged. */
const MAX_UNKNOWN_REPORTED = 100;
/**
 * The InspIRCd 3 spanning-tree link (protocol 1205): socket, handshake (handshake.ts), burst,
 * keepalive, reconnect, and the uplink's lines handed to the handlers of incoming.ts, which turn
 * them into changes to {@link Network}.
 */
export class InspircdLink extends GuardedEmitter {
    options;
    network;
    log;
    wallClock;
    socket = null;
    /** Outgoing lines of the current socket: one write per event-loop turn, bounded. */
    writer = null;
    splitter = new LineSplitter();
    state = "idle";
    uplinkSid = "";
    attempt = 0;
    reconnectTimer = null;
    pingTimer = null;
    lastReceived = 0;
    connectStartedAt = 0;
    ourBurstSent = false;
    /** Network time minus local time, in ms, learned from the uplink's BURST. */
    timeOffsetMs = 0;
    handshake;
    /** One entry per PING sent to the uplink, in order; null for keepalive pings. */
    pongWaiters = [];
    unknownReported = new Set();
    session;
    constructor(options, network, log, 
    /** The services' clock; protocol timestamps are corrected from it to the uplink's clock. */
    wallClock = Date.now) {
        super();
        this.options = options;
        this.network = network;
        this.log = log;
        this.wallClock = wallClock;
        network.ownSid = options.sid;
        this.handshake = new Handshake(options.receivePassword, network, log);
        this.session = this.linkedSession();
    }
    get isReady() {
        return this.state === "ready";
    }
    get sid() {
        return this.options.sid;
    }
    /** How long ago the uplink last sent anything, in ms (health checks: a silent uplink is a dead one). */
    get silentMs() {
        return monotonicMs() - this.lastReceived;
    }
    /** The network's idea of now (ms), from the uplink's clock rather than ours. */
    networkNow() {
        return this.wallClock() + this.timeOffsetMs;
    }
    networkSeconds() {
        return Math.floor(this.networkNow() / 1000);
    }
    /** User mode letters the uplink knows, by name (invisible, servprotect, hidechans, bot...). */
    userModeLetter(name) {
        return this.handshake.usermodes.get(name);
    }
    start() {
        if (this.state === "stopped")
            return;
        this.connect();
    }
    async stop(reason = "Shutting down") {
        const socket = this.socket;
        this.state = "stopped";
        this.clearTimers();
        this.failPings("the link was stopped");
        if (socket && !socket.destroyed) {
            if (this.uplinkSid)
                this.sendRaw(encodeLine(this.options.sid, "SQUIT", this.options.sid, reason));
            this.sendRaw(encodeLine("", "ERROR", reason));
            this.writer?.flushNow();
            await new Promise((resolve) => {
                socket.end(() => resolve());
                setTimeout(resolve, 500).unref();
            });
            socket.destroy();
        }
        this.socket = null;
        this.writer = null;
    }
    /** Sends a line from `source` (our SID when empty). Dropped, with a debug log, while not linked. */
    send(source, command, ...params) {
        const line = encodeLine(source || this.options.sid, command, ...params);
        if (!this.linked) {
            this.log.debug({ command }, "link not up; line dropped");
            return;
        }
        this.sendRaw(line);
    }
    /**
     * Pings the uplink and resolves on its PONG with the round trip in ms. The uplink handles our
     * lines in order, so by then it has acted on every line sent before the PING. Rejects when the
     * link is not up, or goes down before the answer.
     */
    ping() {
        if (!this.linked || !this.uplinkSid)
            return Promise.reject(new Error("the link is not up"));
        const started = monotonicMs();
        return new Promise((resolve, reject) => {
            this.pongWaiters.push({ resolve: () => resolve(monotonicMs() - started), reject });
            this.sendRaw(encodeLine(this.options.sid, "PING", this.uplinkSid));
        });
    }
    get linked() {
        return this.state === "bursting" || this.state === "ready";
    }
    // ---- connection lifecycle ----
    connect() {
        this.clearTimers();
        this.state = "connecting";
        this.uplinkSid = "";
        this.ourBurstSent = false;
        this.splitter.reset();
        this.network.reset();
        this.handshake = new Handshake(this.options.receivePassword, this.network, this.log);
        this.connectStartedAt = monotonicMs();
        const { host, port } = this.options;
        this.log.info({ host, port }, "connecting to uplink");
        const socket = net.createConnection({ host, port });
        this.socket = socket;
        this.writer = new LineWriter(socket, {
            maxBufferedBytes: this.options.maxSendBuffer ?? DEFAULT_MAX_SEND_BUFFER,
            onOverflow: (bytes) => {
                if (this.socket !== socket)
                    return;
                this.log.error({ queuedBytes: bytes }, "uplink is not reading what we send; dropping the link to relink");
                this.socket = null;
                socket.destroy();
                this.onClosed("uplink not reading (send buffer full)");
            },
        });
        socket.setEncoding("utf8");
        socket.setNoDelay(true);
        socket.on("connect", () => {
            this.state = "handshake";
            this.lastReceived = monotonicMs();
            for (const line of openingLines(this.options))
                this.sendRaw(line);
            this.startPinging();
        });
        socket.on("data", (chunk) => this.onData(chunk));
        socket.on("error", (error) => this.log.warn({ err: error.message, host, port }, "uplink connection error"));
        socket.on("close", () => {
            if (this.socket !== socket)
                return;
            this.onClosed("connection closed");
        });
    }
    onClosed(reason) {
        const wasUp = this.linked;
        this.socket = null;
        this.writer?.discard();
        this.writer = null;
        this.clearTimers();
        this.failPings(`the link went down: ${reason}`);
        this.network.reset();
        if (wasUp)
            this.attempt = 0;
        if (this.state === "stopped")
            return;
        this.state = "idle";
        this.emit("disconnected", reason);
        const delay = Math.min(this.options.reconnectDelayMs * 2 ** this.attempt, this.options.maxReconnectDelayMs);
        this.attempt++;
        this.log.warn({ reason, retryInMs: delay }, "uplink link lost; will reconnect");
        this.reconnectTimer = setTimeout(() => this.connect(), delay);
    }
    drop(reason, sendError) {
        this.log.error({ reason }, "dropping uplink link");
        if (sendError && this.socket)
            this.sendRaw(encodeLine("", "ERROR", sendError));
        const socket = this.socket;
        if (socket) {
            this.writer?.flushNow();
            socket.end();
            setTimeout(() => socket.destroy(), 200).unref();
            this.socket = null;
        }
        this.onClosed(reason);
    }
    startPinging() {
        this.pingTimer = setInterval(() => {
            const silentFor = monotonicMs() - this.lastReceived;
            if (silentFor > this.options.pingTimeoutMs) {
                this.drop(`no data from uplink for ${Math.round(silentFor / 1000)}s`);
                return;
            }
            if (this.uplinkSid && this.linked) {
                this.pongWaiters.push(null);
                this.sendRaw(encodeLine(this.options.sid, "PING", this.uplinkSid));
            }
        }, this.options.pingIntervalMs);
        this.pingTimer.unref();
    }
    failPings(why) {
        for (const waiter of this.pongWaiters.splice(0))
            waiter?.reject(new Error(why));
    }
    clearTimers() {
        if (this.reconnectTimer)
            clearTimeout(this.reconnectTimer);
        if (this.pingTimer)
            clearInterval(this.pingTimer);
        this.reconnectTimer = this.pingTimer = null;
    }
    sendRaw(line) {
        if (!this.socket || this.socket.destroyed)
            return;
        this.writer?.writeLine(line);
    }
    onData(chunk) {
        this.lastReceived = monotonicMs();
        const { lines, overflow } = this.splitter.push(chunk);
        if (overflow)
            this.log.warn("uplink sent an overlong line; discarded");
        for (const raw of lines) {
            const decoded = decodeLine(raw);
            if (!decoded.ok) {
                this.log.warn({ reason: decoded.reason, length: raw.length }, "malformed line from uplink skipped");
                continue;
            }
            try {
                this.handle(decoded.line);
            }
            catch (error) {
                // A bug in a handler: reported like a failing listener (logged, admins told); the line is skipped.
                this.listenerFailed(`uplink line ${decoded.line.command}`, error);
            }
            if (!this.socket)
                return;
        }
    }
    handle(line) {
        if (this.state === "handshake")
            return this.handleHandshake(line);
        const handler = LINKED_HANDLERS.get(line.command);
        if (handler)
            return handler(this.session, line, line.source || this.uplinkSid);
        if (IGNORED_COMMANDS.has(line.command))
            return;
        if (this.unknownReported.has(line.command) || this.unknownReported.size >= MAX_UNKNOWN_REPORTED)
            return;
        this.unknownReported.add(line.command);
        this.log.debug({ command: line.command }, "unknown command from uplink ignored (logged once per command)");
    }
    // ---- handshake and burst ----
    handleHandshake(line) {
        const step = this.handshake.handle(line);
        switch (step.kind) {
            case "more":
                return;
            case "refuse":
                return this.drop(step.reason, step.error);
            case "authenticated":
                this.uplinkSid = step.sid;
                this.state = "bursting";
                this.network.addServer(step.sid, step.name, step.description, null);
                this.log.info({ uplink: step.name, sid: step.sid }, "uplink authenticated");
                // InspIRCd sends its own burst only after ours.
                this.sendOurBurst();
                return;
        }
    }
    sendOurBurst() {
        if (this.ourBurstSent || !this.socket || this.state === "stopped")
            return;
        this.ourBurstSent = true;
        const { sid, version, serverName, description } = this.options;
        // No timestamp: InspIRCd would refuse the link over a skewed services clock, and we take the
        // network's time from the uplink's own BURST instead.
        this.sendRaw(encodeLine(sid, "BURST"));
        this.sendRaw(encodeLine(sid, "SINFO", "version", `Custodian-${version} ${serverName}`));
        this.sendRaw(encodeLine(sid, "SINFO", "fullversion", `Custodian-${version} ${serverName} :[${sid}] IRC services`));
        this.sendRaw(encodeLine(sid, "SINFO", "rawversion", `Custodian-${version}`));
        this.network.addServer(sid, serverName, description, this.uplinkSid);
        this.emit("bursting");
        this.sendRaw(encodeLine(sid, "ENDBURST"));
        this.network.endBurst(sid);
    }
    uplinkBurstEnded() {
        if (this.state !== "bursting")
            return;
        this.state = "ready";
        const ms = monotonicMs() - this.connectStartedAt;
        this.log.info({ ms, users: this.network.users.size, channels: this.network.channels.size }, "link ready: bursts complete");
        this.emit("ready", ms);
        // Answer the uplink's burst at once, with a line it does not answer: with nothing to send, our
        // side would acknowledge the burst only after the kernel's delayed-ACK timer (~40 ms), and
        // InspIRCd (Nagle on) holds its next small segment (the first message to a service) until
        // then. (A PING would do the same for the burst, but its PONG is then left waiting for our
        // delayed ACK in turn.) An ENCAP of an unknown command to the uplink is dropped there.
        this.sendRaw(encodeLine(this.options.sid, "ENCAP", this.uplinkSid, END_OF_BURST_NOOP));
    }
    /** What the handlers of incoming.ts may see of the link and ask of it. */
    linkedSession() {
        const link = this;
        return {
            network: this.network,
            log: this.log,
            sid: this.options.sid,
            serverName: this.options.serverName,
            get uplinkSid() {
                return link.uplinkSid;
            },
            networkSeconds: () => this.networkSeconds(),
            send: (source, command, ...params) => this.sendRaw(encodeLine(source, command, ...params)),
            learnNetworkTime: (seconds) => {
                this.timeOffsetMs = seconds * 1000 - this.wallClock();
            },
            uplinkBurstEnded: () => this.uplinkBurstEnded(),
            pong: () => this.pongWaiters.shift()?.resolve(),
            drop: (reason) => this.drop(reason),
            message: (message) => this.emit("message", message),
            sasl: (message) => this.emit("sasl", message),
            forcedNick: (uid, nick, source) => this.emit("forcedNick", uid, nick, source),
        };
    }
}
/** Monotonic milliseconds for keepalive and timing, unaffected by clock jumps. */
function monotonicMs() {
    return performance.now();
}
//# sourceMappingURL=inspircd.js.map