import { GuardedEmitter } from "../util/guarded-emitter.js";
import { INTERNAL_ERROR_REPLY, commandNameOf, dispatch } from "../commands/dispatcher.js";
import { requesterOf } from "../commands/requester.js";
import { floodWarningText } from "../commands/notices.js";
import { FloodThrottle } from "../services/abuse/throttle.js";
/**
 * Takes private messages to the pseudo-clients, applies the flood throttle and runs the command.
 * The whole path runs behind one guard: whatever throws (the requester lookup, the throttle, HELP,
 * a handler, a reply) is reported with the command's name, the user gets one short notice, and
 * the next command is served as usual.
 */
export class CommandRouter extends GuardedEmitter {
    throttle;
    options;
    onCommand = (message) => this.handle(message);
    onQuit = (user) => this.throttle.forget(user.uid);
    constructor(options) {
        super();
        this.options = options;
        const config = options.services.config;
        // Getters: the limits follow a REHASH.
        this.throttle = new FloodThrottle(options.services.clock, {
            get messages() {
                return config.flood.messages;
            },
            get windowMs() {
                return config.flood.window;
            },
            get ignoreMs() {
                return config.flood.ignore;
            },
        });
        options.clients.on("command", this.onCommand);
        options.network.on("userQuit", this.onQuit);
    }
    stop() {
        this.options.clients.off("command", this.onCommand);
        this.options.network.off("userQuit", this.onQuit);
    }
    /** The nicks the pseudo-clients have now (the configured ones). */
    nicks() {
        const { clients } = this.options;
        return { x2: clients.nick("x2"), nickserv: clients.nick("nickserv"), operserv: clients.nick("operserv") };
    }
    /** Runs one message to a pseudo-client; never rejects. */
    async handle(message) {
        try {
            await this.route(message);
        }
        catch (error) {
            const { clients, tables, faults } = this.options;
            const service = message.service;
            const table = tables[service];
            faults.report(`command ${clients.nick(service)} ${table ? commandNameOf(table, message.text) : "(unknown)"}`, error);
            try {
                clients.notice(service, message.from, INTERNAL_ERROR_REPLY);
            }
            catch {
                // The link is gone or the notice itself is the bug: reported above already.
            }
        }
    }
    async route(message) {
        const { network, clients, services, log } = this.options;
        const service = message.service;
        const table = this.options.tables[service];
        const user = network.users.get(message.from);
        if (!table || !user)
            return;
        const verdict = this.throttle.check(user.uid);
        if (verdict !== "allow")
            this.emit("handled", { service, command: null, outcome: "throttled", seconds: 0 });
        if (verdict === "ignore")
            return;
        if (verdict === "warn") {
            const { messages, window, ignore } = services.config.flood;
            clients.notice(service, user.uid, floodWarningText({ messages, windowMs: window, ignoreMs: ignore }));
            log.warn({ uid: user.uid, nick: user.nick, host: user.host }, "user flooding services; ignored");
            return;
        }
        const source = requesterOf(user, this.options.accountOf(user.uid), services.staff);
        const nicks = this.nicks();
        const ctx = {
            service,
            serviceNick: nicks[service],
            nicks,
            source,
            services,
            reply: (text) => clients.notice(service, user.uid, text),
        };
        // This runs for every command: nothing is timed or built unless the debug log or a listener
        // (metrics) wants it.
        const debug = log.isLevelEnabled("debug");
        const timed = debug || this.listenerCount("handled") > 0;
        const started = timed ? performance.now() : 0;
        const result = await dispatch(table, ctx, message.text, log);
        if (result.outcome === "error")
            this.options.faults.tellAdmins(`command ${ctx.serviceNick} ${result.command ?? "(unknown)"}`);
        if (!timed)
            return;
        const ms = performance.now() - started;
        if (debug)
            log.debug({ service, command: result.command, outcome: result.outcome, uid: user.uid, ms: +ms.toFixed(2) }, "command");
        this.emit("handled", { service, command: result.command, outcome: result.outcome, seconds: ms / 1000 });
    }
}
//# sourceMappingURL=command-router.js.map