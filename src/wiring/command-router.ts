import { GuardedEmitter } from "../util/guarded-emitter.js";
import type { Logger } from "../util/logger.js";
import type { Network, User } from "../irc/network.js";
import type { CtcpRequest, PseudoClients, ServiceMessage } from "../irc/pseudoclients.js";
import { CommandTable, argumentsOf, commandNameOf, dispatch, internalErrorReply, type DispatchResult } from "../commands/dispatcher.js";
import type { CommandContext } from "../commands/types.js";
import { requesterOf } from "../commands/requester.js";
import { floodWarningText } from "../commands/notices.js";
import type { ServiceNicks } from "../commands/words.js";
import type { Services } from "../services/registry.js";
import type { ServiceName } from "../services/ports.js";
import { FloodThrottle } from "../services/abuse/throttle.js";
import type { FaultReporter } from "./fault-reporter.js";

export interface RouterOptions {
  services: Services;
  clients: PseudoClients;
  network: Network;
  tables: Record<ServiceName, CommandTable>;
  log: Logger;
  /** Which account a user is logged in to, as services know it. */
  accountOf: (uid: string) => { id: string; name: string } | null;
  /** Where bugs are reported (logged, and admins told). */
  faults: FaultReporter;
}

/** A command that was handled (or ignored by the flood throttle), for metrics. */
export interface HandledCommand {
  service: ServiceName;
  /** The command's full name ("REVIEW LIST"); null when unknown or not parsed (throttled). */
  command: string | null;
  outcome: DispatchResult["outcome"] | "throttled";
  seconds: number;
}

/**
 * Takes private messages to the pseudo-clients, applies the flood throttle and runs the command.
 * CTCP requests (VERSION, PING) count against the same throttle: a flood of them gets the warning
 * and the silence a flood of commands gets, not a reply each. The whole path runs behind one
 * guard: whatever throws (the requester lookup, the throttle, HELP, a handler, a reply) is
 * reported with the command's name, the user gets one short notice, and the next command is
 * served as usual.
 */
export class CommandRouter extends GuardedEmitter<{ handled: [HandledCommand] }> {
  private readonly throttle: FloodThrottle;
  private readonly options: RouterOptions;
  private readonly onCommand = (message: ServiceMessage): Promise<void> => this.handle(message);
  private readonly onCtcp = (request: CtcpRequest): Promise<void> => this.handleCtcp(request);
  private readonly onQuit = (user: { uid: string }): void => this.throttle.forget(user.uid);

  constructor(options: RouterOptions) {
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
    options.clients.on("ctcp", this.onCtcp);
    options.network.on("userQuit", this.onQuit);
  }

  stop(): void {
    this.options.clients.off("command", this.onCommand);
    this.options.clients.off("ctcp", this.onCtcp);
    this.options.network.off("userQuit", this.onQuit);
  }

  /** The nicks the pseudo-clients have now (the configured ones). */
  private nicks(): ServiceNicks {
    const { clients } = this.options;
    return { x2: clients.nick("x2"), nickserv: clients.nick("nickserv"), operserv: clients.nick("operserv") };
  }

  /** Runs one message to a pseudo-client; never rejects. */
  async handle(message: ServiceMessage): Promise<void> {
    const table = this.options.tables[message.service as ServiceName];
    await this.guarded(
      message.service,
      message.from,
      () => ({ what: table ? commandNameOf(table, message.text) : "(unknown)", secrets: table ? argumentsOf(table, message.text) : message.text.split(" ") }),
      () => this.route(message),
    );
  }

  /** Answers one CTCP request to a pseudo-client, unless the user is flooding; never rejects. */
  async handleCtcp(request: CtcpRequest): Promise<void> {
    const about = () => ({ what: `CTCP ${request.verb === "VERSION" || request.verb === "PING" ? request.verb : "(other)"}`, secrets: [request.verb, request.argument] });
    await this.guarded(request.service, request.from, about, () => {
      const service = request.service as ServiceName;
      const user = this.options.network.users.get(request.from);
      if (!this.options.tables[service] || !user || !this.admitted(service, user)) return;
      this.options.clients.answerCtcp(request);
    });
  }

  /**
   * Runs `work`; whatever it throws is reported as at `about().what`, with what the user typed
   * (`about().secrets`) cut out of the log, and the user gets one short notice with the incident.
   */
  private async guarded(service: string, from: string, about: () => { what: string; secrets: string[] }, work: () => Promise<void> | void): Promise<void> {
    try {
      await work();
    } catch (error) {
      const { clients, faults } = this.options;
      const { what, secrets } = about();
      const incident = faults.report(`command ${clients.nick(service)} ${what}`, error, secrets);
      try {
        clients.notice(service, from, internalErrorReply(incident));
      } catch {
        // The link is gone or the notice itself is the bug: reported above already.
      }
    }
  }

  /** The flood throttle's verdict on one more message from `user`: false when it is to be dropped (the first one with a warning). */
  private admitted(service: ServiceName, user: User): boolean {
    const verdict = this.throttle.check(user.uid);
    if (verdict === "allow") return true;
    this.emit("handled", { service, command: null, outcome: "throttled", seconds: 0 });
    if (verdict === "warn") {
      const { clients, services, log } = this.options;
      const { messages, window, ignore } = services.config.flood;
      clients.notice(service, user.uid, floodWarningText({ messages, windowMs: window, ignoreMs: ignore }));
      log.warn({ uid: user.uid, nick: user.nick, host: user.host }, "user flooding services; ignored");
    }
    return false;
  }

  private async route(message: ServiceMessage): Promise<void> {
    const { network, clients, services, log } = this.options;
    const service = message.service as ServiceName;
    const table = this.options.tables[service];
    const user = network.users.get(message.from);
    if (!table || !user || !this.admitted(service, user)) return;
    const source = requesterOf(user, this.options.accountOf(user.uid), services.staff);
    const nicks = this.nicks();
    const ctx: CommandContext = {
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
    if (result.outcome === "error") this.options.faults.tellAdmins(`command ${ctx.serviceNick} ${result.command ?? "(unknown)"}`, result.incident ?? "?");
    if (!timed) return;
    const ms = performance.now() - started;
    if (debug) log.debug({ service, command: result.command, outcome: result.outcome, uid: user.uid, ms: +ms.toFixed(2) }, "command");
    this.emit("handled", { service, command: result.command, outcome: result.outcome, seconds: ms / 1000 });
  }
}
