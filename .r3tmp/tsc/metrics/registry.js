/**
 * The services' Prometheus metrics (prom-client), in one registry per running instance. This
 * module knows metric names and labels only: what happened is reported to it through the small
 * methods below by src/wiring/metrics.ts, and gauges read their sources when scraped.
 */
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from "prom-client";
export class ServiceMetrics {
    registry = new Registry();
    sources = null;
    commands = new Counter({
        name: "custodian_commands_total",
        help: "Commands sent to the pseudo-clients, by service, command and outcome.",
        labelNames: ["service", "command", "outcome"],
        registers: [this.registry],
    });
    commandSeconds = new Histogram({
        name: "custodian_command_duration_seconds",
        help: "Time from a command's arrival to its last reply, by service.",
        labelNames: ["service"],
        buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
        registers: [this.registry],
    });
    logins = new Counter({
        name: "custodian_logins_total",
        help: "Login attempts by method (IDENTIFY, SASL PLAIN, SASL EXTERNAL) and outcome (success or the failure's kind).",
        labelNames: ["method", "outcome"],
        registers: [this.registry],
    });
    mailSent = new Counter({
        name: "custodian_mail_sent_total",
        help: "Mails the mail server accepted.",
        registers: [this.registry],
    });
    mailFailed = new Counter({
        name: "custodian_mail_failed_total",
        help: "Failed delivery attempts by kind: temporary (will retry), permanent (5xx refusal), gave_up (retries exhausted), render.",
        labelNames: ["kind"],
        registers: [this.registry],
    });
    loopRuns = new Counter({
        name: "custodian_loop_runs_total",
        help: "Maintenance loop runs by loop and outcome (ok, held by the breaker, error).",
        labelNames: ["loop", "outcome"],
        registers: [this.registry],
    });
    constructor() {
        collectDefaultMetrics({ register: this.registry });
        const sources = () => this.sources;
        new Gauge({
            name: "custodian_link_up",
            help: "1 while the link to the uplink ircd is up (both bursts done), else 0.",
            registers: [this.registry],
            collect() {
                this.set(sources()?.linkUp() ? 1 : 0);
            },
        });
        new Gauge({
            name: "custodian_outbox_pending",
            help: "Mails queued or being sent, by priority.",
            labelNames: ["priority"],
            registers: [this.registry],
            collect() {
                for (const [priority, n] of Object.entries(sources()?.outboxPending() ?? {}))
                    this.set({ priority }, n);
            },
        });
        new Gauge({
            name: "custodian_review_pending",
            help: "Channel registrations held for review by an oper.",
            registers: [this.registry],
            collect() {
                this.set(sources()?.reviewPending() ?? 0);
            },
        });
        new Gauge({
            name: "custodian_breaker_tripped",
            help: "1 while the safety breaker holds a maintenance loop (waiting for OperServ BREAKER CONFIRM), else 0.",
            labelNames: ["loop"],
            registers: [this.registry],
            collect() {
                const state = sources()?.breaker();
                if (!state)
                    return;
                this.reset();
                const held = new Set(state.held);
                for (const loop of new Set(state.loops).union(held))
                    this.set({ loop }, held.has(loop) ? 1 : 0);
            },
        });
    }
    setSources(sources) {
        this.sources = sources;
    }
    commandHandled(service, command, outcome, seconds) {
        this.commands.inc({ service, command, outcome });
        this.commandSeconds.observe({ service }, seconds);
    }
    login(method, outcome) {
        this.logins.inc({ method, outcome });
    }
    mailDelivered() {
        this.mailSent.inc();
    }
    mailFailure(kind) {
        this.mailFailed.inc({ kind });
    }
    loopRan(loop, outcome) {
        this.loopRuns.inc({ loop, outcome });
    }
    /** The exposition text and its content type. */
    async scrape() {
        return { contentType: this.registry.contentType, body: await this.registry.metrics() };
    }
}
//# sourceMappingURL=registry.js.map