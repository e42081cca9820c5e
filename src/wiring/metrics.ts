/**
 * Metrics and health wiring: listens to the events the other parts emit (commands handled,
 * logins, mail delivery, maintenance runs) and gives the gauges their sources. Nothing outside
 * src/metrics and this file knows of Prometheus.
 */
import type { Config } from "../config/schema.js";
import type { Database } from "../db/connection.js";
import type { InspircdLink } from "../irc/link/inspircd.js";
import type { MaintenanceScheduler, LoopOutcome } from "../loops/scheduler.js";
import { ServiceMetrics } from "../metrics/registry.js";
import { startMetricsServer, type MetricsServer } from "../metrics/server.js";
import type { LoopBreaker } from "../services/breaker.js";
import type { AccountService } from "../services/accounts/service.js";
import type { MailService } from "../services/mail/index.js";
import type { Logger } from "../util/logger.js";
import type { CommandRouter, HandledCommand } from "./command-router.js";
import type { SaslAgent } from "./sasl.js";

export interface MetricsDeps {
  config: Config;
  db: Database;
  link: InspircdLink;
  router: CommandRouter;
  maintenance: MaintenanceScheduler;
  mail: MailService;
  sasl: SaslAgent;
  accounts: AccountService;
  breaker: LoopBreaker;
  /** Channel registrations held for review. */
  reviewPending(): number;
  log: Logger;
}

export interface InstalledMetrics {
  metrics: ServiceMetrics;
  server: MetricsServer;
  /** Detaches every listener and closes the HTTP server. */
  stop(): Promise<void>;
}

/** Starts metrics and the HTTP server when [metrics] listen is set; null when it is off. */
export function installMetrics(deps: MetricsDeps): InstalledMetrics | null {
  const listen = deps.config.metrics.listen;
  if (listen === "") return null;
  const metrics = new ServiceMetrics();
  const { link, router, maintenance, mail, sasl, accounts, breaker, db } = deps;

  metrics.setSources({
    linkUp: () => link.isReady,
    outboxPending: () => mail.outbox.pendingByPriority(),
    reviewPending: () => deps.reviewPending(),
    breaker: () => ({ loops: maintenance.names(), held: breaker.held().map((h) => h.loop) }),
  });

  const onCommand = (e: HandledCommand): void => metrics.commandHandled(e.service, e.command ?? "(none)", e.outcome, e.seconds);
  const onLoop = (loop: string, outcome: LoopOutcome): void => metrics.loopRan(loop, outcome);
  const onSent = (): void => metrics.mailDelivered();
  const onFailed = (kind: string): void => metrics.mailFailure(kind);
  const onSasl = (mechanism: "PLAIN" | "EXTERNAL", outcome: string): void => metrics.login(`SASL ${mechanism}`, outcome);
  const onIdentify = (outcome: string): void => metrics.login("IDENTIFY", outcome);
  router.on("handled", onCommand);
  maintenance.on("ran", onLoop);
  mail.delivery.on("sent", onSent);
  mail.delivery.on("failed", onFailed);
  sasl.on("attempt", onSasl);
  accounts.on("identifyAttempt", onIdentify);

  const probe = db.prepare("SELECT count(*) FROM sqlite_schema");
  const server = startMetricsServer(
    listen,
    metrics,
    {
      linkReady: () => link.isReady,
      linkSilentMs: () => link.silentMs,
      pingTimeoutMs: deps.config.uplink.ping_timeout,
      queryDatabase: () => void probe.get(),
    },
    deps.log,
  );

  return {
    metrics,
    server,
    async stop() {
      router.off("handled", onCommand);
      maintenance.off("ran", onLoop);
      mail.delivery.off("sent", onSent);
      mail.delivery.off("failed", onFailed);
      sasl.off("attempt", onSasl);
      accounts.off("identifyAttempt", onIdentify);
      await server.close();
    },
  };
}
